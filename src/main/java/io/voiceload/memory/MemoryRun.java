package io.voiceload.memory;

import io.voiceload.config.ByteSizes;
import io.voiceload.load.SloOutcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a load test that records memory ({@link RecordMemory}, {@link NoLeak}) learnt of the system under test's JVM:
 * the recording, the heap a full collection left before the load, the leak cycles and their verdict, the allocation
 * per iteration and the target JVM's SLOs. An {@code @AfterEach} method of the test receives it, for checks of its
 * own.
 *
 * <pre>{@code
 * @AfterEach
 * void heapStaysBounded(MemoryRun memory) {
 *     long before = memory.baseline().orElseThrow().heapAfterBytes();
 *     assertThat(memory.peakCycleHeapBytes()).isLessThan(before + 4 * 1024 * 1024);
 * }
 * }</pre>
 *
 * @param target whose JVM it measured, in words
 * @param remote whether that JVM is another process (over JMX), not this one
 * @param capture everything recorded
 * @param baseline the full collection requested before the load; empty when the target ignores requested ones
 * @param cycles the leak verdict's cycles, in order (empty without {@link NoLeak})
 * @param leak the leak verdict (empty without {@link NoLeak})
 * @param iterations the iterations the recording covered, warm-up included
 * @param allocationPerIteration bytes the target allocated per iteration over the recording
 * @param slos the target JVM's SLOs, judged
 * @param jfrFile the recording, which opens in JDK Mission Control
 */
public record MemoryRun(
        String target,
        boolean remote,
        MemoryCapture capture,
        Optional<GcObservation> baseline,
        List<Cycle> cycles,
        Optional<LeakVerdict> leak,
        long iterations,
        double allocationPerIteration,
        List<SloOutcome> slos,
        Path jfrFile) {

    public MemoryRun {
        cycles = List.copyOf(cycles);
        slos = List.copyOf(slos);
    }

    /** The highest heap a cycle's full collection left; 0 without cycles. */
    public long peakCycleHeapBytes() {
        return cycles.stream().mapToLong(Cycle::heapAfterGcBytes).max().orElse(0);
    }

    /** Collections the load caused: all but the ones the recording requested ({@link MemoryCapture#loadCollections}). */
    public List<MemoryCapture.Gc> loadCollections() {
        return capture.loadCollections();
    }

    /** The 99th percentile of the load's collections' pauses, in nanoseconds ({@link MemoryCapture#loadPauseP99Nanos}). */
    public double loadPauseP99Nanos() {
        return capture.loadPauseP99Nanos();
    }

    /** The longest pause of a collection the load caused, in nanoseconds; NaN when there were none. */
    public double loadPauseMaxNanos() {
        return loadCollections().stream()
                .mapToDouble(g -> g.pauseMs() * 1e6)
                .max()
                .orElse(Double.NaN);
    }

    /** {@code heap after GC peak 61.2 MiB, 14 collections (pause p99 3.10 ms), 402 KiB allocated per iteration}. */
    public String summaryLine() {
        MemoryCapture.Summary s = capture.summary();
        double p99 = loadPauseP99Nanos();
        return String.format(
                Locale.ROOT,
                "%s (%s): heap after GC peak %s, %s (load's pause p99 %s), GC CPU share %.1f %%, %s"
                        + " allocated per iteration; recording %s",
                target,
                capture.collector(),
                s.heapAfterGcPeakBytes() == null ? "not recorded" : ByteSizes.display(s.heapAfterGcPeakBytes()),
                s.gcCount() == 1 ? "1 collection" : s.gcCount() + " collections",
                Double.isNaN(p99) ? "none" : String.format(Locale.ROOT, "%.2f ms", p99 / 1e6),
                s.gcCpuShare() * 100,
                Double.isNaN(allocationPerIteration) ? "nothing" : ByteSizes.display(allocationPerIteration),
                jfrFile);
    }
}
