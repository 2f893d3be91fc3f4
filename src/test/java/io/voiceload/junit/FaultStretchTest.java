package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.faults.EchoServer;
import io.voiceload.faults.Latency;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * How a run's set-up changes its written faults: a run longer than its annotation says (a profile such as {@code
 * heavy}, here {@code -Dloadtest.duration=3s}) stretches the fault windows in proportion, and {@code
 * -Dloadtest.faults.proxies} points a fault at the proxy the set-up names otherwise.
 */
class FaultStretchTest {
    static final String PROXY = "stretch_echo";
    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixtures() {
        results = TestKit.executeFixtures(
                Map.of("loadtest.duration", "3s", "loadtest.faults.proxies", "echo=" + PROXY),
                selectClass(StretchTestCases.class));
    }

    @Test
    void faultWindowsStretchWithTheRun() throws IOException {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("stretched"), finishedSuccessfully()));
        JsonNode fault = faultOf("stretched");

        // Written for 1.5 s at 500 ms for 500 ms; the run lasts 3 s.
        assertThat(fault.path("scheduledStartSeconds").asDouble()).isEqualTo(1.0);
        assertThat(fault.path("scheduledEndSeconds").asDouble()).isEqualTo(2.0);
        assertThat(fault.path("effective").asBoolean()).isTrue();
    }

    @Test
    void aRenamedProxyIsTheOneFaulted() throws IOException {
        results.testEvents().assertThatEvents().haveExactly(1, event(test("renamed"), finishedSuccessfully()));
        JsonNode fault = faultOf("renamed");

        assertThat(fault.path("proxy").asText()).isEqualTo(PROXY);
        assertThat(fault.path("effective").asBoolean())
                .as("traffic crossed the renamed proxy")
                .isTrue();
    }

    private static JsonNode faultOf(String fixture) throws IOException {
        return new ObjectMapper()
                .readTree(ResultFiles.testFile(StretchTestCases.class, fixture, ".json")
                        .toFile())
                .path("faults")
                .path(0);
    }

    @FixtureOnly
    @WithInfrastructure
    static class StretchTestCases {
        private static EchoServer echo;

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

        @LoadTest(users = 1, duration = "1500ms", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = PROXY, ms = 5, at = "500ms", lasts = "500ms")
        void stretched(VirtualUser user) throws Exception {
            EchoServer.pingThrough(PROXY);
            Thread.sleep(20);
        }

        @LoadTest(users = 1, duration = "1s", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = "echo", ms = 5, at = "300ms", lasts = "400ms")
        void renamed(VirtualUser user) throws Exception {
            EchoServer.pingThrough(PROXY);
            Thread.sleep(20);
        }
    }
}
