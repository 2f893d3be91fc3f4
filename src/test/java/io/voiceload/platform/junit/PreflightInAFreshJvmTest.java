package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.junit.FixtureOnly;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.TestKit;
import io.voiceload.load.VirtualUser;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineExecutionResults;

/**
 * The run's checks seen from outside, in a JVM of its own (nothing started by earlier tests, every line it
 * prints captured): a category of {@code @WithPlatform} load tests with an unknown profile reports the error
 * once, in full, without a stack trace, and starts neither the infrastructure nor the platform; and a
 * {@code target.base_url} in the configuration file is the deployment the tests get.
 */
class PreflightInAFreshJvmTest {

    @Test
    void anUnknownProfileIsReportedOnceAndStartsNothing() throws Exception {
        List<String> output = runChild(List.of("-Dloadtest.profile=hevy"), FirstTestCases.class, SecondTestCases.class);

        assertThat(output).as("the child's output").contains("RESULT 0 succeeded, 2 failed");
        assertThat(output)
                .filteredOn(l -> l.contains("unknown profile"))
                .as("lines with the whole message")
                .containsExactly("FAILED PreflightException, 0 frames: -Dloadtest.profile=hevy: unknown profile;"
                        + " defined profiles: smoke, light, normal, heavy, stress, soak, spike; did you mean"
                        + " \"heavy\"?");
        assertThat(output).filteredOn(l -> l.startsWith("FAILED")).hasSize(2).anySatisfy(l -> assertThat(l)
                .matches("FAILED PreflightException, 0 frames: not run: the configuration is invalid; see the"
                        + " first failure of this run \\((First|Second)TestCases\\) for what to fix"));
        assertThat(output)
                .as("what started although the configuration is invalid")
                .noneMatch(l -> l.contains("infrastructure started")
                        || l.contains("postgres:")
                        || l.contains("platform serving"));
        assertThat(output).contains("ITERATIONS 0");
    }

    @Test
    void theFilesTargetIsTheDeploymentTheTestsGet(@TempDir Path dir) throws Exception {
        try (PlatformExtensionTest.Deployment deployment = PlatformExtensionTest.Deployment.answering(200)) {
            String url = deployment.url();
            ObjectMapper json = new ObjectMapper();
            ObjectNode config = (ObjectNode)
                    json.readTree(Path.of(System.getProperty("loadtest.config")).toFile());
            config.putObject("target").put("base_url", url);
            Path file = Files.writeString(dir.resolve("deployment.json"), config.toPrettyString());

            List<String> output = runChild(List.of("-Dloadtest.config=" + file), FileTargetTestCases.class);

            assertThat(output).contains("RESULT 1 succeeded, 0 failed", "ENDPOINT " + url + " embedded=false");
            assertThat(output).noneMatch(l -> l.contains("infrastructure started"));
            assertThat(deployment.asked())
                    .as("requests the deployment received: the readiness check")
                    .containsExactly("/health/ready");
        }
    }

    /** Runs {@link Child} with these JVM options on these fixtures; its output, stdout and stderr together. */
    private static List<String> runChild(List<String> options, Class<?>... fixtures) throws Exception {
        List<String> jvmOptions = new ArrayList<>(options);
        if (options.stream().noneMatch(o -> o.startsWith("-Dloadtest.config="))) {
            jvmOptions.add("-Dloadtest.config=" + System.getProperty("loadtest.config", ""));
        }
        jvmOptions.add("-Dloadtest.reports.dir="
                + System.getProperty("loadtest.reports.dir", "target/framework-test-reports"));
        return FreshJvm.run(
                        jvmOptions,
                        Child.class,
                        Arrays.stream(fixtures).map(Class::getName).toArray(String[]::new))
                .lines();
    }

    static final AtomicInteger ITERATIONS = new AtomicInteger();

    /**
     * Runs the fixture classes named on its command line in one engine run and prints each failure as a report
     * would show it (its type, how many stack frames, its message), then the counts.
     */
    public static final class Child {
        public static void main(String[] args) throws ClassNotFoundException {
            List<DiscoverySelector> selectors = new ArrayList<>();
            for (String name : args) {
                selectors.add(DiscoverySelectors.selectClass(Class.forName(name)));
            }
            EngineExecutionResults results = TestKit.executeFixtures(selectors.toArray(DiscoverySelector[]::new));
            results.allEvents().failed().stream()
                    .map(e -> e.getPayload(TestExecutionResult.class)
                            .flatMap(TestExecutionResult::getThrowable)
                            .orElseThrow())
                    .forEach(t -> System.out.println("FAILED " + t.getClass().getSimpleName() + ", "
                            + t.getStackTrace().length + " frames: " + t.getMessage()
                            + (t.getCause() == null ? "" : " (caused by " + t.getCause() + ")")));
            System.out.println("RESULT " + results.testEvents().succeeded().count() + " succeeded, "
                    + results.allEvents().failed().count() + " failed");
            System.out.println("ITERATIONS " + ITERATIONS.get());
        }
    }

    @FixtureOnly
    @WithPlatform
    static class FirstTestCases {
        @LoadTest(users = 2, requests = 2)
        void calls(VirtualUser user, PlatformEndpoint platform) {
            ITERATIONS.incrementAndGet();
        }
    }

    @FixtureOnly
    @WithPlatform
    static class SecondTestCases {
        @LoadTest(users = 2, requests = 2)
        void moreCalls(VirtualUser user, PlatformEndpoint platform) {
            ITERATIONS.incrementAndGet();
        }
    }

    @FixtureOnly
    @WithPlatform
    static class FileTargetTestCases {
        @Test
        void getsTheFilesDeployment(PlatformEndpoint platform) {
            URI base = platform.baseUrl();
            System.out.println("ENDPOINT " + base + " embedded=" + platform.embedded());
        }
    }
}
