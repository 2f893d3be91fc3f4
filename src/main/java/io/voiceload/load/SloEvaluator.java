package io.voiceload.load;

import java.util.ArrayList;
import java.util.List;

/** Judges a {@link LoadResult} against {@link SloRule}s. */
public final class SloEvaluator {
    private SloEvaluator() {}

    public static SloReport evaluate(LoadResult result, List<SloRule> rules) {
        List<SloOutcome> outcomes = new ArrayList<>(rules.size());
        for (SloRule rule : rules) {
            outcomes.add(evaluate(result, rule));
        }
        return new SloReport(
                outcomes, result.iterations().successes(), result.iterations().failures());
    }

    static SloOutcome evaluate(LoadResult result, SloRule rule) {
        if (rule.metric().ofTargetJvm()) {
            return new SloOutcome(
                    rule,
                    Double.NaN,
                    0,
                    false,
                    "measured in the target's JVM by a memory recording, not from the load");
        }
        if (rule.metric() == SloMetric.MAX_DROPPED) {
            long dropped = result.dropped();
            return new SloOutcome(rule, dropped, result.arrivals(), dropped <= rule.threshold(), "");
        }
        RequestStats stats =
                rule.request() == null ? result.iterations() : result.requests().get(rule.request());
        if (stats == null) {
            return new SloOutcome(
                    rule,
                    Double.NaN,
                    0,
                    false,
                    "no request named '" + rule.request() + "' was recorded; recorded: "
                            + (result.requests().isEmpty()
                                    ? "none"
                                    : String.join(", ", result.requests().keySet())));
        }
        return switch (rule.metric().kind()) {
            case LATENCY -> {
                if (stats.successes() == 0) {
                    yield new SloOutcome(rule, Double.NaN, 0, false, "no successful sample to measure");
                }
                double actual = rule.metric() == SloMetric.AVG
                        ? stats.mean().toNanos()
                        : stats.percentile(rule.metric().percentile()).toNanos();
                yield new SloOutcome(rule, actual, stats.successes(), actual <= rule.threshold(), "");
            }
            case RATIO ->
                new SloOutcome(rule, stats.errorRate(), stats.count(), stats.errorRate() <= rule.threshold(), "");
            case THROUGHPUT ->
                new SloOutcome(
                        rule,
                        stats.successThroughput(),
                        stats.successes(),
                        stats.successThroughput() >= rule.threshold(),
                        "");
            case COUNT, BYTES -> throw new IllegalStateException("unexpected metric " + rule.metric());
        };
    }
}
