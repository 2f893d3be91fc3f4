package io.voiceload.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Service-level thresholds of a {@code thresholds} section; every field is null when unset.
 *
 * @param avg highest mean latency
 * @param p50 highest median latency
 * @param p90 highest 90th percentile latency
 * @param p95 highest 95th percentile latency
 * @param p99 highest 99th percentile latency
 * @param p999 highest 99.9th percentile latency
 * @param max highest single latency
 * @param errorRate highest share of failed iterations, 0..1
 * @param minRps lowest throughput in iterations per second
 * @param maxDropped most open-model arrivals that found no free slot
 */
public record Thresholds(
        Duration avg,
        Duration p50,
        Duration p90,
        Duration p95,
        Duration p99,
        Duration p999,
        Duration max,
        Double errorRate,
        Double minRps,
        Long maxDropped) {

    /** No thresholds. */
    public static final Thresholds NONE = new Thresholds(null, null, null, null, null, null, null, null, null, null);

    /** The JSON keys of a thresholds section, in the order reports show them. */
    public static final List<String> METRICS =
            List.of("avg", "p50", "p90", "p95", "p99", "p999", "max", "error_rate", "min_rps", "max_dropped");

    /** The thresholds that are set, keyed by their JSON key ({@link #METRICS} order). */
    public Map<String, Object> asMap() {
        Object[] values = {avg, p50, p90, p95, p99, p999, max, errorRate, minRps, maxDropped};
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                map.put(METRICS.get(i), values[i]);
            }
        }
        return map;
    }

    /** This section with {@code p95} and {@code errorRate} filled in where unset. */
    Thresholds withFallbacks(Duration p95Fallback, Double errorRateFallback) {
        return new Thresholds(
                avg,
                p50,
                p90,
                p95 != null ? p95 : p95Fallback,
                p99,
                p999,
                max,
                errorRate != null ? errorRate : errorRateFallback,
                minRps,
                maxDropped);
    }
}
