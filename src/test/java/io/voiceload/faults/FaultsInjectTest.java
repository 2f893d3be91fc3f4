package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.voiceload.faults.FaultEvent.HealReason;
import io.voiceload.toxiproxy.ToxiproxyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Faults#inject} and {@link FaultSchedule} on a Toxiproxy server of their own (with {@code -proxy-metrics}),
 * in front of an echo server: a fault is in place until healed, healing removes exactly what it added, the
 * shutdown hook heals what is left, and a fault that no traffic crossed fails by name.
 */
class FaultsInjectTest {
    private ToxiproxyServer server;
    private ToxiproxyClient client;
    private EchoServer echo;
    private Proxy proxy;
    private Faults faults;

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start("127.0.0.1", 0, true);
        client = new ToxiproxyClient(server.host(), server.port());
        echo = EchoServer.start();
        proxy = client.createProxy("svc", "127.0.0.1:0", echo.address());
        faults = Faults.through(server.baseUrl(), client);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        echo.close();
    }

    @Test
    void anInjectedLatencyIsOnUntilClosedAndTheEventCountsItsTraffic() throws Exception {
        Faults.Injected slow = faults.inject(FaultSpec.latency("svc", 100).withDirection(Direction.DOWNSTREAM));
        assertThat(toxicNames()).singleElement().asString().startsWith("voiceload_latency_");
        long start = System.nanoTime();
        roundTrip(proxy.getListen());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        slow.close();
        assertThat(toxicNames()).isEmpty();
        FaultEvent event = slow.event();
        assertThat(event.healed()).isEqualTo(HealReason.CLOSED);
        assertThat(event.receivedBytes()).isEqualTo(4); // the echo's answer, downstream
        assertThat(event.failed()).isFalse();
    }

    @SuppressWarnings("try") // the resource is the fault: the body only watches its effect
    @Test
    void healingRemovesExactlyTheToxicsItAddedAndLeavesOthersAlone() throws Exception {
        proxy.toxics().latency("users_own", ToxicDirection.UPSTREAM, 5);
        try (Faults.Injected both = faults.inject(FaultSpec.bandwidth("svc", 1000))) {
            assertThat(toxicNames()).hasSize(3);
            roundTrip(proxy.getListen());
        }
        assertThat(toxicNames()).containsExactly("users_own");
    }

    @Test
    void aCutDisablesTheProxyAndHealingEnablesItAgainButNotOneThatWasAlreadyOff() throws Exception {
        roundTrip(proxy.getListen());
        Faults.Injected cut = faults.inject(FaultSpec.cut("svc"));
        assertThat(client.getProxy("svc").isEnabled()).isFalse();
        cut.close();
        assertThat(client.getProxy("svc").isEnabled()).isTrue();
        roundTrip(proxy.getListen());

        client.getProxy("svc").disable();
        faults.inject(FaultSpec.cut("svc")).close();
        assertThat(client.getProxy("svc").isEnabled())
                .as("the user's own disable stays")
                .isFalse();
    }

    @Test
    void aFaultNoTrafficCrossedFailsByName() {
        Faults.Injected idle = faults.inject(FaultSpec.timeout("svc", 500));
        assertThatThrownBy(idle::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("fault timeout on \"svc\" had no effect: no traffic crossed it between its"
                        + " injection and ");
        assertThat(toxicNames()).as("healed all the same").isEmpty();
    }

    @Test
    void theShutdownHookHealsWhatIsStillOnAndIsThereOnlyWhileAFaultIs() throws Exception {
        assertThat(HealOnExit.hookRegistered()).isFalse();
        Faults.Injected left = faults.inject(FaultSpec.blackhole("svc"));
        faults.inject(FaultSpec.cut("svc"));
        assertThat(HealOnExit.hookRegistered()).isTrue();
        HealOnExit.healAll(); // what the hook runs on JVM exit
        assertThat(toxicNames()).isEmpty();
        assertThat(client.getProxy("svc").isEnabled()).isTrue();
        assertThat(HealOnExit.hookRegistered()).isFalse();
        // Already healed, so closing it heals nothing more; it is still judged, and no traffic crossed it.
        assertThatThrownBy(left::close).hasMessageContaining("had no effect");
    }

    @Test
    void anUnknownProxyIsRefusedWithTheNamesThatExist() {
        assertThatThrownBy(() -> faults.inject(FaultSpec.latency("pmss", 10)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("latency on \"pmss\": proxy \"pmss\" does not exist; the Toxiproxy has svc (create one"
                        + " with RunningInfrastructure.proxyTo)");
    }

    @Test
    void aToxiproxyWithoutMetricsIsRefusedSayingHowToEnableThem() throws IOException {
        try (ToxiproxyServer bare = ToxiproxyServer.start("127.0.0.1", 0)) {
            ToxiproxyClient bareClient = new ToxiproxyClient(bare.host(), bare.port());
            bareClient.createProxy("svc", "127.0.0.1:0", echo.address());
            Faults unmetered = Faults.through(bare.baseUrl(), bareClient);
            FaultPlan plan = FaultPlan.of(List.of(FaultSpec.latency("svc", 10)));
            assertThatThrownBy(() -> FaultSchedule.prepare(plan, unmetered))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("serves no proxy metrics (GET /metrics answered 404)")
                    .hasMessageContaining("Start toxiproxy-server with -proxy-metrics");
            assertThatThrownBy(() -> unmetered.inject(FaultSpec.latency("svc", 10)))
                    .hasMessageContaining("-proxy-metrics");
            assertThat(bareClient.getProxy("svc").toxics().getAll()).isEmpty();
        }
    }

    /** A schedule on a timeline of its own: applied at its offset, healed after its length, times recorded. */
    @Test
    void aScheduleAppliesAtItsOffsetAndHealsAfterItsLength() throws Exception {
        FaultPlan plan = FaultPlan.of(List.of(
                FaultSpec.latency("svc", 5).withAt(Duration.ofMillis(200)).withLasts(Duration.ofMillis(300))));
        try (FaultSchedule schedule = FaultSchedule.prepare(plan, faults)) {
            long t0 = System.nanoTime();
            schedule.start(t0);
            boolean seenOn = false;
            boolean seenOnBeforeStart = false;
            while (System.nanoTime() - t0 < Duration.ofMillis(700).toNanos()) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                boolean on = !toxicNames().isEmpty();
                if (ms < 150 && on) {
                    seenOnBeforeStart = true;
                }
                if (ms > 250 && ms < 450 && on) {
                    seenOn = true;
                    roundTrip(proxy.getListen());
                }
                Thread.sleep(10);
            }
            assertThat(seenOnBeforeStart).isFalse();
            assertThat(seenOn).isTrue();
            assertThat(toxicNames()).as("healed at 500ms").isEmpty();
            FaultSchedule.Result result = schedule.finish(HealReason.RUN_ENDED);
            FaultEvent e = result.events().getFirst();
            assertThat(e.healed()).isEqualTo(HealReason.LASTS_ELAPSED);
            assertThat(e.actualStartOffset()).isBetween(Duration.ofMillis(195), Duration.ofMillis(300));
            assertThat(e.actualEndOffset()).isBetween(Duration.ofMillis(495), Duration.ofMillis(600));
            assertThat(e.receivedBytes()).isPositive().isEqualTo(e.receivedBytes() / 8 * 8); // 4 up + 4 down a trip
            assertThat(result.failure()).isEmpty();
        }
    }

    @Test
    void aScheduledFaultThatNeverStartedFailsTheRun() {
        FaultPlan plan = FaultPlan.of(List.of(FaultSpec.latency("svc", 5).withAt(Duration.ofSeconds(30))));
        try (FaultSchedule schedule = FaultSchedule.prepare(plan, faults)) {
            schedule.start(System.nanoTime());
            FaultSchedule.Result result = schedule.finish(HealReason.RUN_ENDED);
            assertThat(result.failure())
                    .startsWith("fault latency on \"svc\" never started: the measured phase ended after ")
                    .endsWith(", before its at = 30s");
        }
    }

    private List<String> toxicNames() {
        try {
            return client.getProxy("svc").toxics().getAll().stream()
                    .map(Toxic::getName)
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void roundTrip(String listen) throws IOException {
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("ping".getBytes());
            assertThat(s.getInputStream().readNBytes(4)).asString().isEqualTo("ping");
        }
    }
}
