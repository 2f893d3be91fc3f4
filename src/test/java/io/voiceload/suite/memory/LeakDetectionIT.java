package io.voiceload.suite.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.junit.LoadTest;
import io.voiceload.load.VirtualUser;
import io.voiceload.memory.Cycle;
import io.voiceload.memory.MemoryRun;
import io.voiceload.memory.NoLeak;
import io.voiceload.memory.Verdict;
import io.voiceload.platform.junit.PlatformEndpoint;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Leak detection: a sustained mixed workload (calls driven through their lifecycle, recordings, PMS lookups and
 * logins) over twelve cycles; after each, a full collection in the platform's JVM, and the heap it leaves (with
 * metaspace, direct buffers, threads and file descriptors) fitted against the work done and against time. Passes on
 * the healthy platform; a platform that keeps something per call fails, naming the growth and the suspects. The
 * {@code soak} profile stretches the same cycles over ten minutes.
 */
@Memory
class LeakDetectionIT {

    @AutoClose
    private final MemoryWorkloads work;

    LeakDetectionIT(PlatformEndpoint platform) {
        this.work = new MemoryWorkloads(platform);
    }

    @LoadTest(users = 6, duration = "26s", warmup = "2s")
    @NoLeak(cycles = 12, warmupCycles = 3)
    void sustainedMixedWorkload(VirtualUser user) {
        switch ((int) (user.iteration() % 4)) {
            case 0, 2 -> work.callLifecycle(user);
            case 1 -> work.pmsLookup(user);
            default -> work.audio(user, 1, 40);
        }
    }

    @AfterEach
    void theVerdictRestsOnEveryCycle(MemoryRun memory) {
        List<Cycle> cycles = memory.cycles();
        // A cycle whose collection a slow one before it pushed past the load's end is left out (and said).
        assertThat(cycles).as("a full collection after each cycle").hasSizeBetween(3 + 5, 12);
        for (int i = 1; i < cycles.size(); i++) {
            assertThat(cycles.get(i).iterations())
                    .as("work done by cycle %d (the platform answered all along)", i + 1)
                    .isGreaterThan(cycles.get(i - 1).iterations());
            assertThat(cycles.get(i).heapAfterGcBytes())
                    .as("heap after the full GC of cycle %d", i + 1)
                    .isPositive();
        }
        assertThat(memory.leak()).as("a leak verdict").isPresent();
        assertThat(memory.leak().orElseThrow().verdict())
                .as("judged, not skipped: %s", memory.leak().orElseThrow().message())
                .isNotEqualTo(Verdict.NOT_JUDGED);
    }
}
