package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * One service-level objective: a metric, its threshold, optionally the request name it concerns
 * ({@code null}: whole iterations), and where it came from (for messages, e.g. {@code @Slo} or
 * {@code load_test_config.json thresholds.p95}).
 *
 * @param threshold nanoseconds for latency metrics, a fraction for the error rate, samples per
 *     second for throughput, a count for dropped arrivals
 */
public record SloRule(SloMetric metric, double threshold, String request, String origin) {

    public SloRule {
        Objects.requireNonNull(metric, "metric");
        if (!(threshold >= 0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(
                    metric.label() + " threshold must be a finite number >= 0: " + threshold);
        }
        if ((metric == SloMetric.ERROR_RATE || metric == SloMetric.GC_CPU_SHARE) && threshold > 1) {
            throw new IllegalArgumentException("error rate threshold must be between 0 and 1: " + threshold);
        }
        if (metric == SloMetric.MAX_DROPPED && request != null) {
            throw new IllegalArgumentException("dropped arrivals are counted per run, not per request: " + request);
        }
        request = request == null || request.isBlank() ? null : request;
        origin = origin == null ? "" : origin;
    }

    public static SloRule latency(SloMetric metric, Duration max, String request, String origin) {
        if (metric.kind() != SloMetric.Kind.LATENCY) {
            throw new IllegalArgumentException(metric + " is not a latency metric");
        }
        return new SloRule(metric, max.toNanos(), request, origin);
    }

    public static SloRule errorRate(double max, String request, String origin) {
        return new SloRule(SloMetric.ERROR_RATE, max, request, origin);
    }

    public static SloRule minThroughput(double perSecond, String request, String origin) {
        return new SloRule(SloMetric.MIN_THROUGHPUT, perSecond, request, origin);
    }

    public static SloRule maxDropped(long max, String origin) {
        return new SloRule(SloMetric.MAX_DROPPED, max, null, origin);
    }

    /** What is constrained: {@code p95 of iterations}, {@code error rate of POST /calls}. */
    public String subject() {
        if (metric == SloMetric.MAX_DROPPED) {
            return "dropped arrivals";
        }
        if (metric.ofTargetJvm()) {
            return metric.label() + " of the target JVM";
        }
        return metric.label() + " of " + (request == null ? "iterations" : request);
    }

    /** The requirement as a person reads it: {@code ≤ 300ms}, {@code ≥ 40.0/s}. */
    public String requirement() {
        return (metric.isLowerBound() ? "≥ " : "≤ ") + formatValue(metric, threshold);
    }

    static String formatValue(SloMetric metric, double value) {
        return switch (metric.kind()) {
            case LATENCY -> Durations.displayNanos(value);
            case RATIO -> String.format(Locale.ROOT, "%.2f%%", value * 100);
            case THROUGHPUT -> String.format(Locale.ROOT, "%.1f/s", value);
            case COUNT -> String.valueOf((long) value);
            case BYTES -> io.voiceload.config.ByteSizes.display(value);
        };
    }
}
