package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.faults.FaultPlan;
import io.voiceload.faults.FaultRun;
import io.voiceload.faults.FaultSpec;
import io.voiceload.faults.Phase;
import io.voiceload.faults.PhaseResult;
import io.voiceload.faults.Recovers;
import io.voiceload.faults.Recovery;
import io.voiceload.faults.RecoveryCheck;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloOutcome;
import io.voiceload.load.SloRule;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The phases of a load with faults in the {@link LoadExecution} pipeline: the phase {@code @Slo}s and {@code
 * @Recovers} checked before any load, the run cut into phases ({@link FaultRun}), the phase SLOs and the recovery
 * judged, and the {@code phases} and {@code recovery} sections of the per-test JSON.
 */
final class LoadPhases {
    private LoadPhases() {}

    /**
     * What a test asks of its phases.
     *
     * @param rules the {@code @Slo}s of phase BEFORE, DURING, AFTER
     * @param recovery its {@code @Recovers}, or null
     */
    record Plan(Map<Phase, List<SloRule>> rules, RecoveryCheck recovery) {

        /** How long after a heal the AFTER phase starts: the recovery budget, or zero. */
        Duration settle() {
            return recovery == null ? Duration.ZERO : recovery.within();
        }

        /** Printed under the SLOs: a line per phase SLO and one for {@code @Recovers}, each after a line break. */
        String describe() {
            StringBuilder b = new StringBuilder();
            rules.forEach((phase, list) -> list.forEach(rule -> b.append("\n    ")
                    .append(phase.name().toLowerCase(java.util.Locale.ROOT))
                    .append(": ")
                    .append(rule.subject())
                    .append(' ')
                    .append(rule.requirement())
                    .append("  (")
                    .append(rule.origin())
                    .append(')')));
            if (recovery != null) {
                b.append("\n    recovers within ")
                        .append(io.voiceload.config.Durations.display(recovery.within()))
                        .append(" of each heal: a ")
                        .append(io.voiceload.config.Durations.display(recovery.window()))
                        .append(" window of ")
                        .append(recovery.request() == null ? "iterations" : recovery.request())
                        .append(" with at least ")
                        .append(recovery.minRequests())
                        .append(" samples within its normal SLOs");
            }
            return b.toString();
        }
    }

    /**
     * The test's phase SLOs and {@code @Recovers}, checked against its faults before any load.
     *
     * @param normalRules the SLOs of the whole measured phase (with the configuration's thresholds)
     * @throws ExtensionConfigurationException naming the annotation, attribute and what is allowed
     */
    static Plan plan(Method method, Class<?> testClass, String testName, FaultPlan faults, List<SloRule> normalRules) {
        Map<Phase, List<SloRule>> rules = SloRules.phased(method, testClass);
        if (!rules.isEmpty()) {
            Phase phase = rules.keySet().iterator().next();
            String slo = "@Slo(phase = " + phase + ") on " + testName + ": ";
            if (faults.isEmpty()) {
                throw new ExtensionConfigurationException(slo + "the test has no fault, so it has no phase " + phase
                        + "; add a fault annotation (@Latency, @Partition, …) or use phase = ALL (the default)");
            }
            if (rules.containsKey(Phase.BEFORE) && faults.faults().stream().anyMatch(f -> f.at().isZero())) {
                FaultSpec f = faults.faults().stream()
                        .filter(x -> x.at().isZero())
                        .findFirst()
                        .orElseThrow();
                throw new ExtensionConfigurationException("@Slo(phase = BEFORE) on " + testName + ": fault "
                        + f.kind().label() + " on \"" + f.proxy() + "\" starts with the measured phase, so there is no"
                        + " phase BEFORE; give it an at");
            }
            if (rules.containsKey(Phase.AFTER)) {
                for (FaultSpec f : faults.faults()) {
                    if (f.lasts() == null) {
                        throw new ExtensionConfigurationException("@Slo(phase = AFTER) on " + testName + ": fault "
                                + f.kind().label() + " on \"" + f.proxy() + "\" has no lasts, so it is on until the"
                                + " end and there is no phase AFTER; give it a lasts");
                    }
                }
            }
        }
        RecoveryCheck recovery = null;
        Optional<Recovers> recovers = AnnotationSupport.findAnnotation(method, Recovers.class)
                .or(() -> AnnotationSupport.findAnnotation(testClass, Recovers.class));
        if (recovers.isPresent()) {
            List<SloRule> normal = new ArrayList<>(normalRules);
            normal.addAll(rules.getOrDefault(Phase.BEFORE, List.of()));
            normal.addAll(rules.getOrDefault(Phase.AFTER, List.of()));
            try {
                recovery = RecoveryCheck.of(recovers.get(), normal, faults, testName);
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
        }
        return new Plan(rules, recovery);
    }

    /** One phase SLO judged on one phase. */
    record Judged(PhaseResult phase, SloOutcome outcome) {}

    /** The phase SLOs judged, phase by phase; a phase that did not happen is a line of {@link #failure}. */
    static List<Judged> judge(FaultRun run, Plan plan) {
        List<Judged> judged = new ArrayList<>();
        for (Map.Entry<Phase, List<SloRule>> e : plan.rules().entrySet()) {
            for (PhaseResult phase : phasesOf(run, e.getKey())) {
                for (SloOutcome o :
                        SloEvaluator.evaluate(phase.window(), e.getValue()).outcomes()) {
                    judged.add(new Judged(phase, o));
                }
            }
        }
        return judged;
    }

    private static List<PhaseResult> phasesOf(FaultRun run, Phase kind) {
        return switch (kind) {
            case BEFORE -> run.phases(Phase.BEFORE);
            case DURING -> run.phases(Phase.DURING);
            case AFTER -> run.after().map(List::of).orElse(List.of());
            case ALL -> List.of();
        };
    }

    /** Why the phases fail the test: breached phase SLOs and unrecovered faults, one line each; empty if none. */
    static String failure(FaultRun run, Plan plan, List<Judged> judged) {
        List<String> lines = new ArrayList<>();
        for (Phase kind : plan.rules().keySet()) {
            if (phasesOf(run, kind).isEmpty()) {
                lines.add("phase " + kind + " did not happen in this run (" + describeRun(run)
                        + "), so its SLOs could not be judged");
            }
        }
        for (Judged j : judged) {
            if (!j.outcome().passed()) {
                lines.add(j.phase().label() + ": " + j.outcome().describe());
            }
        }
        String recovery = run.failure();
        if (!recovery.isEmpty()) {
            lines.add(recovery);
        }
        return String.join("\n", lines);
    }

    private static String describeRun(FaultRun run) {
        return run.phases().isEmpty()
                ? "no phase"
                : "phases: "
                        + String.join(
                                ", ",
                                run.phases().stream().map(PhaseResult::label).toList());
    }

    /** The console lines: the phase table, a PASS/FAIL line per phase SLO, a {@code [recovery]} line per fault. */
    static List<String> lines(FaultRun run, List<Judged> judged) {
        List<String> lines = new ArrayList<>(run.table());
        for (Judged j : judged) {
            lines.add("  " + (j.outcome().passed() ? "PASS " : "FAIL ")
                    + j.phase().label() + ": " + j.outcome().describe());
        }
        run.recoveries().forEach(r -> lines.add(r.line()));
        return lines;
    }

    /** Adds the {@code phases} and {@code recovery} sections to the per-test JSON. */
    static void addSections(ObjectNode document, FaultRun run, Plan plan, List<Judged> judged, String failure) {
        ArrayNode phases = document.putArray("phases");
        for (PhaseResult p : run.phases()) {
            phase(phases.addObject(), p);
        }
        run.after().ifPresent(a -> phase(document.putObject("afterPhase"), a));
        if (!plan.rules().isEmpty()) {
            ArrayNode slos = document.putArray("phaseSlos");
            for (Judged j : judged) {
                ObjectNode node = slos.addObject();
                SloOutcome o = j.outcome();
                node.put("phase", j.phase().name());
                node.put("kind", j.phase().kind().name());
                node.put("fromSeconds", j.phase().from().toNanos() / 1e9);
                node.put("toSeconds", j.phase().to().toNanos() / 1e9);
                node.put("metric", o.rule().metric().label());
                if (o.rule().request() == null) {
                    node.putNull("request");
                } else {
                    node.put("request", o.rule().request());
                }
                node.put("required", o.rule().requirement());
                if (Double.isNaN(o.actual())) {
                    node.putNull("actual");
                    node.put("note", o.note());
                } else {
                    node.put("actual", o.actual());
                }
                node.put("samples", o.samples());
                node.put("passed", o.passed());
                node.put("origin", o.rule().origin());
            }
        }
        if (plan.recovery() != null) {
            ArrayNode recovery = document.putArray("recovery");
            for (Recovery r : run.recoveries()) {
                ObjectNode node = recovery.addObject();
                node.put("fault", r.faultName());
                node.put("kind", r.fault().kind().label());
                node.put("proxy", r.fault().proxy());
                putSeconds(node, "detectionSeconds", r.detection().orElse(null));
                putSeconds(node, "timeToRecoverSeconds", r.timeToRecover().orElse(null));
                node.put("recovered", r.recovered());
                putSeconds(node, "withinSeconds", r.within());
                putSeconds(node, "windowSeconds", plan.recovery().window());
                node.put(
                        "request",
                        plan.recovery().request() == null ? "" : plan.recovery().request());
                if (!r.recovered()) {
                    node.put("problem", r.problem());
                }
            }
        }
        if (!failure.isEmpty()) {
            document.put("verdict", "failed");
            String previous = document.path("failure").asText("");
            document.put("failure", previous.isEmpty() ? failure : previous + "\n" + failure);
        }
    }

    private static void phase(ObjectNode node, PhaseResult p) {
        node.put("name", p.name());
        node.put("kind", p.kind().name());
        node.put("fromSeconds", p.from().toNanos() / 1e9);
        node.put("toSeconds", p.to().toNanos() / 1e9);
        ArrayNode faults = node.putArray("faults");
        p.faults().forEach(f -> faults.add(FaultRun.describe(f)));
        ObjectNode requests = node.putObject("requests");
        LoadResult w = p.window();
        stats(requests.putObject("iterations"), w.iterations());
        w.requests().forEach((name, s) -> stats(requests.putObject(name), s));
    }

    private static void stats(ObjectNode node, RequestStats s) {
        node.put("count", s.count());
        node.put("errors", s.failures());
        node.put("errorRate", s.errorRate());
        ObjectNode kinds = node.putObject("errorKinds");
        s.errors().forEach(kinds::put);
        node.put("throughput", s.throughput());
        if (s.successes() == 0) {
            node.putNull("p50Ms");
            node.putNull("p95Ms");
            node.putNull("p99Ms");
            node.putNull("maxMs");
        } else {
            node.put("p50Ms", s.percentile(50).toNanos() / 1e6);
            node.put("p95Ms", s.percentile(95).toNanos() / 1e6);
            node.put("p99Ms", s.percentile(99).toNanos() / 1e6);
            node.put("maxMs", s.max().toNanos() / 1e6);
        }
    }

    private static void putSeconds(ObjectNode node, String field, Duration d) {
        if (d == null) {
            node.putNull(field);
        } else {
            node.put(field, d.toNanos() / 1e9);
        }
    }
}
