package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import eu.rekawek.toxiproxy.Proxy;
import io.voiceload.faults.EchoServer;
import io.voiceload.faults.ServiceControl;
import io.voiceload.faults.ServiceControls;
import io.voiceload.faults.ServiceDown;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code @ServiceDown} on a load test, black-box through the Jupiter engine, as {@code LoadFaultsTest} does for the
 * other faults: each mode is on during its window and off after (REFUSED and HUNG seen through the Toxiproxy API,
 * ERRORS through the service's control), a service no request reached fails by name, bad attributes and a service
 * without a control fail before any load.
 */
class LoadServiceDownTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROXY = "down_echo";
    /** A service with a control and no proxy: ERRORS needs none. */
    static final String SERVICE = "down_stub";
    /** Per fixture: {asked, on, answered} in ms since its first iteration. */
    static final Map<String, List<long[]>> SEEN = new ConcurrentHashMap<>();

    static final Map<String, Boolean> CLEAN_AFTER = new ConcurrentHashMap<>();
    static final AtomicInteger ITERATIONS_OF_BAD = new AtomicInteger();

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixtures() {
        results = TestKit.executeFixtures(Map.of(), selectClass(LoadServiceDownTestCases.class));
    }

    private static Events tests() {
        return results.testEvents();
    }

    @ParameterizedTest
    @CsvSource({
        "refused, service-down-refused, " + PROXY,
        "hung, service-down-hung, " + PROXY,
        "errors, service-down-errors, " + SERVICE
    })
    void eachModeIsOnDuringItsWindowAndOffAfter(String fixture, String kind, String service) throws IOException {
        tests().assertThatEvents().haveExactly(1, event(test(fixture), finishedSuccessfully()));
        List<long[]> seen = SEEN.get(fixture);
        assertThat(seen).as("seen inside the window").anyMatch(s -> s[0] >= 600 && s[2] <= 1400);
        assertThat(seen).as("on inside the window").allMatch(s -> !(s[0] >= 600 && s[2] <= 1400) || s[1] == 1);
        assertThat(seen).as("seen before the window").anyMatch(s -> s[2] < 400);
        assertThat(seen).as("off before and after the window").allMatch(s -> !(s[2] < 400 || s[0] > 1600) || s[1] == 0);
        assertThat(seen).as("seen after the window").anyMatch(s -> s[0] > 1600);
        assertThat(CLEAN_AFTER.get(fixture)).isTrue();

        JsonNode fault = resultOf(fixture).path("faults").path(0);
        assertThat(fault.path("kind").asText()).isEqualTo(kind);
        assertThat(fault.path("proxy").asText()).isEqualTo(service);
        assertThat(fault.path("actualStartSeconds").asDouble()).isBetween(0.5, 0.6);
        assertThat(fault.path("actualEndSeconds").asDouble()).isBetween(1.5, 1.6);
        assertThat(fault.path("receivedBytes").asLong()).isPositive();
        assertThat(fault.path("healed").asText()).isEqualTo("LASTS_ELAPSED");
        assertThat(fault.path("effective").asBoolean()).isTrue();
    }

    @Test
    void aServiceNoRequestReachedFailsTheTestByName() throws IOException {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("errorsNobodyAsked"),
                                finishedWithFailure(message(m -> m.startsWith("fault service-down-errors on \""
                                        + SERVICE + "\" had no effect: no request reached the service between")))));
        assertThat(CLEAN_AFTER.get("errorsNobodyAsked")).isTrue();
        assertThat(resultOf("errorsNobodyAsked")
                        .path("faults")
                        .path(0)
                        .path("receivedBytes")
                        .asLong())
                .isZero();
    }

    @Test
    void aFailingTestIsHealed() {
        tests().assertThatEvents()
                .haveExactly(1, event(test("failsWhileDown"), finishedWithFailure(message(m -> m.contains("p99")))));
        assertThat(CLEAN_AFTER.get("failsWhileDown")).isTrue();
    }

    @Test
    void badAttributesAndUnknownServicesFailBeforeAnyLoad() {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("blankService"),
                                finishedWithFailure(
                                        message("@ServiceDown(service = \"\") on LoadServiceDownTestCases.blankService:"
                                                + " service must name a service: its Toxiproxy proxy (postgres, redis,"
                                                + " pms, pms_secondary, or one created with"
                                                + " RunningInfrastructure.proxyTo), or for ERRORS the name of its"
                                                + " registered control"))))
                .haveExactly(
                        1,
                        event(
                                test("noControl"),
                                finishedWithFailure(
                                        message(m -> m.startsWith("@ServiceDown(service = \"nosuch\", mode = ERRORS) on"
                                                        + " LoadServiceDownTestCases.noControl: service \"nosuch\" has"
                                                        + " no control registered, so it cannot be made to answer"
                                                        + " errors; registered: ")
                                                && m.contains(SERVICE)))))
                .haveExactly(
                        1,
                        event(
                                test("noProxy"),
                                finishedWithFailure(message(
                                        m -> m.startsWith("@ServiceDown(service = \"" + SERVICE + "\", mode = HUNG) on"
                                                        + " LoadServiceDownTestCases.noProxy: proxy \"" + SERVICE
                                                        + "\" does not exist; the Toxiproxy has ")
                                                && m.contains(PROXY)))))
                .haveExactly(
                        1,
                        event(
                                test("badLasts"),
                                finishedWithFailure(message(m -> m.startsWith(
                                        "@ServiceDown(lasts = \"forever\") on LoadServiceDownTestCases.badLasts")))));
        assertThat(ITERATIONS_OF_BAD).hasValue(0);
    }

    private static JsonNode resultOf(String fixture) throws IOException {
        return JSON.readTree(ResultFiles.testFile(LoadServiceDownTestCases.class, fixture, ".json")
                .toFile());
    }

    /** A service's switch as a test double: down or up, and the requests "sent" to it. */
    static final class StubControl implements ServiceControl {
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

    @FixtureOnly
    @WithInfrastructure
    static class LoadServiceDownTestCases {
        private static EchoServer echo;
        private static final StubControl CONTROL = new StubControl();
        private static ServiceControls.Registration registration;
        private static final AtomicLong START = new AtomicLong();
        private String fixture;

        @BeforeAll
        static void start() throws IOException {
            echo = EchoServer.start();
            RunningInfrastructure.shared().proxyTo(PROXY, echo.address());
            registration = ServiceControls.register(SERVICE, CONTROL);
        }

        @AfterAll
        static void stop() throws IOException {
            registration.close();
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
                            && !CONTROL.down.get());
        }

        /** One echo through the proxy, or one request to the stub service; then whether the fault is on now. */
        private void iteration(boolean toTheService) throws IOException, InterruptedException {
            long now = System.nanoTime();
            SEEN.computeIfAbsent(fixture, f -> {
                START.set(now);
                return new CopyOnWriteArrayList<>();
            });
            if (toTheService) {
                CONTROL.requests.incrementAndGet();
            } else {
                HostPort address = RunningInfrastructure.shared().reachable(PROXY);
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(address.host(), address.port()), 300);
                    s.setSoTimeout(300);
                    s.getOutputStream().write("ping".getBytes());
                    s.getInputStream().readNBytes(4);
                } catch (IOException expectedWhileDown) {
                    // refused, closed or silent: the service is down
                }
            }
            long asked = System.nanoTime();
            Proxy proxy = RunningInfrastructure.shared().toxiproxyClient().getProxy(PROXY);
            boolean on = !proxy.isEnabled()
                    || proxy.toxics().getAll().stream()
                            .anyMatch(t -> t.getName().startsWith("voiceload_"))
                    || CONTROL.down.get();
            long answered = System.nanoTime();
            SEEN.get(fixture)
                    .add(new long[] {(asked - START.get()) / 1_000_000, on ? 1 : 0, (answered - START.get()) / 1_000_000
                    });
            Thread.sleep(20);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @ServiceDown(service = PROXY, at = "500ms", lasts = "1s")
        void refused(VirtualUser user) throws Exception {
            iteration(false);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @ServiceDown(service = PROXY, mode = ServiceDown.Mode.HUNG, at = "500ms", lasts = "1s")
        void hung(VirtualUser user) throws Exception {
            iteration(false);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @ServiceDown(service = SERVICE, mode = ServiceDown.Mode.ERRORS, at = "500ms", lasts = "1s")
        void errors(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, duration = "1s", rampUp = "0s", warmupIterations = 0)
        @ServiceDown(service = SERVICE, mode = ServiceDown.Mode.ERRORS)
        void errorsNobodyAsked(VirtualUser user) throws Exception {
            iteration(false);
        }

        @LoadTest(users = 1, duration = "1s", rampUp = "0s", warmupIterations = 0)
        @ServiceDown(service = SERVICE, mode = ServiceDown.Mode.ERRORS)
        @Slo(p99 = "1ms")
        void failsWhileDown(VirtualUser user) throws Exception {
            iteration(true);
        }

        @LoadTest(users = 1, requests = 1)
        @ServiceDown(service = "")
        void blankService(VirtualUser user) {
            ITERATIONS_OF_BAD.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @ServiceDown(service = "nosuch", mode = ServiceDown.Mode.ERRORS)
        void noControl(VirtualUser user) {
            ITERATIONS_OF_BAD.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @ServiceDown(service = SERVICE, mode = ServiceDown.Mode.HUNG)
        void noProxy(VirtualUser user) {
            ITERATIONS_OF_BAD.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @ServiceDown(service = PROXY, lasts = "forever")
        void badLasts(VirtualUser user) {
            ITERATIONS_OF_BAD.incrementAndGet();
        }
    }
}
