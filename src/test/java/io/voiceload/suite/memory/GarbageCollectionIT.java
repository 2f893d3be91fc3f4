package io.voiceload.suite.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.ByteSizes;
import io.voiceload.junit.LoadTest;
import io.voiceload.load.VirtualUser;
import io.voiceload.memory.MemoryRun;
import io.voiceload.memory.RecordMemory;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Garbage collection: the same load on the platform run by G1 and by ZGC, each in a JVM of its own with the same heap,
 * judged by the target JVM's SLOs (GC pause p99, GC CPU share, heap after GC) and shown side by side: collections,
 * pause p99 and maximum, GC CPU share and allocation rate.
 */
@Memory
class GarbageCollectionIT {

    private static final Map<String, String> SIDE_BY_SIDE = new TreeMap<>();

    private MemoryWorkloads work;

    @BeforeEach
    void connect(PlatformEndpoint platform) {
        work = new MemoryWorkloads(platform);
    }

    @AfterEach
    void close() {
        work.close();
    }

    @LoadTest(users = 6, duration = "5s", warmup = "1s")
    @RecordMemory
    @WithPlatform(
            jvm = WithPlatform.Jvm.OWN,
            jvmArgs = {"-Xmx512m", "-XX:+UseG1GC"})
    void g1(VirtualUser user) {
        mixed(user);
    }

    @LoadTest(users = 6, duration = "5s", warmup = "1s")
    @RecordMemory
    @WithPlatform(
            jvm = WithPlatform.Jvm.OWN,
            jvmArgs = {"-Xmx512m", "-XX:+UseZGC"})
    void zgc(VirtualUser user) {
        mixed(user);
    }

    private void mixed(VirtualUser user) {
        if (user.iteration() % 3 == 2) {
            work.audio(user, 2, 100);
        } else {
            work.callLifecycle(user);
        }
    }

    @AfterEach
    void theCollectorAskedForRan(MemoryRun memory, TestInfo test) {
        String method = test.getTestMethod().orElseThrow().getName();
        String expected = method.equals("zgc") ? "ZGC" : "G1";
        assertThat(memory.capture().collector())
                .as("the collector of %s", memory.target())
                .isEqualTo(expected);
        assertThat(memory.capture().summary().gcCount())
                .as("collections recorded under load")
                .isGreaterThan(1);
        SIDE_BY_SIDE.put(
                expected,
                String.format(
                        Locale.ROOT,
                        "%-4s %5d collections, pause p99 %8.2f ms, max %8.2f ms, GC CPU share %5.1f %% (%s), allocation %s/s",
                        expected,
                        memory.capture().summary().gcCount(),
                        memory.loadPauseP99Nanos() / 1e6,
                        memory.loadPauseMaxNanos() / 1e6,
                        memory.capture().summary().gcCpuShare() * 100,
                        memory.capture().summary().gcCpuShareSource(),
                        ByteSizes.display(memory.capture().summary().allocationRateBytesPerSecond())));
    }

    @AfterAll
    static void sideBySide() {
        if (!SIDE_BY_SIDE.isEmpty()) {
            System.out.println("[memory] collectors side by side:\n  " + String.join("\n  ", SIDE_BY_SIDE.values()));
        }
    }
}
