package io.voiceload.faults;

import io.voiceload.config.Durations;
import io.voiceload.load.SloRule;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * A validated {@link Recovers @Recovers} with the normal SLOs it judges windows by.
 *
 * @param request the request name, or null for iterations
 * @param rules the error-rate and latency-percentile SLOs of {@code request}, of phase ALL, BEFORE or AFTER
 */
public record RecoveryCheck(Duration within, Duration window, int minRequests, String request, List<SloRule> rules) {

    /** The sample interval of a test with {@code @Recovers}: the resolution of its time to recover. */
    public static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);

    public RecoveryCheck {
        Objects.requireNonNull(within);
        Objects.requireNonNull(window);
        rules = List.copyOf(rules);
    }

    /**
     * Reads {@code recovers}, keeping of {@code normalRules} those that concern its request and that recovery judges.
     *
     * @param where {@code Class.method}, for messages
     * @throws IllegalArgumentException naming the attribute, its value and what is allowed
     */
    public static RecoveryCheck of(Recovers recovers, List<SloRule> normalRules, FaultPlan plan, String where) {
        Duration within = parse("within", recovers.within(), where);
        Duration window = parse("window", recovers.window(), where);
        if (window.compareTo(SAMPLE_INTERVAL) < 0) {
            throw bad("window = \"" + recovers.window() + "\"", where, "window must be at least 100ms");
        }
        if (window.compareTo(within) > 0) {
            throw bad(
                    "within = \"" + recovers.within() + "\", window = \"" + recovers.window() + "\"",
                    where,
                    "window must not be longer than within");
        }
        if (recovers.minRequests() < 1) {
            throw bad("minRequests = " + recovers.minRequests(), where, "minRequests must be at least 1");
        }
        String request = recovers.request().isBlank() ? null : recovers.request();
        List<SloRule> rules = normalRules.stream()
                .filter(r -> Objects.equals(r.request(), request) && RecoveryWindows.judged(r.metric()))
                .toList();
        String unit = request == null ? "iterations" : "\"" + request + "\"";
        if (rules.isEmpty()) {
            throw bad(
                    request == null ? "within = \"" + recovers.within() + "\"" : "request = \"" + request + "\"",
                    where,
                    "recovery is judged against the test's normal SLOs of " + unit + ", and it has none: add an"
                            + " @Slo" + (request == null ? "" : "(request = \"" + request + "\", …)")
                            + " with errorRate or a latency percentile (p50, p90, p95, p99, p999, max), of phase"
                            + " ALL, BEFORE or AFTER");
        }
        if (plan.isEmpty()) {
            throw bad(
                    "within = \"" + recovers.within() + "\"",
                    where,
                    "the test has no fault to recover from; add a fault annotation (@Latency, @Partition, …)");
        }
        for (FaultSpec f : plan.faults()) {
            if (f.lasts() == null) {
                throw bad(
                        "within = \"" + recovers.within() + "\"",
                        where,
                        "fault " + f.kind().label() + " on \"" + f.proxy() + "\" has no lasts, so it is on until the"
                                + " end of the run and never healed during it; give it a lasts");
            }
        }
        return new RecoveryCheck(within, window, recovers.minRequests(), request, rules);
    }

    private static Duration parse(String attribute, String text, String where) {
        try {
            return Durations.parsePositive(
                    text, "@Recovers(" + attribute + " = \"" + text + "\") on " + where, ChronoUnit.SECONDS);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static IllegalArgumentException bad(String attributes, String where, String rule) {
        return new IllegalArgumentException("@Recovers(" + attributes + ") on " + where + ": " + rule);
    }
}
