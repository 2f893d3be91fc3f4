package io.voiceload.memory;

import java.time.Duration;

/**
 * One requested GC as {@link MemoryRecorder#fullGc} saw it: its own JFR events (never another GC's), and the
 * target's other memory read over JMX right after it.
 *
 * @param gcId the JFR GC identifier
 * @param t seconds since the capture started, at the GC's start
 * @param kind {@code full}, {@code young}, {@code mixed}, {@code concurrent} (see {@link MemoryCapture.Gc})
 * @param collectorName the JFR name of the collection, e.g. {@code G1Full}
 * @param heapAfterBytes heap used after it ({@code jdk.GCHeapSummary}, {@code After GC}): the live set when the
 *     kind is {@code full}
 * @param pause its pauses' total
 * @param metaspaceAfterBytes Metaspace used after it ({@code jdk.MetaspaceSummary}, else read over JMX)
 * @param directBufferBytes direct buffers in use, read over JMX after it
 * @param mappedBufferBytes mapped buffers in use, read over JMX after it
 * @param liveThreads live (platform) threads, read over JMX after it
 * @param openFileDescriptors open file descriptors, read over JMX after it; -1 where the target does not say
 */
public record GcObservation(
        long gcId,
        double t,
        String kind,
        String collectorName,
        long heapAfterBytes,
        Duration pause,
        long metaspaceAfterBytes,
        long directBufferBytes,
        long mappedBufferBytes,
        int liveThreads,
        long openFileDescriptors) {}
