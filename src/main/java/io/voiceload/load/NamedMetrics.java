package io.voiceload.load;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The metrics of one request name (or of whole iterations). Writers (virtual users) call the
 * {@code record…} methods concurrently: lock-free HdrHistogram {@link Recorder}s and adders, no
 * allocation on the success path. The single reporting thread calls {@link #sample}, which moves
 * interval histograms into the running totals and appends one point to the time series.
 */
final class NamedMetrics {
    /** 1 µs to 1 h, 3 significant digits; values are nanoseconds. */
    static final long LOWEST_NANOS = 1_000;

    static final long HIGHEST_NANOS = 3_600_000_000_000L;
    static final int DIGITS = 3;
    static final int MAX_ERROR_KINDS = 50;
    static final String OTHER_ERRORS = "other errors (more than " + MAX_ERROR_KINDS + " kinds)";

    final String name;
    private final Recorder ok = newRecorder();
    private final Recorder ko = newRecorder();
    private final ConcurrentHashMap<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Throwable> errorSamples = new ConcurrentHashMap<>();

    // Reader side: touched by the reporting thread only (and by snapshot() after it stopped).
    private final Histogram okTotal = newHistogram();
    private final Histogram koTotal = newHistogram();
    private Histogram okInterval;
    private Histogram koInterval;
    private final List<IntervalStats> series = new ArrayList<>();

    NamedMetrics(String name) {
        this.name = name;
    }

    static Recorder newRecorder() {
        return new Recorder(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    }

    static Histogram newHistogram() {
        return new Histogram(LOWEST_NANOS, HIGHEST_NANOS, DIGITS);
    }

    static long clamp(long nanos) {
        return Math.max(LOWEST_NANOS / 2, Math.min(HIGHEST_NANOS, nanos));
    }

    void recordSuccess(long nanos) {
        ok.recordValue(clamp(nanos));
    }

    void recordFailure(long nanos, String errorKey, Throwable sample) {
        ko.recordValue(clamp(nanos));
        String key = errors.size() >= MAX_ERROR_KINDS && !errors.containsKey(errorKey) ? OTHER_ERRORS : errorKey;
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
        if (sample != null && errorSamples.size() < MAX_ERROR_KINDS) {
            errorSamples.putIfAbsent(key, sample);
        }
    }

    /** Moves what was recorded since the last call into the totals; returns the interval's point. */
    IntervalStats sample(long offsetMillis, long intervalMillis, int activeUsers, long dropped) {
        okInterval = ok.getIntervalHistogram(okInterval);
        koInterval = ko.getIntervalHistogram(koInterval);
        okTotal.add(okInterval);
        koTotal.add(koInterval);
        IntervalStats point = new IntervalStats(
                offsetMillis,
                intervalMillis,
                okInterval.getTotalCount(),
                koInterval.getTotalCount(),
                pct(okInterval, 50),
                pct(okInterval, 90),
                pct(okInterval, 95),
                pct(okInterval, 99),
                okInterval.getTotalCount() == 0 ? 0 : okInterval.getMaxValue(),
                activeUsers,
                dropped);
        series.add(point);
        return point;
    }

    /** The last interval's success histogram (valid until the next {@link #sample}). */
    Histogram lastSuccessInterval() {
        return okInterval;
    }

    Histogram lastFailureInterval() {
        return koInterval;
    }

    Histogram successTotal() {
        return okTotal;
    }

    long totalSuccesses() {
        return okTotal.getTotalCount();
    }

    long totalFailures() {
        return koTotal.getTotalCount();
    }

    /** Immutable statistics of everything sampled so far. */
    RequestStats snapshot(double elapsedSeconds) {
        Map<String, Long> counts = new LinkedHashMap<>();
        errors.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue().sum(), a.getValue().sum()))
                .forEach(e -> counts.put(e.getKey(), e.getValue().sum()));
        Map<String, String> samples = new LinkedHashMap<>();
        counts.keySet().forEach(k -> {
            Throwable t = errorSamples.get(k);
            if (t != null) {
                samples.put(k, t.toString());
            }
        });
        return new RequestStats(
                name,
                okTotal.copy(),
                koTotal.copy(),
                Collections.unmodifiableMap(counts),
                Collections.unmodifiableMap(samples),
                elapsedSeconds,
                List.copyOf(series));
    }

    private static long pct(Histogram h, double p) {
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
    }
}
