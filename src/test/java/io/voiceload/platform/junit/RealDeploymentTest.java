package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.junit.FixtureOnly;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.TestKit;
import io.voiceload.load.VirtualUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * A suite pointed at a real deployment ({@code -Dloadtest.target.baseUrl}) needs no class of the platform
 * itself: in a JVM of its own, a {@code @WithPlatform} load test runs against a platform that another JVM
 * serves, and of our classes it loads only the framework's and the bridge's ({@code platform.junit}).
 */
@WithPlatform
class RealDeploymentTest {

    @Test
    void aLoadTestAgainstADeploymentLoadsNoPlatformClass(PlatformEndpoint deployment, @TempDir Path reports)
            throws Exception {
        FreshJvm.Output child = FreshJvm.run(
                List.of(
                        "-verbose:class",
                        "-Dloadtest.target.baseUrl=" + deployment.baseUrl(),
                        "-Dloadtest.config=" + System.getProperty("loadtest.config", ""),
                        "-Dloadtest.reports.dir=" + reports,
                        "-Dloadtest.runReport=false"),
                Child.class);
        List<String> output = child.lines();
        List<String> loaded = child.loadedClasses().stream()
                .filter(c -> c.startsWith("io.voiceload."))
                .toList();

        assertThat(output).as("the child's output").contains("SUCCEEDED 1 of 1");
        assertThat(loaded).as("the bridge was used").contains(PlatformExtension.class.getName());
        assertThat(loaded)
                .as("classes of the platform itself loaded by a suite testing a deployment")
                .noneMatch(
                        c -> c.startsWith("io.voiceload.platform.") && !c.startsWith("io.voiceload.platform.junit."));
    }

    /** Runs {@link DeploymentTestCases} in the child JVM and prints how many of its tests succeeded. */
    public static final class Child {
        public static void main(String[] args) {
            EngineExecutionResults results =
                    TestKit.executeFixtures(DiscoverySelectors.selectClass(DeploymentTestCases.class));
            results.testEvents().failed().stream().forEach(e -> System.out.println("FAILED " + e));
            System.out.println("SUCCEEDED " + results.testEvents().succeeded().count() + " of "
                    + results.testEvents().started().count());
        }
    }

    @FixtureOnly
    @WithPlatform
    static class DeploymentTestCases {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        @LoadTest(users = 2, requests = 2)
        void listsCalls(VirtualUser user, PlatformEndpoint platform) throws Exception {
            assertThat(platform.embedded()).isFalse();
            HttpResponse<String> calls = HTTP.send(
                    HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/calls?limit=1"))
                            .header("Authorization", platform.session(user, UserRole.FRONT_DESK))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(calls.statusCode()).as(calls.body()).isEqualTo(200);
        }
    }
}
