package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import io.voiceload.faults.Bandwidth;
import io.voiceload.faults.Direction;
import io.voiceload.faults.EchoServer;
import io.voiceload.faults.Latency;
import io.voiceload.faults.NftPacketLoss;
import io.voiceload.faults.PacketLoss;
import io.voiceload.faults.Partition;
import io.voiceload.faults.ResetPeer;
import io.voiceload.faults.Timeout;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/**
 * Fault annotations on a load test, black-box through the Jupiter engine: each is on during its window and gone
 * after (seen through the Toxiproxy API by the load's own iterations), bad attributes fail before any load, a fault
 * no traffic crossed fails by name, and a failed or aborted run leaves no fault behind. The fixtures send their
 * traffic through a proxy of their own to an echo server; one run of the engine holds them all.
 */
class LoadFaultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROXY = "fault_echo";
    /** Per fixture: when (ms since its measured start) an iteration saw the fault on or off. */
    static final Map<String, List<long[]>> SEEN = new ConcurrentHashMap<>();
    /** Per fixture: whether the proxy was clean (enabled, no toxic of ours) in its {@code @AfterEach}. */
    static final Map<String, Boolean> CLEAN_AFTER = new ConcurrentHashMap<>();

    static final AtomicInteger ITERATIONS_OF_BAD = new AtomicInteger();

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixtures() {
        results = TestKit.executeFixtures(Map.of(), selectClass(LoadFaultsTestCases.class));
    }

    private static Events tests() {
        return results.testEvents();
    }

    @ParameterizedTest
    @ValueSource(strings = {"latency", "packetLoss", "bandwidth", "cut", "blackhole", "resetPeer", "timeout"})
    void eachFaultIsOnDuringItsWindowAndGoneAfter(String fixture) throws IOException {
        tests().assertThatEvents().haveExactly(1, event(test(fixture), finishedSuccessfully()));
        assertOnOnlyInItsWindow(fixture);
    }

    /** Real packet loss where root and nftables are here (CI); elsewhere the test is skipped, saying why. */
    @Test
    void realPacketLossIsOnDuringItsWindowOrSkippedWithTheReason() throws IOException {
        NftPacketLoss.Availability here = NftPacketLoss.availability();
        if (!here.available()) {
            tests().assertThatEvents()
                    .haveExactly(1, event(test("realPacketLoss"), abortedWithReason(message(here.skipMessage()))));
            return;
        }
        tests().assertThatEvents().haveExactly(1, event(test("realPacketLoss"), finishedSuccessfully()));
        assertOnOnlyInItsWindow("realPacketLoss");
        assertThat(resultOf("realPacketLoss")
                        .path("faults")
                        .path(0)
                        .path("kind")
                        .asText())
                .isEqualTo("real-packet-loss");
    }

    private static void assertOnOnlyInItsWindow(String fixture) throws IOException {
        List<long[]> seen = SEEN.get(fixture);
        // The window is 500 ms → 1500 ms after the measured start; 100 ms of slack each side for the API calls
        // that apply and heal it. s = {asked, on, answered}, in ms since the measured start.
        assertThat(seen).as("seen inside the window").anyMatch(s -> s[0] >= 600 && s[2] <= 1400);
        assertThat(seen).as("on inside the window").allMatch(s -> !(s[0] >= 600 && s[2] <= 1400) || s[1] == 1);
        assertThat(seen).as("seen before the window").anyMatch(s -> s[2] < 400);
        assertThat(seen).as("off before and after the window").allMatch(s -> !(s[2] < 400 || s[0] > 1600) || s[1] == 0);
        assertThat(seen).as("seen after the window").anyMatch(s -> s[0] > 1600);
        assertThat(CLEAN_AFTER.get(fixture)).isTrue();

        JsonNode fault = resultOf(fixture).path("faults").path(0);
        assertThat(fault.path("proxy").asText()).isEqualTo(PROXY);
        assertThat(fault.path("scheduledStartSeconds").asDouble()).isEqualTo(0.5);
        assertThat(fault.path("scheduledEndSeconds").asDouble()).isEqualTo(1.5);
        assertThat(fault.path("actualStartSeconds").asDouble()).isBetween(0.5, 0.6);
        assertThat(fault.path("actualEndSeconds").asDouble()).isBetween(1.5, 1.6);
        assertThat(fault.path("receivedBytes").asLong()).isPositive();
        assertThat(fault.path("healed").asText()).isEqualTo("LASTS_ELAPSED");
        assertThat(fault.path("effective").asBoolean()).isTrue();
        assertThat(fault.path("startedAt").asText()).isNotEmpty();
        // On the time series' axis (the test's start; no warm-up here): where the report's charts shade it.
        assertThat(fault.path("startSinceTestStartSeconds").asDouble()).isBetween(0.5, 0.8);
        assertThat(fault.path("endSinceTestStartSeconds").asDouble()
                        - fault.path("startSinceTestStartSeconds").asDouble())
                .isCloseTo(
                        fault.path("actualEndSeconds").asDouble()
                                - fault.path("actualStartSeconds").asDouble(),
                        org.assertj.core.data.Offset.offset(0.01));
    }

    @Test
    void aFaultNoTrafficCrossedFailsTheTestByName() throws IOException {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("bypassesTheProxy"),
                                finishedWithFailure(message(m -> m.matches("(?s)fault latency on \"" + PROXY
                                        + "\" had no effect: no traffic crossed it between [0-9.]+m?s and"
                                        + " [0-9.]+m?s\nresults: .*")))));
        assertThat(CLEAN_AFTER.get("bypassesTheProxy")).isTrue();
        JsonNode json = resultOf("bypassesTheProxy");
        assertThat(json.path("verdict").asText()).isEqualTo("failed");
        assertThat(json.path("faults").path(0).path("receivedBytes").asLong()).isZero();
        assertThat(json.path("faults").path(0).path("effective").asBoolean()).isFalse();
    }

    @Test
    void aFailingTestIsHealed() throws IOException {
        tests().assertThatEvents()
                .haveExactly(
                        1, event(test("failsWithTheFaultOn"), finishedWithFailure(message(m -> m.contains("p99")))));
        assertThat(CLEAN_AFTER.get("failsWithTheFaultOn")).isTrue();
        assertThat(resultOf("failsWithTheFaultOn")
                        .path("faults")
                        .path(0)
                        .path("healed")
                        .asText())
                .isEqualTo("RUN_ENDED");
    }

    @Test
    void anAbortedRunIsHealed() throws IOException {
        tests().assertThatEvents().haveExactly(1, event(test("abortedWithTheFaultOn"), finishedWithFailure()));
        assertThat(CLEAN_AFTER.get("abortedWithTheFaultOn")).isTrue();
        JsonNode json = resultOf("abortedWithTheFaultOn");
        assertThat(json.path("stopReason").asText()).isEqualTo("ABORTED_ON_BREACH");
        assertThat(json.path("faults").path(0).path("healed").asText()).isEqualTo("RUN_FAILED");
    }

    @Test
    void badAttributesFailBeforeAnyLoadNamingTheAttribute() {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("zeroLatency"),
                                finishedWithFailure(message("@Latency(ms = 0) on LoadFaultsTestCases.zeroLatency: ms"
                                        + " must be at least 1"))))
                .haveExactly(
                        1,
                        event(
                                test("unknownProxy"),
                                finishedWithFailure(message(m -> m.startsWith("@Latency(proxy = \"nosuch\") on"
                                                + " LoadFaultsTestCases.unknownProxy: proxy \"nosuch\" does not exist;"
                                                + " the Toxiproxy has ")
                                        && m.contains(PROXY)
                                        && m.contains("postgres")))));
        assertThat(ITERATIONS_OF_BAD).hasValue(0);
    }

    private static JsonNode resultOf(String fixture) throws IOException {
        Path file = ResultFiles.testFile(LoadFaultsTestCases.class, fixture, ".json");
        return JSON.readTree(file.toFile());
    }

    @FixtureOnly
    @WithInfrastructure
    static class LoadFaultsTestCases {
        private static EchoServer echo;
        private String fixture;

        @BeforeAll
        static void startEcho() throws IOException {
            echo = EchoServer.start();
            RunningInfrastructure.shared().proxyTo(PROXY, echo.address());
        }

        @AfterAll
        static void stopEcho() throws IOException {
            RunningInfrastructure.shared().removeProxy(PROXY);
            echo.close();
        }

        @BeforeEach
        void name(TestInfo info) {
            fixture = info.getTestMethod().orElseThrow().getName();
        }

        @AfterEach
        void checkClean() throws IOException {
            Proxy proxy = RunningInfrastructure.shared().toxiproxyClient().getProxy(PROXY);
            CLEAN_AFTER.put(
                    fixture,
                    proxy.isEnabled()
                            && proxy.toxics().getAll().stream()
                                    .noneMatch(t -> t.getName().startsWith("voiceload_"))
                            && !(fixture.equals("realPacketLoss") && kernelDropsOfThisJvm()));
        }

        private static final AtomicLong START = new AtomicLong();

        /** One echo through the proxy (or around it), then what the Toxiproxy says of the fault now. */
        private void iteration(boolean throughProxy) throws IOException, InterruptedException {
            long now = System.nanoTime();
            SEEN.computeIfAbsent(fixture, f -> {
                START.set(now);
                return new CopyOnWriteArrayList<>();
            });
            HostPort address = throughProxy
                    ? RunningInfrastructure.shared().reachable(PROXY)
                    : new HostPort("127.0.0.1", echo.port());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address.host(), address.port()), 300);
                s.setSoTimeout(300);
                s.getOutputStream().write("ping".getBytes());
                s.getInputStream().readNBytes(4);
            } catch (IOException expectedDuringSomeFaults) {
                // a refused, reset, closed or silent connection is the fault at work
            }
            long asked = System.nanoTime();
            Proxy proxy = RunningInfrastructure.shared().toxiproxyClient().getProxy(PROXY);
            boolean on = !proxy.isEnabled()
                    || proxy.toxics().getAll().stream()
                            .anyMatch(t -> t.getName().startsWith("voiceload_"))
                    || (fixture.equals("realPacketLoss") && kernelDropsOfThisJvm());
            long answered = System.nanoTime();
            // The state was read somewhere between the two: the checks hold for the whole interval.
            SEEN.get(fixture)
                    .add(new long[] {(asked - START.get()) / 1_000_000, on ? 1 : 0, (answered - START.get()) / 1_000_000
                    });
            Thread.sleep(20);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = PROXY, ms = 20, jitter = 5, at = "500ms", lasts = "1s")
        void latency(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @PacketLoss(proxy = PROXY, probability = 0.3, retransmitMs = 20, at = "500ms", lasts = "1s")
        void packetLoss(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        // 5 %, not more: a dropped SYN is retried after 1 s, past this fixture's 300 ms connect timeout, and at 30 %
        // on a container's bridge (a drop decision per 1500-byte packet) a whole window could pass without a byte
        // reaching the proxy, which the traffic proof rightly fails.
        @PacketLoss(proxy = PROXY, probability = 0.05, mode = PacketLoss.Mode.REAL, at = "500ms", lasts = "1s")
        void realPacketLoss(VirtualUser user) throws Exception {
            iteration(true);
        }

        /** Whether nft lists a table of the kernel's packet drops made by this JVM. */
        private static boolean kernelDropsOfThisJvm() {
            try {
                Process nft = new ProcessBuilder("nft", "list", "tables")
                        .redirectErrorStream(true)
                        .start();
                String tables = new String(nft.getInputStream().readAllBytes());
                nft.waitFor();
                return tables.contains(
                        "voiceload_faults_" + ProcessHandle.current().pid() + "_");
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @Bandwidth(proxy = PROXY, kbps = 1, direction = Direction.DOWNSTREAM, at = "500ms", lasts = "1s")
        void bandwidth(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @Partition(proxy = PROXY, at = "500ms", lasts = "1s")
        void cut(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @Partition(proxy = PROXY, kind = Partition.Kind.BLACKHOLE, at = "500ms", lasts = "1s")
        void blackhole(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @ResetPeer(proxy = PROXY, at = "500ms", lasts = "1s")
        void resetPeer(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @Timeout(proxy = PROXY, ms = 100, direction = Direction.UPSTREAM, at = "500ms", lasts = "1s")
        void timeout(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "1s", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = PROXY, ms = 5)
        void bypassesTheProxy(VirtualUser user) throws Exception {
            iteration(false);
        }

        @LoadTest(users = 1, duration = "1s", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = PROXY, ms = 10)
        @Slo(p99 = "1ms")
        void failsWithTheFaultOn(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(
                users = 1,
                duration = "5s",
                rampUp = "0s",
                warmupIterations = 0,
                abortOnBreach = true,
                abortGrace = "0s")
        @Latency(proxy = PROXY, ms = 10)
        @Slo(p99 = "1ms")
        void abortedWithTheFaultOn(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, requests = 1)
        @Latency(proxy = PROXY, ms = 0)
        void zeroLatency(VirtualUser user) {
            ITERATIONS_OF_BAD.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @Latency(proxy = "nosuch", ms = 5)
        void unknownProxy(VirtualUser user) {
            ITERATIONS_OF_BAD.incrementAndGet();
        }
    }
}
