package io.voiceload.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The measured totals of a run at one instant, taken by the reporting thread ({@link
 * IntervalReporter#sampleTotals()}). The difference of two totals is what was recorded between them:
 * histograms subtract exactly, so a window's percentiles are true percentiles of its samples, never
 * averages of interval percentiles.
 */
final class RunTotals {
    final long nanos;
    private final RequestStats iterations;
    private final Map<String, RequestStats> requests;

    private RunTotals(long nanos, RequestStats iterations, Map<String, RequestStats> requests) {
        this.nanos = nanos;
        this.iterations = iterations;
        this.requests = requests;
    }

    /** Called on the reporting thread (or under its lock) right after a sample. */
    static RunTotals of(RunState run, long nanos) {
        Map<String, RequestStats> requests = new TreeMap<>();
        for (NamedMetrics m : run.requests()) {
            requests.put(m.name, m.snapshot(0));
        }
        return new RunTotals(nanos, run.iterations.snapshot(0), requests);
    }

    /** Nothing recorded yet, at {@code nanos}: the totals at the start of the measured phase. */
    static RunTotals empty(long nanos) {
        return new RunTotals(nanos, RequestStats.empty(RunState.ITERATION, 0), Map.of());
    }

    /**
     * What was recorded between {@code earlier} and these totals, as a {@link LoadResult} that the
     * {@link SloEvaluator} can judge. Throughputs are per second of the window.
     *
     * @param plan the run's plan, with its seed set
     */
    LoadResult since(RunTotals earlier, LoadPlan plan, long runStartNanos) {
        double seconds = Math.max(0, nanos - earlier.nanos) / 1e9;
        Map<String, RequestStats> window = new TreeMap<>();
        requests.forEach((name, now) -> {
            RequestStats before = earlier.requests.get(name);
            RequestStats diff = minus(now, before, seconds);
            if (diff.count() > 0) {
                window.put(name, diff);
            }
        });
        Instant startedAt = Instant.now().minusNanos(System.nanoTime() - earlier.nanos);
        Duration length = Duration.ofNanos(Math.max(0, nanos - earlier.nanos));
        return LoadResult.window(
                plan,
                startedAt,
                length,
                Duration.ofNanos(nanos - runStartNanos),
                minus(iterations, earlier.iterations, seconds),
                window);
    }

    private static RequestStats minus(RequestStats now, RequestStats before, double seconds) {
        Histogram ok = now.histogram();
        Histogram ko = now.failureHistogram();
        Map<String, Long> errors = new LinkedHashMap<>();
        Map<String, String> samples = new LinkedHashMap<>();
        if (before != null) {
            ok.subtract(before.histogram());
            ko.subtract(before.failureHistogram());
        }
        now.errors().forEach((kind, count) -> {
            long previous = before == null ? 0 : before.errors().getOrDefault(kind, 0L);
            if (count > previous) {
                errors.put(kind, count - previous);
                String sample = now.errorSamples().get(kind);
                if (sample != null) {
                    samples.put(kind, sample);
                }
            }
        });
        return new RequestStats(
                now.name(),
                ok,
                ko,
                Collections.unmodifiableMap(errors),
                Collections.unmodifiableMap(samples),
                seconds,
                List.of());
    }
}
