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
import io.voiceload.faults.EchoServer;
import io.voiceload.faults.FaultRun;
import io.voiceload.faults.Latency;
import io.voiceload.faults.Partition;
import io.voiceload.faults.Phase;
import io.voiceload.faults.PhaseResult;
import io.voiceload.faults.RecoveringServer;
import io.voiceload.faults.Recovers;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.Events;

/**
 * Phases, phase SLOs and time to recover, black-box through the Jupiter engine: a latency fault breaches an SLO of
 * phase DURING while those of the whole run and of BEFORE hold, BEFORE and AFTER are judged on their own, a server
 * whose recovery time is known (errors for exactly 1.5 s after the heal) gets that time to recover, a fault not
 * recovered from fails by name, and misplaced phase SLOs and {@code @Recovers} are refused before any load.
 */
class LoadPhasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ECHO = "phase_echo";
    static final String FLAKY = "phase_flaky";
    /** Per fixture: the phases its {@code @AfterEach} received. */
    static final Map<String, List<PhaseResult>> PHASES = new ConcurrentHashMap<>();

    static final AtomicInteger ITERATIONS_OF_REFUSED = new AtomicInteger();

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixtures() {
        results = TestKit.executeFixtures(Map.of(), selectClass(LoadPhasesTestCases.class));
    }

    private static Events tests() {
        return results.testEvents();
    }

    @Test
    void phasesAreContiguousWithExactCountsAndEveryPhaseSloHolds() throws IOException {
        tests().assertThatEvents().haveExactly(1, event(test("phasesHold"), finishedSuccessfully()));
        List<PhaseResult> phases = PHASES.get("phasesHold");
        assertThat(phases).extracting(PhaseResult::kind).containsExactly(Phase.BEFORE, Phase.DURING, Phase.AFTER);
        assertThat(phases.get(1).name()).isEqualTo("during latency 200ms on \"" + ECHO + "\"");
        assertThat(phases.get(1).faults()).hasSize(1);
        assertThat(phases.get(0).from()).isZero();
        assertThat(phases.get(0).to()).isEqualTo(phases.get(1).from());
        assertThat(phases.get(1).to()).isEqualTo(phases.get(2).from());
        assertThat(phases.get(1).from().toMillis()).isBetween(600L, 700L);
        assertThat(phases.get(1).to().minus(phases.get(1).from()).toMillis()).isBetween(950L, 1100L);

        JsonNode json = resultOf("phasesHold");
        long total = json.path("iterations").path("count").asLong();
        long sum = 0;
        for (JsonNode p : json.path("phases")) {
            sum += p.path("requests").path("iterations").path("count").asLong();
        }
        // Differences of exact totals: the phases add up to the whole run, sample for sample.
        assertThat(sum).isEqualTo(total);
        JsonNode during = json.path("phases").path(1);
        assertThat(during.path("kind").asText()).isEqualTo("DURING");
        assertThat(during.path("fromSeconds").asDouble()).isBetween(0.6, 0.7);
        // A round trip through the fault crosses its 200 ms twice; the sample in flight when it went on may not.
        assertThat(during.path("requests").path("iterations").path("maxMs").asDouble())
                .isGreaterThan(400);
        assertThat(json.path("phases")
                        .path(0)
                        .path("requests")
                        .path("iterations")
                        .path("p99Ms")
                        .asDouble())
                .isLessThan(150);
        assertThat(json.path("afterPhase").path("kind").asText()).isEqualTo("AFTER");
    }

    @Test
    void aDuringSloBreachedByTheLatencyFailsNamingTheFaultWhileAllAndBeforeHold() throws IOException {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("duringBreached"),
                                finishedWithFailure(message(m -> m.matches("(?s)during latency 200ms on \"" + ECHO
                                                + "\" \\(0\\.[67]s → 1\\.[6-8]s\\): p99 of iterations: required ≤ 300ms,"
                                                + " actual [0-9.]+m?s .*")
                                        && !m.contains("before")
                                        && !m.contains("p50")))));
        JsonNode slos = resultOf("duringBreached").path("phaseSlos");
        assertThat(slos).hasSize(2);
        assertThat(slos.path(0).path("kind").asText()).isEqualTo("BEFORE");
        assertThat(slos.path(0).path("passed").asBoolean()).isTrue();
        assertThat(slos.path(1).path("phase").asText()).isEqualTo("during latency 200ms on \"" + ECHO + "\"");
        assertThat(slos.path(1).path("metric").asText()).isEqualTo("p99");
        assertThat(slos.path(1).path("passed").asBoolean()).isFalse();
        assertThat(resultOf("duringBreached")
                        .path("slos")
                        .path(0)
                        .path("passed")
                        .asBoolean())
                .as("the p50 of the whole run holds")
                .isTrue();
    }

    @Test
    void beforeAndAfterAreJudgedOnTheirOwn() {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("beforeAndAfterBreached"),
                                finishedWithFailure(message(m -> m.matches("(?s)before \\(0\\.0s → 0\\.[67]s\\): p99 of"
                                                + " iterations: required ≤ 5ms, .*")
                                        && m.matches("(?s).*\nafter heal of latency 200ms on \"" + ECHO
                                                + "\" \\(1\\.[2-4]s → 2\\.[0-9]s\\): p99 of iterations: required ≤ 5ms,"
                                                + " .*")
                                        && !m.contains("during")))));
    }

    @Test
    void timeToRecoverIsMeasuredAgainstAServerThatErrsForExactlyOneAndAHalfSecondsAfterTheHeal() throws IOException {
        tests().assertThatEvents().haveExactly(1, event(test("recovers"), finishedSuccessfully()));
        JsonNode recovery = resultOf("recovers").path("recovery").path(0);
        assertThat(recovery.path("fault").asText()).isEqualTo("partition-cut on \"" + FLAKY + "\"");
        assertThat(recovery.path("recovered").asBoolean()).isTrue();
        assertThat(recovery.path("timeToRecoverSeconds").asDouble()).isCloseTo(1.5, Offset.offset(0.25));
        // Connections are refused from the first iteration after the cut: detected within an interval or two.
        assertThat(recovery.path("detectionSeconds").asDouble()).isBetween(0.0, 0.25);
        assertThat(recovery.path("withinSeconds").asDouble()).isEqualTo(3.0);
    }

    @Test
    void aFaultNotRecoveredFromWithinTheBudgetFailsNamingItAndWhatWasStillBreached() throws IOException {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("doesNotRecover"),
                                finishedWithFailure(message(m -> m.contains("fault partition-cut on \"" + FLAKY
                                                + "\" did not recover within 1.00s of its heal: still breached in the"
                                                + " window from ")
                                        // which breach is seen first depends on the Toxiproxy (a container's
                                        // answers fewer calls in a window than the embedded one)
                                        && (m.contains("error rate of iterations ≤ 1.00%, actual ")
                                                || m.contains("fewer than minRequests = 10"))))));
        JsonNode recovery = resultOf("doesNotRecover").path("recovery").path(0);
        assertThat(recovery.path("recovered").asBoolean()).isFalse();
        assertThat(recovery.path("timeToRecoverSeconds").isNull()).isTrue();
        assertThat(resultOf("doesNotRecover").path("verdict").asText()).isEqualTo("failed");
    }

    @Test
    void misplacedPhaseSlosAndBadRecoversAreRefusedBeforeAnyLoad() {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("phaseSloWithoutFaults"),
                                finishedWithFailure(message("@Slo(phase = DURING) on"
                                        + " LoadPhasesTestCases.phaseSloWithoutFaults: the test has no fault, so it"
                                        + " has no phase DURING; add a fault annotation (@Latency, @Partition, …) or"
                                        + " use phase = ALL (the default)"))))
                .haveExactly(
                        1,
                        event(
                                test("beforeWithAFaultFromTheStart"),
                                finishedWithFailure(message(m -> m.startsWith("@Slo(phase = BEFORE) on"
                                        + " LoadPhasesTestCases.beforeWithAFaultFromTheStart: fault latency on \""
                                        + ECHO + "\" starts with the measured phase")))))
                .haveExactly(
                        1,
                        event(
                                test("afterWithAFaultUntilTheEnd"),
                                finishedWithFailure(message(m -> m.startsWith("@Slo(phase = AFTER) on"
                                        + " LoadPhasesTestCases.afterWithAFaultUntilTheEnd: fault latency on \""
                                        + ECHO + "\" has no lasts")))))
                .haveExactly(
                        1,
                        event(
                                test("maxDroppedWithAPhase"),
                                finishedWithFailure(message("@Slo(phase = DURING, maxDropped = 0) on"
                                        + " LoadPhasesTestCases.maxDroppedWithAPhase: maxDropped counts arrivals of"
                                        + " the whole run; put it on an @Slo without phase"))))
                .haveExactly(
                        1,
                        event(
                                test("windowLongerThanWithin"),
                                finishedWithFailure(message("@Recovers(within = \"1s\", window = \"2s\") on"
                                        + " LoadPhasesTestCases.windowLongerThanWithin: window must not be longer"
                                        + " than within"))))
                .haveExactly(
                        1,
                        event(
                                test("recoversWithoutNormalSlos"),
                                finishedWithFailure(message(m -> m.startsWith("@Recovers(request = \"nosuch\") on"
                                        + " LoadPhasesTestCases.recoversWithoutNormalSlos: recovery is judged against"
                                        + " the test's normal SLOs of \"nosuch\", and it has none")))));
        assertThat(ITERATIONS_OF_REFUSED).hasValue(0);
    }

    @Test
    void aPhaseThatDidNotHappenFailsRatherThanPassingUnjudged() {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("faultAfterTheEnd"),
                                finishedWithFailure(message(m -> m.contains(
                                        "phase DURING did not happen in this run" + " (phases: before (0.0s → ")))));
    }

    private static JsonNode resultOf(String fixture) throws IOException {
        Path file = ResultFiles.testFile(LoadPhasesTestCases.class, fixture, ".json");
        return JSON.readTree(file.toFile());
    }

    @Test
    void faultsOfOneInstantMakeOneBoundaryNotPhasesOfNoLength() {
        tests().assertThatEvents().haveExactly(1, event(test("simultaneous"), finishedSuccessfully()));
        List<PhaseResult> phases = PHASES.get("simultaneous");

        // Two faults on together at 400 ms, one healed at 900 ms as the next goes on, both off at 1.4 s.
        assertThat(phases)
                .extracting(PhaseResult::name)
                .containsExactly(
                        "before",
                        "during latency 20ms on \"" + ECHO + "\" + bandwidth 1000KB/s on \"" + ECHO + "\"",
                        "during latency 40ms on \"" + ECHO + "\"",
                        "after heal of latency 40ms on \"" + ECHO + "\"");
        assertThat(phases).allMatch(p -> p.to().minus(p.from()).toMillis() >= 400, "every phase lasts its window");
    }

    @FixtureOnly
    @WithInfrastructure
    static class LoadPhasesTestCases {
        private static EchoServer echo;
        private static RecoveringServer flaky;
        private String fixture;

        @BeforeAll
        static void startServers() throws IOException {
            echo = EchoServer.start();
            flaky = RecoveringServer.start();
            RunningInfrastructure.shared().proxyTo(ECHO, echo.address());
            RunningInfrastructure.shared().proxyTo(FLAKY, flaky.address());
        }

        @AfterAll
        static void stopServers() throws IOException {
            RunningInfrastructure.shared().removeProxy(ECHO);
            RunningInfrastructure.shared().removeProxy(FLAKY);
            echo.close();
            flaky.close();
        }

        @BeforeEach
        void name(TestInfo info) {
            fixture = info.getTestMethod().orElseThrow().getName();
            flaky.reset(fixture.equals("doesNotRecover") ? 3000 : 1500);
        }

        @AfterEach
        void keep(FaultRun run) {
            PHASES.put(fixture, run.phases());
        }

        /** One line through {@code proxy}; a refused or cut connection, or an {@code err} answer, fails it. */
        private static void call(String proxy) throws IOException, InterruptedException {
            HostPort address = RunningInfrastructure.shared().reachable(proxy);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address.host(), address.port()), 1000);
                s.setSoTimeout(2000);
                s.getOutputStream().write("ping\n".getBytes(StandardCharsets.US_ASCII));
                String answer = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                        .readLine();
                if (proxy.equals(FLAKY) && !"ok".equals(answer)) {
                    throw new IOException("answered " + answer);
                }
            } finally {
                Thread.sleep(10);
            }
        }

        @LoadTest(users = 1, duration = "2500ms", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = ECHO, ms = 200, at = "600ms", lasts = "1s")
        @Slo(phase = Phase.BEFORE, p99 = "150ms")
        @Slo(phase = Phase.DURING, p99 = "2s")
        // The median, not p99: the iterations in flight at the heal complete after it, with (part of) the fault's
        // delay, and a sample belongs to the phase in which it completes; a container's Toxiproxy releases what it
        // held back over a few more of the phase's (fewer, slower) samples than the embedded one.
        @Slo(phase = Phase.AFTER, p50 = "150ms")
        void phasesHold(VirtualUser user) throws Exception {
            call(ECHO);
        }

        @LoadTest(users = 1, duration = "2500ms", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = ECHO, ms = 200, at = "600ms", lasts = "1s")
        @Slo(p50 = "150ms")
        @Slo(phase = Phase.BEFORE, p99 = "150ms")
        @Slo(phase = Phase.DURING, p99 = "300ms")
        void duringBreached(VirtualUser user) throws Exception {
            call(ECHO);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = ECHO, ms = 20, at = "400ms", lasts = "500ms")
        @io.voiceload.faults.Bandwidth(proxy = ECHO, kbps = 1000, at = "400ms", lasts = "500ms")
        @Latency(proxy = ECHO, ms = 40, at = "900ms", lasts = "500ms")
        @Slo(phase = Phase.DURING, p99 = "2s")
        void simultaneous(VirtualUser user) throws Exception {
            call(ECHO);
        }

        @LoadTest(users = 1, duration = "2s", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = ECHO, ms = 200, at = "600ms", lasts = "600ms")
        @Slo(phase = Phase.BEFORE, p99 = "5ms")
        @Slo(phase = Phase.DURING, p99 = "2s")
        @Slo(phase = Phase.AFTER, p99 = "5ms")
        void beforeAndAfterBreached(VirtualUser user) throws Exception {
            call(ECHO);
        }

        @LoadTest(users = 2, duration = "6s", rampUp = "0s", warmupIterations = 0)
        @Partition(proxy = FLAKY, at = "1s", lasts = "1s")
        @Slo(errorRate = 1.0)
        @Slo(phase = Phase.BEFORE, errorRate = 0.01)
        @Recovers(within = "3s", window = "1s", minRequests = 20)
        void recovers(VirtualUser user) throws Exception {
            call(FLAKY);
        }

        @LoadTest(users = 2, duration = "4s", rampUp = "0s", warmupIterations = 0)
        @Partition(proxy = FLAKY, at = "1s", lasts = "500ms")
        @Slo(errorRate = 1.0)
        @Slo(phase = Phase.BEFORE, errorRate = 0.01)
        @Recovers(within = "1s", window = "500ms", minRequests = 10)
        void doesNotRecover(VirtualUser user) throws Exception {
            call(FLAKY);
        }

        @LoadTest(users = 1, requests = 1)
        @Slo(phase = Phase.DURING, p99 = "1s")
        void phaseSloWithoutFaults(VirtualUser user) {
            ITERATIONS_OF_REFUSED.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @Latency(proxy = ECHO, ms = 5)
        @Slo(phase = Phase.BEFORE, p99 = "1s")
        void beforeWithAFaultFromTheStart(VirtualUser user) {
            ITERATIONS_OF_REFUSED.incrementAndGet();
        }

        @LoadTest(users = 1, duration = "500ms", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = ECHO, ms = 5, at = "5s", lasts = "1s")
        @Slo(phase = Phase.DURING, p99 = "1s")
        void faultAfterTheEnd(VirtualUser user) throws Exception {
            call(ECHO);
        }

        @LoadTest(users = 1, requests = 1)
        @Latency(proxy = ECHO, ms = 5, at = "1s")
        @Slo(phase = Phase.AFTER, p99 = "1s")
        void afterWithAFaultUntilTheEnd(VirtualUser user) {
            ITERATIONS_OF_REFUSED.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @Latency(proxy = ECHO, ms = 5, at = "1s", lasts = "1s")
        @Slo(phase = Phase.DURING, maxDropped = 0)
        void maxDroppedWithAPhase(VirtualUser user) {
            ITERATIONS_OF_REFUSED.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @Latency(proxy = ECHO, ms = 5, at = "1s", lasts = "1s")
        @Slo(p99 = "1s")
        @Recovers(within = "1s", window = "2s")
        void windowLongerThanWithin(VirtualUser user) {
            ITERATIONS_OF_REFUSED.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 1)
        @Latency(proxy = ECHO, ms = 5, at = "1s", lasts = "1s")
        @Slo(p99 = "1s")
        @Recovers(within = "3s", request = "nosuch")
        void recoversWithoutNormalSlos(VirtualUser user) {
            ITERATIONS_OF_REFUSED.incrementAndGet();
        }
    }
}
