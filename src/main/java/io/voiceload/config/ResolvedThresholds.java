package io.voiceload.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The thresholds a test is held to, each with its origin; absent metrics are not checked. Precedence:
 * the selected profile's thresholds, then the category sections, then the file's thresholds (where
 * {@code max_response_time} supplies {@code p95} and {@code max_error_rate} supplies {@code error_rate}).
 *
 * @param byMetric the thresholds set, keyed by {@link Thresholds#METRICS} name, in that order
 */
public record ResolvedThresholds(Map<String, Sourced<?>> byMetric) {

    public ResolvedThresholds {
        byMetric = Collections.unmodifiableMap(new LinkedHashMap<>(byMetric));
    }

    public Optional<Sourced<Duration>> avg() {
        return get("avg");
    }

    public Optional<Sourced<Duration>> p50() {
        return get("p50");
    }

    public Optional<Sourced<Duration>> p90() {
        return get("p90");
    }

    public Optional<Sourced<Duration>> p95() {
        return get("p95");
    }

    public Optional<Sourced<Duration>> p99() {
        return get("p99");
    }

    public Optional<Sourced<Duration>> p999() {
        return get("p999");
    }

    public Optional<Sourced<Duration>> max() {
        return get("max");
    }

    /** Highest share of failed iterations, 0..1. */
    public Optional<Sourced<Double>> errorRate() {
        return get("error_rate");
    }

    /** Lowest throughput, iterations per second. */
    public Optional<Sourced<Double>> minRps() {
        return get("min_rps");
    }

    /** Most arrivals of an open-model test that found no free slot. */
    public Optional<Sourced<Long>> maxDropped() {
        return get("max_dropped");
    }

    /**
     * Each metric from the selected profile's thresholds, else the first of the test's categories that
     * sets it, else the file's thresholds, else the file's {@code max_response_time} /
     * {@code max_error_rate}.
     *
     * @param profile the selected profile, or null
     */
    static ResolvedThresholds resolve(LoadTestConfig config, Profile profile, List<String> categories) {
        Map<String, Sourced<?>> result = new LinkedHashMap<>();
        Map<String, Object> fromProfile =
                profile == null ? Map.of() : profile.thresholds().asMap();
        Map<String, Object> fromFile = config.thresholds().asMap();
        for (String metric : Thresholds.METRICS) {
            Sourced<?> s = null;
            if (fromProfile.containsKey(metric)) {
                s = Sourced.of(fromProfile.get(metric), "profile \"" + profile.name() + "\" thresholds." + metric);
            }
            for (int i = 0; s == null && i < categories.size(); i++) {
                String category = categories.get(i);
                Object v = config.category(category)
                        .map(c -> c.thresholds().asMap().get(metric))
                        .orElse(null);
                if (v != null) {
                    s = Sourced.of(v, "categories." + category + ".thresholds." + metric);
                }
            }
            if (s == null && fromFile.containsKey(metric)) {
                s = Sourced.of(fromFile.get(metric), config.label() + " thresholds." + metric);
            }
            if (s == null && metric.equals("p95") && config.defaults().maxResponseTime() != null) {
                s = Sourced.of(config.defaults().maxResponseTime(), config.label() + " max_response_time");
            }
            if (s == null && metric.equals("error_rate") && config.defaults().maxErrorRate() != null) {
                s = Sourced.of(config.defaults().maxErrorRate(), config.label() + " max_error_rate");
            }
            if (s != null) {
                result.put(metric, s);
            }
        }
        return new ResolvedThresholds(result);
    }

    public boolean isEmpty() {
        return byMetric.isEmpty();
    }

    @SuppressWarnings("unchecked")
    private <T> Optional<Sourced<T>> get(String metric) {
        return Optional.ofNullable((Sourced<T>) byMetric.get(metric));
    }
}
