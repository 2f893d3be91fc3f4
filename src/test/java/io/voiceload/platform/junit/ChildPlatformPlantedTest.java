package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.infra.RunningInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A platform in a JVM of its own carries the planted bugs its command line names
 * ({@code ChildPlatform.start(infrastructure, jvmArgs, List.of("--planted", …), log)}): one that keeps every 5th
 * request's connection shows it in {@code dbPool.active} of {@code GET /admin/metrics}, where a healthy child's pool
 * is idle again after the same requests; an unknown name stops the child with the allowed names. On an
 * infrastructure of its own, so that the proxy names are free whatever platforms this JVM runs.
 */
class ChildPlatformPlantedTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path logs;

    @Test
    void aChildStartedWithAPlantedConnectionLeakKeepsItsPoolActive() throws Exception {
        try (RunningInfrastructure infrastructure = RunningInfrastructure.start(ownSettings())) {
            assertThat(activeAfterRequests(infrastructure, List.of(), "healthy.log"))
                    .as("active connections of a healthy child after 30 requests")
                    .isZero();
            assertThat(activeAfterRequests(
                            infrastructure, List.of("--planted", "store.connectionLeakEvery=5"), "leaky.log"))
                    .as("active connections of a child leaking every 5th request's, after 30 requests")
                    .isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void anUnknownPlantedBugStopsTheChildNamingTheAllowedOnes() throws Exception {
        try (RunningInfrastructure infrastructure = RunningInfrastructure.start(ownSettings())) {
            assertThatThrownBy(() -> ChildPlatform.start(
                            infrastructure,
                            List.of("-Xmx256m"),
                            List.of("--planted", "calls.neverHeardOf"),
                            logs.resolve("unknown.log")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with status 2 before it was ready")
                    .hasMessageContaining("unknown planted bug 'calls.neverHeardOf'; the planted bugs are")
                    .hasMessageContaining("calls.transcriptLeak");
        }
    }

    private int activeAfterRequests(RunningInfrastructure infrastructure, List<String> platformArgs, String log)
            throws Exception {
        try (ChildPlatform child = ChildPlatform.start(
                infrastructure, List.of("-Xmx256m", "-XX:+UseSerialGC"), platformArgs, logs.resolve(log))) {
            String token = new PlatformEndpoint(child.baseUrl(), false)
                    .login(UserRole.MANAGER, 1)
                    .accessToken();
            for (int i = 0; i < 30; i++) {
                get(child.baseUrl(), "/health/live", token);
            }
            Thread.sleep(1_000);
            JsonNode metrics = JSON.readTree(get(child.baseUrl(), "/admin/metrics", token));
            return metrics.path("dbPool").path("active").asInt();
        }
    }

    private static String get(URI base, String path, String token) throws Exception {
        HttpResponse<String> answer = HTTP.send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as("%s: %s", path, answer.body()).isEqualTo(200);
        return answer.body();
    }

    private static InfrastructureSettings ownSettings() {
        return InfrastructureSettings.resolve(
                LoadTestConfig.builtIn(), Overrides.of(Map.of("loadtest.docker", "never"), Map.of()));
    }
}
