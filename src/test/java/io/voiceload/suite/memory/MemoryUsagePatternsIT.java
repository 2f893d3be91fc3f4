package io.voiceload.suite.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.ByteSizes;
import io.voiceload.junit.LoadTest;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.memory.MemoryRun;
import io.voiceload.memory.RecordMemory;
import io.voiceload.platform.junit.PlatformEndpoint;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestInfo;

/**
 * Memory usage patterns: the platform's heap, allocation per request and collections under four kinds of load, each
 * recorded in the platform's own JVM, and one table that names the dearest kind of request per byte allocated. Each
 * request checks what the platform did ({@link MemoryWorkloads}); each test is judged by the target JVM's SLOs (heap
 * after GC, GC pause p99, GC CPU share). The audio requests move 256 KiB of recording each way and synthesize speech:
 * they must be the dearest, by a margin.
 */
@Memory
class MemoryUsagePatternsIT {

    /** Bytes allocated per request by kind, as the tests of this class measured them. */
    private static final Map<String, Double> PER_REQUEST = new ConcurrentHashMap<>();

    @AutoClose
    private final MemoryWorkloads work;

    MemoryUsagePatternsIT(PlatformEndpoint platform) {
        this.work = new MemoryWorkloads(platform);
    }

    @LoadTest(users = 6, duration = "3s", warmup = "1s", unit = "calls")
    @RecordMemory
    void callLifecycle(VirtualUser user) {
        work.callLifecycle(user);
    }

    @LoadTest(users = 4, duration = "3s", warmup = "1s", unit = "recordings")
    @RecordMemory
    void audio(VirtualUser user) {
        work.audio(user, 8, 300); // 8 s at 16 kHz: 256 KiB up and down, and 300 characters of speech
    }

    @LoadTest(users = 4, duration = "3s", warmup = "1s", unit = "logins")
    @RecordMemory
    void auth(VirtualUser user) {
        work.auth(user);
    }

    @LoadTest(users = 6, duration = "3s", warmup = "1s", unit = "lookups")
    @RecordMemory
    void pmsLookups(VirtualUser user) {
        work.pmsLookup(user);
    }

    @AfterEach
    void allocationWasMeasuredPerRequest(MemoryRun memory, LoadResult result, TestInfo test) {
        assertThat(memory.remote())
                .as("recorded in the platform's own JVM: %s", memory.target())
                .isTrue();
        assertThat(result.iterations().successes()).isPositive();
        assertThat(memory.capture().summary().allocatedBytes())
                .as("bytes the platform allocated over the test")
                .isPositive();
        assertThat(memory.capture().summary().gcCount())
                .as("collections recorded (a full one before the load at least)")
                .isPositive();
        double perRequest = memory.allocationPerIteration();
        assertThat(perRequest).as("bytes allocated per request").isPositive().isFinite();
        PER_REQUEST.put(test.getTestMethod().orElseThrow().getName(), perRequest);
    }

    @AfterAll
    static void theDearestRequestIsNamed() {
        if (PER_REQUEST.size() < 4) {
            return; // one test run alone (from the IDE): nothing to compare
        }
        StringBuilder table = new StringBuilder("[memory] bytes allocated per request, dearest first:");
        PER_REQUEST.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()))
                .forEach(e -> table.append(
                        String.format(Locale.ROOT, "\n  %-14s %s", e.getKey(), ByteSizes.display(e.getValue()))));
        System.out.println(table);
        double audio = PER_REQUEST.get("audio");
        for (Map.Entry<String, Double> other : PER_REQUEST.entrySet()) {
            if (!other.getKey().equals("audio")) {
                assertThat(audio)
                        .as(
                                "an audio request (256 KiB up, 256 KiB down, speech) allocates more than one of %s",
                                other.getKey())
                        .isGreaterThan(other.getValue());
            }
        }
    }
}
