package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;

/**
 * The checks of a run before anything starts ({@link Preflight}): a configured target is asked once, and a
 * target that does not answer or is not ready fails every test before any iteration; an invalid configuration
 * fails the first test with the whole message and the others with a pointer to it, starting nothing. Every such
 * failure is a {@link PreflightException} without a stack trace.
 */
class PreflightTest {
    static final AtomicInteger ITERATIONS = new AtomicInteger();

    @BeforeEach
    void reset() {
        ITERATIONS.set(0);
    }

    @Test
    void aRefusedAddressFailsEveryTestBeforeAnyIterationNamingTheUrl() throws IOException {
        int port = closedPort();
        String url = "http://127.0.0.1:" + port;

        EngineExecutionResults results =
                run(Map.of("loadtest.target.baseUrl", url), TargetTestCases.class, OtherTargetTestCases.class);

        results.testEvents().assertStatistics(s -> s.started(3).failed(3));
        assertThat(ITERATIONS).as("iterations").hasValue(0);
        String expected = "target " + url + " (-Dloadtest.target.baseUrl) did not answer: GET " + url
                + "/health/ready (readiness path from built-in default): connection refused (ConnectException)";
        assertThat(messages(results.allEvents()))
                .as("the same one-line failure for every test")
                .hasSize(3)
                .allSatisfy(m -> assertThat(m)
                        .startsWith(expected)
                        .endsWith("; no load was started")
                        .doesNotContain("\n"));
        assertNoStackTraces(results.allEvents());
    }

    @Test
    void aTargetThatAnswers503IsAskedOnceAndFailsEveryTestWithWhatItSaid() throws IOException {
        try (Stub stub = Stub.answering(503, "{\"status\": \"down\",\n \"checks\": {\"redis\": \"down\"}}")) {
            EngineExecutionResults results = run(
                    Map.of("loadtest.target.baseUrl", stub.url()), TargetTestCases.class, OtherTargetTestCases.class);

            results.testEvents().assertStatistics(s -> s.started(3).failed(3));
            assertThat(stub.paths()).as("requests the target received").containsExactly("/health/ready");
            assertThat(ITERATIONS).hasValue(0);
            assertThat(messages(results.allEvents())).allSatisfy(m -> assertThat(m)
                    .isEqualTo("target " + stub.url() + " (-Dloadtest.target.baseUrl) is not ready: GET "
                            + stub.url() + "/health/ready (readiness path from built-in default) answered"
                            + " 503: {\"status\": \"down\", \"checks\": {\"redis\": \"down\"}}; no load was"
                            + " started. The deployment says it is not ready: fix it (or wait for it), then"
                            + " run again."));
        }
    }

    @Test
    void aTargetWithoutTheReadinessPathNamesTheSettingThatMovesIt() throws IOException {
        try (Stub stub = Stub.answering(404, "Not Found")) {
            EngineExecutionResults results = run(
                    Map.of("loadtest.target.baseUrl", stub.url() + "/api"),
                    TargetTestCases.class,
                    OtherTargetTestCases.class);

            results.testEvents().assertStatistics(s -> s.started(3).failed(3));
            assertThat(stub.paths()).containsExactly("/api/health/ready");
            assertThat(ITERATIONS).hasValue(0);
            assertThat(TestKit.failureMessage(results.allEvents()))
                    .contains("answered 404: Not Found; no load was started.")
                    .contains("set target.readiness_path (-Dloadtest.target.readinessPath) to its path, or none");
        }
    }

    @Test
    void aReadyTargetIsAskedOnceForTheWholeRun() throws IOException {
        try (Stub stub = Stub.answering(200, "{\"status\": \"up\"}")) {
            EngineExecutionResults results = run(
                    Map.of("loadtest.target.baseUrl", stub.url(), "loadtest.target.readinessPath", "/ready?deep=1"),
                    TargetTestCases.class,
                    OtherTargetTestCases.class);

            results.testEvents().assertStatistics(s -> s.started(3).succeeded(3));
            assertThat(stub.paths()).containsExactly("/ready?deep=1");
            assertThat(ITERATIONS).as("2 users × 3 iterations × 3 tests").hasValue(18);
        }
    }

    @Test
    void noReadinessPathAsksNothing() throws IOException {
        try (Stub stub = Stub.answering(500, "never asked")) {
            EngineExecutionResults results = run(
                    Map.of("loadtest.target.baseUrl", stub.url(), "loadtest.target.readinessPath", "none"),
                    TargetTestCases.class);

            results.testEvents().assertStatistics(s -> s.started(2).succeeded(2));
            assertThat(stub.paths()).isEmpty();
        }
    }

    @Test
    void bothKindsFailOnceEachBeforeTheTestsOwnBeforeEach() throws IOException {
        int port = closedPort();
        BothKindsTestCases.SET_UPS.set(0);

        EngineExecutionResults results =
                run(Map.of("loadtest.target.baseUrl", "http://127.0.0.1:" + port), BothKindsTestCases.class);

        results.testEvents().assertStatistics(s -> s.started(2).failed(2));
        assertThat(messages(results.allEvents()))
                .as("one failure per test")
                .hasSize(2)
                .allSatisfy(m -> assertThat(m).endsWith("; no load was started"));
        assertThat(BothKindsTestCases.SET_UPS)
                .as("the tests' own @BeforeEach runs")
                .hasValue(0);
        assertThat(ITERATIONS).hasValue(0);
    }

    @Test
    void aHostThatDoesNotResolveIsNamed() {
        EngineExecutionResults results =
                run(Map.of("loadtest.target.baseUrl", "http://no-such-host.invalid:8080"), TargetTestCases.class);

        results.testEvents().assertStatistics(s -> s.started(2).failed(2));
        assertThat(TestKit.failureMessage(results.allEvents()))
                .isEqualTo("target http://no-such-host.invalid:8080 (-Dloadtest.target.baseUrl): host"
                        + " no-such-host.invalid does not resolve (UnknownHostException); no load was started");
        assertThat(ITERATIONS).hasValue(0);
    }

    @Test
    void anInvalidConfigurationFailsTheFirstTestInFullAndPointsTheOthersAtIt() {
        Optional<RunningInfrastructure> before = RunningInfrastructure.sharedIfStarted();

        EngineExecutionResults results = run(
                Map.of("loadtest.profile", "hevy"),
                InfrastructureTestCases.class,
                TargetTestCases.class,
                OtherTargetTestCases.class);

        // The infrastructure class fails as a whole (its @BeforeAll), the other classes test by test.
        List<String> failures = messages(results.allEvents());
        String full = "-Dloadtest.profile=hevy: unknown profile; defined profiles: smoke, light, normal, heavy,"
                + " stress, soak, spike; did you mean \"heavy\"?";
        assertThat(failures).as("failures of the run").hasSize(4);
        assertThat(failures)
                .filteredOn(full::equals)
                .as("failures with the whole message")
                .hasSize(1);
        String first = results.allEvents().failed().stream()
                .filter(e -> full.equals(throwable(e).getMessage()))
                .map(PreflightTest::where)
                .findFirst()
                .orElseThrow();
        assertThat(failures).filteredOn(m -> !m.equals(full)).hasSize(3).allSatisfy(m -> assertThat(m)
                .matches("not run: the configuration is invalid; see the first failure of this run \\("
                        + "(InfrastructureTestCases|TargetTestCases\\.\\w+|OtherTargetTestCases\\.third)\\)"
                        + " for what to fix")
                .contains("(" + first + ")"));
        assertThat(results.allEvents().failed().stream().map(PreflightTest::throwable))
                .allSatisfy(t -> assertThat(t).isInstanceOf(PreflightException.class));
        assertNoStackTraces(results.allEvents());
        assertThat(ITERATIONS).hasValue(0);
        if (before.isEmpty()) {
            assertThat(RunningInfrastructure.sharedIfStarted())
                    .as("infrastructure started despite the invalid configuration")
                    .isEmpty();
        }
    }

    @Test
    void aBadValueOfAnySwitchStopsTheRunLikeAnyOther() {
        EngineExecutionResults results = run(Map.of("loadtest.runReport", "maybe"), TargetTestCases.class);

        results.testEvents().assertStatistics(s -> s.started(2).failed(2));
        assertThat(TestKit.failureMessage(results.allEvents()))
                .isEqualTo("-Dloadtest.runReport=maybe: must be true or false");
        assertThat(ITERATIONS).hasValue(0);
    }

    @Test
    void aTestsOwnPlanErrorCarriesNoStackTraceEither() {
        Events events = TestKit.run(BadPlanTestCases.class, "badPlan");

        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(TestKit.failure(events))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("@LoadTest(users = 0) on BadPlanTestCases.badPlan")
                .satisfies(t -> assertThat(t.getStackTrace()).isEmpty());
    }

    /** One engine run of these fixtures with these properties. */
    private static EngineExecutionResults run(Map<String, String> properties, Class<?>... fixtures) {
        return TestKit.executeFixtures(
                properties, Arrays.stream(fixtures).map(c -> selectClass(c)).toArray(DiscoverySelector[]::new));
    }

    private static List<String> messages(Events events) {
        return events.failed().stream()
                .map(PreflightTest::throwable)
                .map(Throwable::getMessage)
                .toList();
    }

    /** {@code TargetTestCases.first} for a test, {@code InfrastructureTestCases} for a class. */
    private static String where(Event event) {
        return event.getTestDescriptor()
                .getSource()
                .map(source -> source instanceof MethodSource m
                        ? m.getJavaClass().getSimpleName() + "." + m.getMethodName()
                        : ((ClassSource) source).getJavaClass().getSimpleName())
                .orElseThrow();
    }

    private static Throwable throwable(Event event) {
        return event.getPayload(TestExecutionResult.class)
                .flatMap(TestExecutionResult::getThrowable)
                .orElseThrow();
    }

    private static void assertNoStackTraces(Events events) {
        assertThat(events.failed().stream().map(PreflightTest::throwable)).allSatisfy(t -> {
            assertThat(t.getStackTrace()).as("stack trace of " + t).isEmpty();
            assertThat(t.getCause()).isNull();
        });
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A loopback HTTP server answering every request with one status and body, remembering what it was asked. */
    record Stub(HttpServer server, ExecutorService executor, ConcurrentLinkedQueue<String> asked)
            implements AutoCloseable {

        static Stub answering(int status, String body) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                asked.add(exchange.getRequestURI().toString());
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, bytes.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            });
            server.start();
            return new Stub(server, executor, asked);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        List<String> paths() {
            return List.copyOf(asked);
        }

        @Override
        public void close() {
            server.stop(0);
            executor.close();
        }
    }

    @FixtureOnly
    static class TargetTestCases {
        @LoadTest(users = 2, requests = 3)
        void first(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }

        @LoadTest(users = 2, requests = 3)
        void second(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }
    }

    @FixtureOnly
    static class BothKindsTestCases {
        static final AtomicInteger SET_UPS = new AtomicInteger();

        @BeforeEach
        void reachTheTarget() {
            SET_UPS.incrementAndGet();
        }

        @LoadTest(users = 2, requests = 3)
        void load(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(startUsers = 1, stepUsers = 1, maxUsers = 2, stepDuration = "200ms")
        void capacity(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }
    }

    @FixtureOnly
    static class BadPlanTestCases {
        @LoadTest(users = 0)
        void badPlan(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }
    }

    @FixtureOnly
    static class OtherTargetTestCases {
        @LoadTest(users = 2, requests = 3)
        void third(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }
    }

    @FixtureOnly
    @WithInfrastructure
    static class InfrastructureTestCases {
        @LoadTest(users = 2, requests = 3)
        void withADatabase(VirtualUser user, DataSource database) throws Exception {
            try (Connection c = database.getConnection()) {
                if (c.isValid(1)) {
                    ITERATIONS.incrementAndGet();
                }
            }
        }
    }
}
