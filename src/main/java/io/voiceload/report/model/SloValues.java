package io.voiceload.report.model;

import io.voiceload.load.SloMetric;

/**
 * An SLO row's value (actual, threshold, baseline) with its unit, by the row's metric label. The SLO metrics of
 * {@link SloMetric} are judged by kind (latencies in ms, ratios 0–1, rates per second); the memory SLOs arrive as
 * rows of the same table with labels of their own, their values in the units of the per-test JSON's
 * {@code memory.summary}: {@value #HEAP_AFTER_GC} in bytes, {@value #GC_PAUSE_P99} in ms, {@value #GC_CPU_SHARE} as a
 * fraction 0–1.
 */
public final class SloValues {
    /** Peak heap after a GC, in bytes. */
    public static final String HEAP_AFTER_GC = "heap after GC";
    /** p99 of the GC pauses, in ms. */
    public static final String GC_PAUSE_P99 = "GC pause p99";
    /** Share of the CPU spent in GC, 0–1. */
    public static final String GC_CPU_SHARE = "GC CPU share";

    private SloValues() {}

    /** Whether {@code metric} labels a memory SLO row. */
    public static boolean isMemory(String metric) {
        return metric.equals(HEAP_AFTER_GC) || metric.equals(GC_PAUSE_P99) || metric.equals(GC_CPU_SHARE);
    }

    /**
     * {@code value} of the metric labelled {@code metric} with its unit, to three significant digits: {@code 450 ms},
     * {@code 3.2 s}, {@code 0.022 %} (a breached error rate never reads 0.0 %), {@code 212 MiB}.
     */
    public static String format(String metric, double value) {
        switch (metric) {
            case HEAP_AFTER_GC:
                return Format.bytes(value);
            case GC_PAUSE_P99:
                return Format.ms(value);
            case GC_CPU_SHARE:
                return Format.num(value * 100, 3) + " %";
            default:
                break;
        }
        return switch (SloMetric.kindOf(metric)) {
            case LATENCY -> Format.ms(value);
            case RATIO -> Format.num(value * 100, 3) + " %";
            case THROUGHPUT -> Format.num(value, 3) + "/s";
            case COUNT -> Format.num(value, 4);
            case BYTES -> Format.bytes(value);
        };
    }
}
