package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import io.voiceload.toxiproxy.ToxiproxyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link FaultSpec#serviceDown} injected on a Toxiproxy server of its own in front of an echo server, and on a
 * service's {@link ServiceControl}: each mode is on until healed, the JVM-exit hook heals a service left down, and
 * a service no request reached fails by name.
 */
class ServiceDownInjectTest {
    private ToxiproxyServer server;
    private ToxiproxyClient client;
    private EchoServer echo;
    private Proxy proxy;
    private Faults faults;
    private final Stub stub = new Stub();
    private ServiceControls.Registration registration;

    /** A service's switch: down or up, and the requests sent to it. */
    static final class Stub implements ServiceControl {
        final AtomicBoolean down = new AtomicBoolean();
        final AtomicLong requests = new AtomicLong();

        @Override
        public void down(ServiceDown.Mode mode) {
            down.set(true);
        }

        @Override
        public void up() {
            down.set(false);
        }

        @Override
        public long requestsReceived() {
            return requests.get();
        }
    }

    @BeforeEach
    void start() throws IOException {
        server = ToxiproxyServer.start("127.0.0.1", 0, true);
        client = new ToxiproxyClient(server.host(), server.port());
        echo = EchoServer.start();
        proxy = client.createProxy("svc", "127.0.0.1:0", echo.address());
        faults = Faults.through(server.baseUrl(), client);
        registration = ServiceControls.register("stub_service", stub);
    }

    @AfterEach
    void stop() throws IOException {
        registration.close();
        server.close();
        echo.close();
    }

    @Test
    void refusedDisablesTheProxyAndHealingEnablesIt() throws Exception {
        roundTrip();
        Faults.Injected down = faults.inject(FaultSpec.serviceDown("svc", ServiceDown.Mode.REFUSED));
        assertThat(client.getProxy("svc").isEnabled()).isFalse();
        down.close();
        assertThat(client.getProxy("svc").isEnabled()).isTrue();
        assertThat(down.event().kind()).isEqualTo(FaultKind.SERVICE_DOWN_REFUSED);
        roundTrip();
    }

    @Test
    void hungAcceptsAndAnswersNothingUntilHealed() throws Exception {
        Faults.Injected down = faults.inject(FaultSpec.serviceDown("svc", ServiceDown.Mode.HUNG));
        assertThat(client.getProxy("svc").toxics().getAll())
                .extracting(Toxic::getName)
                .hasSize(2)
                .allMatch(n -> n.startsWith("voiceload_service_down_hung_"));
        assertThatThrownBy(this::roundTrip).isInstanceOf(SocketTimeoutException.class);
        down.close();
        assertThat(client.getProxy("svc").toxics().getAll()).isEmpty();
        assertThat(down.event().receivedBytes()).isPositive();
        roundTrip();
    }

    @Test
    void errorsTakesTheServiceDownThroughItsControlAndCountsItsRequests() {
        Faults.Injected down = faults.inject(FaultSpec.serviceDown("stub_service", ServiceDown.Mode.ERRORS));
        assertThat(stub.down).isTrue();
        stub.requests.addAndGet(3);
        down.close();
        assertThat(stub.down).isFalse();
        assertThat(down.event().receivedBytes()).as("requests in its window").isEqualTo(3);
        assertThat(down.event().kind().label()).isEqualTo("service-down-errors");
    }

    @Test
    void errorsThatNoRequestReachedFailsByName() {
        Faults.Injected down = faults.inject(FaultSpec.serviceDown("stub_service", ServiceDown.Mode.ERRORS));
        assertThatThrownBy(down::close)
                .hasMessageStartingWith("fault service-down-errors on \"stub_service\" had no effect: no request"
                        + " reached the service between its injection and ");
        assertThat(stub.down).as("healed all the same").isFalse();
    }

    @Test
    void aServiceWithoutAControlIsRefusedListingThoseRegistered() {
        assertThatThrownBy(() -> faults.inject(FaultSpec.serviceDown("nosuch", ServiceDown.Mode.ERRORS)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("service \"nosuch\" has no control registered")
                .hasMessageContaining("stub_service");
    }

    @Test
    void aServiceLeftDownIsBroughtUpOnJvmExit() {
        faults.inject(FaultSpec.serviceDown("stub_service", ServiceDown.Mode.ERRORS));
        assertThat(HealOnExit.hookRegistered()).isTrue();
        HealOnExit.healAll();
        assertThat(stub.down).isFalse();
        assertThat(HealOnExit.hookRegistered()).isFalse();
    }

    @Test
    void aNameIsHeldByOneControlAtATime() {
        assertThatThrownBy(() -> ServiceControls.register("stub_service", new Stub()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("stub_service");
        registration.close();
        assertThat(ServiceControls.find("stub_service")).isEmpty();
        registration = ServiceControls.register("stub_service", stub);
    }

    private void roundTrip() throws IOException {
        String listen = proxy.getListen();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(500);
            s.getOutputStream().write("ping".getBytes());
            assertThat(s.getInputStream().readNBytes(4)).asString().isEqualTo("ping");
        }
    }
}
