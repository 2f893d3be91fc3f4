package io.voiceload.load;

/**
 * One sample interval (100 ms to 1 s, by the length of the test) of a run's time series, for one request name
 * or for whole iterations. Latencies are of successful samples, in nanoseconds; 0 when there were none.
 *
 * @param offsetMillis end of the interval, from the start of the run (warm-up included)
 * @param intervalMillis the interval's length
 * @param successes successful samples in the interval
 * @param failures failed samples in the interval
 * @param activeUsers virtual users busy or waiting at the end of the interval
 * @param dropped open-model arrivals dropped in the interval (0 for request names)
 */
public record IntervalStats(
        long offsetMillis,
        long intervalMillis,
        long successes,
        long failures,
        long p50Nanos,
        long p90Nanos,
        long p95Nanos,
        long p99Nanos,
        long maxNanos,
        int activeUsers,
        long dropped) {

    /** Samples (successes and failures) per second in this interval. */
    public double throughput() {
        return intervalMillis == 0 ? 0 : (successes + failures) * 1000.0 / intervalMillis;
    }
}
