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
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A run longer than its annotation says (a profile such as {@code heavy}, here {@code -Dloadtest.duration=3s} for a
 * test written for 1.5s) stretches its fault windows in proportion: the fault written at 500 ms for 500 ms runs at
 * 1 s for 1 s.
 */
class FaultStretchTest {
    static final String PROXY = "stretch_echo";

    @Test
    void faultWindowsStretchWithTheRun() throws IOException {
        var results = TestKit.executeFixtures(Map.of("loadtest.duration", "3s"), selectClass(StretchTestCases.class));

        results.testEvents().assertThatEvents().haveExactly(1, event(test("stretched"), finishedSuccessfully()));
        JsonNode fault = new ObjectMapper()
                .readTree(ResultFiles.testFile(StretchTestCases.class, "stretched", ".json")
                        .toFile())
                .path("faults")
                .path(0);
        assertThat(fault.path("scheduledStartSeconds").asDouble()).isEqualTo(1.0);
        assertThat(fault.path("scheduledEndSeconds").asDouble()).isEqualTo(2.0);
        assertThat(fault.path("effective").asBoolean()).isTrue();
    }

    @Test
    void aRenamedProxyIsTheOneFaulted() throws IOException {
        var results = TestKit.executeFixtures(
                Map.of("loadtest.faults.proxies", "echo=" + PROXY), selectClass(RenameTestCases.class));

        results.testEvents().assertThatEvents().haveExactly(1, event(test("renamed"), finishedSuccessfully()));
        JsonNode fault = new ObjectMapper()
                .readTree(ResultFiles.testFile(RenameTestCases.class, "renamed", ".json")
                        .toFile())
                .path("faults")
                .path(0);
        assertThat(fault.path("proxy").asText()).isEqualTo(PROXY);
        assertThat(fault.path("effective").asBoolean())
                .as("traffic crossed the renamed proxy")
                .isTrue();
    }

    @FixtureOnly
    @WithInfrastructure
    static class RenameTestCases {
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

        @LoadTest(users = 1, duration = "1s", rampUp = "0s", warmupIterations = 0)
        @Latency(proxy = "echo", ms = 5, at = "300ms", lasts = "400ms")
        void renamed(VirtualUser user) throws Exception {
            StretchTestCases.echoOnce();
        }
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
            echoOnce();
        }

        static void echoOnce() throws Exception {
            HostPort address = RunningInfrastructure.shared().reachable(PROXY);
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address.host(), address.port()), 300);
                s.setSoTimeout(300);
                s.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().readNBytes(4);
            }
            Thread.sleep(20);
        }
    }
}
