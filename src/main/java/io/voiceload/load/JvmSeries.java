package io.voiceload.load;

import java.util.List;

/**
 * Memory, GC and CPU of the load-generating JVM during a run, one point per sample interval, on the
 * same clock as the request time series ({@link IntervalStats#offsetMillis()}).
 *
 * @param heapMaxMb the heap's maximum size in MiB ({@code -Xmx}), or the runtime's best guess
 * @param points one point per sample interval, oldest first; empty for windows of a run
 */
public record JvmSeries(double heapMaxMb, List<Point> points) {

    /** A series without points (a window of a run, or a run that sampled nothing). */
    public static final JvmSeries EMPTY = new JvmSeries(0, List.of());

    public JvmSeries {
        points = List.copyOf(points);
    }

    /**
     * One sample interval.
     *
     * @param offsetMillis end of the interval, from the start of the run (warm-up included)
     * @param heapUsedMb heap in use at the end of the interval, MiB
     * @param heapCommittedMb heap committed by the JVM at the end of the interval, MiB
     * @param gcPauseMillis stop-the-world GC time during the interval (collectors that time pauses,
     *     not concurrent cycles)
     * @param gcCount stop-the-world collections during the interval
     * @param cpuShare this process's CPU time over (interval × available cores), 0 to 1; 0 when unknown
     */
    public record Point(
            long offsetMillis,
            double heapUsedMb,
            double heapCommittedMb,
            double gcPauseMillis,
            long gcCount,
            double cpuShare) {}
}
