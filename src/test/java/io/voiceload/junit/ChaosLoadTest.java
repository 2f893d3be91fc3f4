package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.faults.Chaos;
import io.voiceload.faults.ChaosSchedule;
import io.voiceload.faults.EchoServer;
import io.voiceload.faults.FaultSpec;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * {@code @Chaos} on a load test, through the Jupiter engine: the schedule drawn from the run's seed is printed with
 * the plan, each drawn fault is applied, bites and is healed like a written one, the same seed replays the same
 * schedule, and a chaos test without a duration is refused before any load.
 */
class ChaosLoadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String PROXY = "chaos_echo";
    private static EngineExecutionResults results;
    private static String printed;

    @BeforeAll
    static void runFixtures() {
        PrintStream out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            results = TestKit.executeFixtures(
                    Map.of("loadtest.seed", "42"),
                    org.junit.platform.engine.discovery.DiscoverySelectors.selectClass(ChaosTestCases.class));
        } finally {
            System.setOut(out);
        }
        printed = captured.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
    }

    @Test
    void theDrawnFaultsAreAppliedBiteAndAreHealed() throws Exception {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("underChaos"), finishedSuccessfully()));
        JsonNode faults = JSON.readTree(ResultFiles.testFile(ChaosTestCases.class, "underChaos", ".json")
                        .toFile())
                .path("faults");

        Chaos chaos = ChaosTestCases.class
                .getDeclaredMethod("underChaos", VirtualUser.class)
                .getAnnotation(Chaos.class);
        List<FaultSpec> expected = ChaosSchedule.draw(chaos, 42, Duration.ofSeconds(3), "ChaosTestCases.underChaos");
        assertThat(faults).hasSize(expected.size()).hasSize(3);
        for (int i = 0; i < expected.size(); i++) {
            JsonNode f = faults.get(i);
            assertThat(f.path("kind").asText()).isEqualTo(expected.get(i).kind().label());
            assertThat(f.path("scheduledStartSeconds").asDouble())
                    .isEqualTo(expected.get(i).at().toNanos() / 1e9);
            assertThat(f.path("effective").asBoolean()).as("fault %d bit", i).isTrue();
            assertThat(f.path("healed").asText()).isEqualTo("LASTS_ELAPSED");
        }
        assertThat(printed)
                .contains("[chaos] ChaosTestCases.underChaos: 3 faults drawn from seed 42; replay with"
                        + " -Dloadtest.seed=42");
        assertThat(ChaosTestCases.cleanAfter)
                .as("the proxy enabled and without a toxic after the test")
                .isTrue();
    }

    @Test
    void aChaosTestWithoutADurationIsRefusedBeforeAnyLoad() {
        results.testEvents()
                .assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("withoutDuration"),
                                finishedWithFailure(message(m -> m.startsWith(
                                        "@Chaos(every = \"1s\") on ChaosTestCases.withoutDuration: the test's duration"
                                                + " must be at least every, and it has none")))));
        assertThat(ChaosTestCases.ITERATIONS_WITHOUT_DURATION)
                .as("iterations of the refused test")
                .isZero();
    }

    @FixtureOnly
    @WithInfrastructure
    static class ChaosTestCases {
        private static EchoServer echo;
        static volatile int ITERATIONS_WITHOUT_DURATION;
        static volatile boolean cleanAfter;

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

        @AfterEach
        void checkClean() throws IOException {
            var proxy = RunningInfrastructure.shared().toxiproxyClient().getProxy(PROXY);
            cleanAfter = proxy.isEnabled() && proxy.toxics().getAll().isEmpty();
        }

        @LoadTest(users = 2, duration = "3s", rampUp = "0s", warmupIterations = 0)
        @Chaos(proxies = PROXY, every = "1s", lasts = "400ms")
        void underChaos(VirtualUser user) throws Exception {
            echoOnce();
        }

        @LoadTest(users = 1, requests = 3, rampUp = "0s", warmupIterations = 0)
        @Chaos(proxies = PROXY, every = "1s", lasts = "400ms")
        void withoutDuration(VirtualUser user) {
            ITERATIONS_WITHOUT_DURATION++;
        }

        private static void echoOnce() throws InterruptedException {
            try {
                EchoServer.pingThrough(PROXY);
            } catch (IOException expectedDuringSomeFaults) {
                // refused, reset, cut or slow: the chaos at work
            }
            Thread.sleep(20);
        }
    }
}
