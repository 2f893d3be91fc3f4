package io.voiceload.junit;

import io.voiceload.config.Durations;
import io.voiceload.faults.Phase;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloRule;
import java.lang.reflect.Method;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * Collects the SLO rules of one load test: its {@link Slo @Slo}s (method first, then class), then
 * the configuration's thresholds for whole-iteration metrics no {@code @Slo} set. Each rule keeps
 * where it came from, for failure messages.
 */
final class SloRules {
    private SloRules() {}

    /** The rules of the whole measured phase: the {@code @Slo}s without a phase (or {@code ALL}), then thresholds. */
    static List<SloRule> collect(Method method, Class<?> testClass, Map<SloMetric, SloRule> configThresholds) {
        Map<String, SloRule> byKey = new LinkedHashMap<>();
        String where = testClass.getSimpleName() + "." + method.getName();
        for (Slo slo : AnnotationSupport.findRepeatableAnnotations(method, Slo.class)) {
            if (slo.phase() != Phase.ALL) {
                continue;
            }
            for (SloRule rule : rules(slo, "@Slo on " + where, where)) {
                byKey.putIfAbsent(key(rule), rule);
            }
        }
        for (Slo slo : AnnotationSupport.findRepeatableAnnotations(testClass, Slo.class)) {
            if (slo.phase() != Phase.ALL) {
                continue;
            }
            for (SloRule rule : rules(slo, "@Slo on " + testClass.getSimpleName(), where)) {
                byKey.putIfAbsent(key(rule), rule);
            }
        }
        for (SloRule rule : configThresholds.values()) {
            byKey.putIfAbsent(key(rule), rule);
        }
        return List.copyOf(byKey.values());
    }

    /**
     * The rules of the {@code @Slo}s with a phase other than {@code ALL}, by phase (method first, then class); empty
     * when there are none. Bad attributes fail as for {@link #collect}.
     */
    static Map<Phase, List<SloRule>> phased(Method method, Class<?> testClass) {
        Map<Phase, Map<String, SloRule>> byPhase = new EnumMap<>(Phase.class);
        String where = testClass.getSimpleName() + "." + method.getName();
        List<Slo> onMethod = AnnotationSupport.findRepeatableAnnotations(method, Slo.class);
        List<Slo> onClass = AnnotationSupport.findRepeatableAnnotations(testClass, Slo.class);
        for (List<Slo> slos : List.of(onMethod, onClass)) {
            for (Slo slo : slos) {
                if (slo.phase() == Phase.ALL) {
                    continue;
                }
                if (slo.maxDropped() != -1) {
                    throw bad(
                            "phase = " + slo.phase() + ", maxDropped = " + slo.maxDropped(),
                            where,
                            "maxDropped counts arrivals of the whole run; put it on an @Slo without phase");
                }
                String origin = "@Slo(phase = " + slo.phase() + ") on "
                        + (slos == onMethod ? where : testClass.getSimpleName());
                for (SloRule rule : rules(slo, origin, where)) {
                    byPhase.computeIfAbsent(slo.phase(), p -> new LinkedHashMap<>())
                            .putIfAbsent(key(rule), rule);
                }
            }
        }
        Map<Phase, List<SloRule>> result = new EnumMap<>(Phase.class);
        byPhase.forEach((phase, rules) -> result.put(phase, List.copyOf(rules.values())));
        return result;
    }

    private static String key(SloRule rule) {
        return rule.metric() + "|" + (rule.request() == null ? "" : rule.request());
    }

    /** The rules one {@code @Slo} declares; bad attributes fail with the attribute named. */
    static List<SloRule> rules(Slo slo, String origin, String where) {
        String request = slo.request().isBlank() ? null : slo.request();
        List<SloRule> rules = new ArrayList<>();
        latency(rules, SloMetric.AVG, "avg", slo.avg(), request, origin, where);
        latency(rules, SloMetric.P50, "p50", slo.p50(), request, origin, where);
        latency(rules, SloMetric.P90, "p90", slo.p90(), request, origin, where);
        latency(rules, SloMetric.P95, "p95", slo.p95(), request, origin, where);
        latency(rules, SloMetric.P99, "p99", slo.p99(), request, origin, where);
        latency(rules, SloMetric.P999, "p999", slo.p999(), request, origin, where);
        latency(rules, SloMetric.MAX, "max", slo.max(), request, origin, where);
        if (slo.errorRate() != -1) {
            if (!(slo.errorRate() >= 0 && slo.errorRate() <= 1)) {
                throw bad("errorRate = " + slo.errorRate(), where, "errorRate must be between 0 and 1 (0.01 = 1%)");
            }
            rules.add(SloRule.errorRate(slo.errorRate(), request, origin));
        }
        if (slo.minThroughput() != -1) {
            if (!(slo.minThroughput() >= 0) || Double.isInfinite(slo.minThroughput())) {
                throw bad("minThroughput = " + slo.minThroughput(), where, "minThroughput must be >= 0 per second");
            }
            rules.add(SloRule.minThroughput(slo.minThroughput(), request, origin));
        }
        if (slo.maxDropped() != -1) {
            if (slo.maxDropped() < 0) {
                throw bad("maxDropped = " + slo.maxDropped(), where, "maxDropped must be >= 0");
            }
            if (request != null) {
                throw bad(
                        "request = \"" + request + "\", maxDropped = " + slo.maxDropped(),
                        where,
                        "maxDropped counts arrivals of the whole run; put it on an @Slo without request");
            }
            rules.add(SloRule.maxDropped(slo.maxDropped(), origin));
        }
        if (rules.isEmpty()) {
            throw bad(
                    request == null ? "" : "request = \"" + request + "\"",
                    where,
                    "an @Slo must set at least one of avg, p50, p90, p95, p99, p999, max, errorRate,"
                            + " minThroughput, maxDropped");
        }
        return rules;
    }

    private static void latency(
            List<SloRule> rules,
            SloMetric metric,
            String attribute,
            String text,
            String request,
            String origin,
            String where) {
        if (text.isBlank()) {
            return;
        }
        Duration d;
        try {
            d = Durations.parse(text, "@Slo(" + attribute + " = \"" + text + "\") on " + where, ChronoUnit.MILLIS);
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
        if (d.isNegative() || d.isZero()) {
            throw bad(attribute + " = \"" + text + "\"", where, attribute + " must be a positive latency like 300ms");
        }
        rules.add(SloRule.latency(metric, d, request, origin));
    }

    private static ExtensionConfigurationException bad(String attributes, String where, String rule) {
        return new ExtensionConfigurationException("@Slo(" + attributes + ") on " + where + ": " + rule);
    }
}
