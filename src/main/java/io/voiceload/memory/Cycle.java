package io.voiceload.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * What was read in the target after one cycle of the workload and the full GC forced at its end.
 *
 * @param index the cycle's number, from 1, increasing from one cycle to the next
 * @param iterations iterations done since the measured start, cumulative (work done)
 * @param elapsedSeconds seconds since the measured start
 * @param heapAfterGcBytes heap used after the cycle's full GC
 * @param metaspaceBytes metaspace used
 * @param directBufferBytes memory used by direct buffers
 * @param liveThreads live platform threads
 * @param openFileDescriptors open file descriptors, or {@link #NOT_MEASURED} when the target does not say (not
 *     a Unix JVM)
 */
public record Cycle(
        int index,
        long iterations,
        double elapsedSeconds,
        long heapAfterGcBytes,
        long metaspaceBytes,
        long directBufferBytes,
        int liveThreads,
        long openFileDescriptors) {

    /** The value of {@link #openFileDescriptors} when the target cannot count them. */
    public static final long NOT_MEASURED = -1;

    public Cycle {
        List<String> problems = new ArrayList<>();
        if (index < 1) {
            problems.add("index must be ≥ 1, not " + index);
        }
        if (iterations < 0) {
            problems.add("iterations must be ≥ 0, not " + iterations);
        }
        if (!Double.isFinite(elapsedSeconds) || elapsedSeconds < 0) {
            problems.add("elapsedSeconds must be ≥ 0, not " + elapsedSeconds);
        }
        if (heapAfterGcBytes < 0) {
            problems.add("heapAfterGcBytes must be ≥ 0, not " + heapAfterGcBytes);
        }
        if (metaspaceBytes < 0) {
            problems.add("metaspaceBytes must be ≥ 0, not " + metaspaceBytes);
        }
        if (directBufferBytes < 0) {
            problems.add("directBufferBytes must be ≥ 0, not " + directBufferBytes);
        }
        if (liveThreads < 0) {
            problems.add("liveThreads must be ≥ 0, not " + liveThreads);
        }
        if (openFileDescriptors < NOT_MEASURED) {
            problems.add("openFileDescriptors must be ≥ 0 (or -1: not measured), not " + openFileDescriptors);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid cycle " + index + ": " + String.join("; ", problems));
        }
    }
}
