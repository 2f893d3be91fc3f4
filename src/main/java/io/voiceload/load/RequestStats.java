package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Immutable statistics of one request name, or of whole iterations, over the measured phase.
 * Latency figures describe <b>successful</b> samples (failures are counted, and their latencies kept
 * in {@link #failureHistogram()}, but a fast-failing error must not make latency look good).
 */
public final class RequestStats {
    private final String name;
    private final Histogram success;
    private final Histogram failure;
    private final Map<String, Long> errors;
    private final Map<String, String> errorSamples;
    private final double elapsedSeconds;
    private final List<IntervalStats> timeSeries;

    RequestStats(
            String name,
            Histogram success,
            Histogram failure,
            Map<String, Long> errors,
            Map<String, String> errorSamples,
            double elapsedSeconds,
            List<IntervalStats> timeSeries) {
        this.name = name;
        this.success = success;
        this.failure = failure;
        this.errors = errors;
        this.errorSamples = errorSamples;
        this.elapsedSeconds = elapsedSeconds;
        this.timeSeries = timeSeries;
    }

    /** An empty record for a name that saw no sample. */
    static RequestStats empty(String name, double elapsedSeconds) {
        return new RequestStats(
                name,
                NamedMetrics.newHistogram(),
                NamedMetrics.newHistogram(),
                Map.of(),
                Map.of(),
                elapsedSeconds,
                List.of());
    }

    public String name() {
        return name;
    }

    public long successes() {
        return success.getTotalCount();
    }

    public long failures() {
        return failure.getTotalCount();
    }

    /** All samples, successful or not. */
    public long count() {
        return successes() + failures();
    }

    /** Failures over all samples; 0 when there was no sample. */
    public double errorRate() {
        long n = count();
        return n == 0 ? 0 : (double) failures() / n;
    }

    /** Samples (successes and failures) per second of the measured phase. */
    public double throughput() {
        return elapsedSeconds <= 0 ? 0 : count() / elapsedSeconds;
    }

    /** Successful samples per second of the measured phase. */
    public double successThroughput() {
        return elapsedSeconds <= 0 ? 0 : successes() / elapsedSeconds;
    }

    /** The latency at {@code percentile} (0–100) of successful samples; zero when there were none. */
    public Duration percentile(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be between 0 and 100: " + percentile);
        }
        return successes() == 0 ? Duration.ZERO : Duration.ofNanos(success.getValueAtPercentile(percentile));
    }

    public Duration mean() {
        return successes() == 0 ? Duration.ZERO : Duration.ofNanos(Math.round(success.getMean()));
    }

    public Duration min() {
        return successes() == 0 ? Duration.ZERO : Duration.ofNanos(success.getMinValue());
    }

    public Duration max() {
        return successes() == 0 ? Duration.ZERO : Duration.ofNanos(success.getMaxValue());
    }

    public Duration stdDev() {
        return successes() == 0 ? Duration.ZERO : Duration.ofNanos(Math.round(success.getStdDeviation()));
    }

    /** Error kinds (see {@link HttpStatusFailure}) and their counts, most frequent first. */
    public Map<String, Long> errors() {
        return errors;
    }

    /** For each error kind, the first failure seen ({@code toString()} of the exception). */
    public Map<String, String> errorSamples() {
        return errorSamples;
    }

    /** A copy of the HdrHistogram of successful latencies, in nanoseconds. */
    public Histogram histogram() {
        return success.copy();
    }

    /** A copy of the HdrHistogram of failed samples' latencies, in nanoseconds. */
    public Histogram failureHistogram() {
        return failure.copy();
    }

    /** One point per reporting interval (normally a second). */
    public List<IntervalStats> timeSeries() {
        return timeSeries;
    }

    /** {@code 1000 ok, 3 failed (0.30%), 98.1/s, p50 12ms p95 40ms p99 80ms max 120ms}. */
    public String summary() {
        if (successes() == 0) {
            return String.format(
                    java.util.Locale.ROOT,
                    "0 ok, %d failed (%.2f%%), %.1f/s, no successful sample to measure latency",
                    failures(),
                    errorRate() * 100,
                    throughput());
        }
        return String.format(
                java.util.Locale.ROOT,
                "%d ok, %d failed (%.2f%%), %.1f/s, avg %s p50 %s p95 %s p99 %s max %s",
                successes(),
                failures(),
                errorRate() * 100,
                throughput(),
                Durations.display(mean()),
                Durations.display(percentile(50)),
                Durations.display(percentile(95)),
                Durations.display(percentile(99)),
                Durations.display(max()));
    }

    @Override
    public String toString() {
        return name + ": " + summary();
    }
}
