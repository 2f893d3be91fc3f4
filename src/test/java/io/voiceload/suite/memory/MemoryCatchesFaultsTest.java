package io.voiceload.suite.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.ResultFiles;
import io.voiceload.junit.TestKit;
import io.voiceload.platform.junit.ChildPlatform;
import io.voiceload.platform.junit.WithPlatform;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/**
 * The {@code memory} tests catch a platform whose memory misbehaves: each runs, as written, against a second platform
 * in a JVM of its own that carries one planted bug ({@code Main --planted}), recorded over its JMX connector as a
 * deployment's would be ({@code -Dloadtest.target.jmxUrl}), and fails naming what it found. The bugs are the ones the
 * category exists for: a per-call cache that never evicts, a connection borrowed and never returned, an upload read
 * whole into memory. That the healthy platform passes them all is the category's own run ({@code mvn verify
 * -Dgroups=memory}), in the same build.
 *
 * <p>Not tagged {@code memory}: it is a test of the category (run by {@code mvn test}); the runs are shortened (the
 * same cycles over less time) to keep it near a minute and a half.
 */
@WithPlatform // the shared infrastructure, stopped at the end of the run
class MemoryCatchesFaultsTest {

    @Test
    void leakDetectionFailsOnAPlatformThatKeepsSomethingPerCall() {
        String failure = runAgainst("calls.transcriptLeak", LeakDetectionIT.class, "26s");

        assertThat(failure)
                .containsPattern("heap after full GC grows [0-9.]+ [KM]iB per 1,000 iterations \\(95 % interval")
                .contains("a leak")
                .contains("CallTranscriptCache");
    }

    @Test
    void connectionPoolMemoryFailsWhenAConnectionIsNeverReturned() {
        String failure = runAgainst("store.connectionLeakEvery=40", ConnectionPoolMemoryIT.class, "10s");

        assertThat(failure).containsPattern("JDBC connections still borrowed 5 s after the load ended");
    }

    @Test
    void audioMemoryFailsWhenUploadsAreReadWhole() {
        String failure = runAgainst("audio.bufferWholeRecordings", AudioProcessingMemoryIT.class, "8s");

        assertThat(failure).contains("heap after a full GC while 4 users streamed 4 MiB recordings");
    }

    /**
     * Runs {@code testClass} for {@code duration} against a child platform with {@code bug} (its JVM recorded through
     * the JMX connector it prints), and returns what failed: the test must fail.
     */
    private static String runAgainst(String bug, Class<?> testClass, String duration) {
        Path log = ResultFiles.runDirectory()
                .resolve("platform")
                .resolve("planted-" + bug.replaceAll("\\W", "-") + "-" + System.currentTimeMillis() + ".log");
        try (ChildPlatform faulty = ChildPlatform.startAnother(
                RunningInfrastructure.shared(), List.of("-Xmx512m", "-XX:+UseG1GC"), List.of("--planted", bug), log)) {
            Map<String, String> properties = new HashMap<>();
            properties.put("loadtest.target.baseUrl", faulty.baseUrl().toString());
            properties.put("loadtest.target.jmxUrl", faulty.jmxUrl());
            properties.put("loadtest.duration", duration);
            Events events = TestKit.runClass(testClass, properties);
            events.assertStatistics(s -> s.failed(1));
            String failure = TestKit.failureText(events);
            System.out.println("[proof] " + testClass.getSimpleName() + " against --planted " + bug + ": " + failure);
            return failure;
        }
    }
}
