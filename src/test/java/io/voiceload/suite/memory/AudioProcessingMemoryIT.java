package io.voiceload.suite.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.ByteSizes;
import io.voiceload.junit.LoadTest;
import io.voiceload.load.VirtualUser;
import io.voiceload.memory.Cycle;
import io.voiceload.memory.MemoryRun;
import io.voiceload.memory.NoLeak;
import io.voiceload.platform.junit.PlatformEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Audio processing memory: four users upload 4 MiB recordings, download them whole and synthesize long speech, all at
 * once. The platform streams them, so what the streams hold at any instant is bounded per stream: the heap a full
 * collection leaves while they run stays within the heap before the load plus {@value #USERS} concurrent streams of
 * {@link #BOUND_PER_STREAM} each, however large the recordings. Direct buffers stay flat (the leak verdict fits them
 * too). A platform that reads a whole upload into memory holds megabytes per stream and breaks the bound.
 */
@Memory
class AudioProcessingMemoryIT {

    static final int USERS = 4;

    /** 128 s of 16 kHz, 16-bit audio: 4 MiB and its 44-byte header. */
    static final int SECONDS = 128;

    /**
     * What one stream may hold at once, by the platform's own account (docs/platform.md: the audio routes copy in
     * pieces of at most 256 KiB, and the driver's buffers stay under the same again), with room for the rest of an
     * in-flight request.
     */
    static final long BOUND_PER_STREAM = 1L << 20;

    @AutoClose
    private final MemoryWorkloads work;

    AudioProcessingMemoryIT(PlatformEndpoint platform) {
        this.work = new MemoryWorkloads(platform);
    }

    @LoadTest(users = USERS, duration = "14s", warmup = "1s", unit = "recordings")
    @NoLeak(cycles = 6, warmupCycles = 1)
    void largeUploadsDownloadsAndSpeech(VirtualUser user) {
        work.audio(user, SECONDS, 2_000);
    }

    @AfterEach
    void heapStaysBoundedPerStream(MemoryRun memory) {
        long before = memory.baseline()
                .orElseThrow(() -> new AssertionError("no heap before the load: " + memory.target()))
                .heapAfterBytes();
        long peak = memory.cycles().stream()
                .mapToLong(Cycle::heapAfterGcBytes)
                .max()
                .orElseThrow();
        long bound = before + USERS * BOUND_PER_STREAM;
        assertThat(peak)
                .as(
                        "heap after a full GC while %d users streamed 4 MiB recordings: %s, from %s before the load; bound"
                                + " %s (%s per stream)",
                        USERS,
                        ByteSizes.display(peak),
                        ByteSizes.display(before),
                        ByteSizes.display(bound),
                        ByteSizes.display(BOUND_PER_STREAM))
                .isLessThanOrEqualTo(bound);
    }
}
