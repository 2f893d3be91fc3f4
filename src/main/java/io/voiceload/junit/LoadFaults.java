package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.faults.Chaos;
import io.voiceload.faults.ChaosSchedule;
import io.voiceload.faults.FaultEvent;
import io.voiceload.faults.FaultPlan;
import io.voiceload.faults.FaultSchedule;
import io.voiceload.faults.FaultSpec;
import io.voiceload.faults.Faults;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.LoadPlan;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The fault annotations of a load test ({@code io.voiceload.faults}: {@code @Latency}, {@code @Partition}, …) in the
 * {@link LoadExecution} pipeline: found on the method and its class (directly or through composed annotations),
 * validated with the other settings before any load, scheduled from the measured start, always healed, and
 * written to the per-test JSON as its {@code faults} section.
 */
final class LoadFaults {
    private LoadFaults() {}

    /**
     * The test's faults, validated; empty when it has none.
     *
     * @throws ExtensionConfigurationException naming the annotation, attribute, value and what is allowed
     */
    static FaultPlan plan(Method method, Class<?> testClass, String testName, LoadKind.Plan loadPlan) {
        List<Annotation> found = new ArrayList<>();
        for (Class<? extends Annotation> type : FaultPlan.ANNOTATIONS) {
            found.addAll(AnnotationSupport.findRepeatableAnnotations(method, type));
            found.addAll(AnnotationSupport.findRepeatableAnnotations(testClass, type));
        }
        try {
            FaultPlan plan = FaultPlan.fromAnnotations(found, testName);
            Optional<Chaos> chaos = AnnotationSupport.findAnnotation(method, Chaos.class)
                    .or(() -> AnnotationSupport.findAnnotation(testClass, Chaos.class));
            return chaos.isEmpty() ? plan : withChaos(plan, chaos.get(), testName, loadPlan);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * {@code plan} and the faults {@code chaos} draws over the load's measured phase from the run's seed (a fresh
     * one, printed, when the configuration sets none), with the seed and the way to replay printed.
     */
    private static FaultPlan withChaos(FaultPlan plan, Chaos chaos, String testName, LoadKind.Plan loadPlan) {
        LoadPlan load = loadPlan.loadPlan()
                .orElseThrow(() -> new IllegalArgumentException("@Chaos on " + testName
                        + ": a chaos schedule needs a @LoadTest with a duration (a capacity search has no fixed"
                        + " measured phase)"));
        long seed = chaos.seed() >= 0
                ? chaos.seed()
                : load.seed() != null ? load.seed() : new java.util.SplittableRandom().nextLong() & Long.MAX_VALUE;
        List<FaultSpec> drawn = ChaosSchedule.draw(chaos, seed, load.workload().plannedDuration(), testName);
        System.out.println("[chaos] " + testName + ": " + drawn.size() + " faults drawn from seed " + seed
                + (chaos.seed() >= 0 ? " (the annotation's)" : "; replay with -Dloadtest.seed=" + seed));
        List<FaultSpec> all = new ArrayList<>(plan.faults());
        all.addAll(drawn);
        return FaultPlan.of(all);
    }

    /** The plan as printed under the SLOs: one line a fault, starting with a line break; empty for none. */
    static String describe(FaultPlan plan) {
        StringBuilder b = new StringBuilder();
        for (var f : plan.faults()) {
            b.append("\n  fault ")
                    .append(f.kind().label())
                    .append(f.describeAmount().isEmpty() ? "" : " " + f.describeAmount())
                    .append(" on \"")
                    .append(f.proxy())
                    .append("\" ")
                    .append(f.direction().name().toLowerCase(java.util.Locale.ROOT))
                    .append(
                            f.at().isZero()
                                    ? " from the measured start"
                                    : " at " + io.voiceload.config.Durations.display(f.at()))
                    .append(
                            f.lasts() == null
                                    ? " until the end"
                                    : " for " + io.voiceload.config.Durations.display(f.lasts()));
        }
        return b.toString();
    }

    /**
     * The schedule of a plan with faults, checked against the running Toxiproxy (proxy names, metrics); null for a
     * plan without.
     *
     * @throws ExtensionConfigurationException a proxy that does not exist, a Toxiproxy without metrics
     * @throws org.opentest4j.TestAbortedException a fault this machine cannot make (real packet loss without
     *     root or nftables), with the reason
     */
    static FaultSchedule prepare(FaultPlan plan) {
        if (plan.isEmpty()) {
            return null;
        }
        var unavailable = plan.unavailableHere();
        if (unavailable.isPresent()) {
            // What the fault needs is missing on this machine (root, nftables): skipped, not failed, and said.
            System.out.println("[fault] " + unavailable.get());
            throw new org.opentest4j.TestAbortedException(unavailable.get());
        }
        try {
            return FaultSchedule.prepare(plan, Faults.on(RunningInfrastructure.shared()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /** Adds the {@code faults} section: one entry per fault with its scheduled and actual window and bytes. */
    static void addSection(ObjectNode document, FaultSchedule.Result result, java.time.Instant testStartedAt) {
        ArrayNode faults = document.putArray("faults");
        for (FaultEvent e : result.events()) {
            ObjectNode f = faults.addObject();
            f.put("kind", e.kind().label());
            f.put("proxy", e.proxy());
            f.put("direction", e.direction().name().toLowerCase(java.util.Locale.ROOT));
            f.put("amount", e.amount());
            putSeconds(f, "scheduledStartSeconds", e.scheduledStart());
            putSeconds(f, "scheduledEndSeconds", e.scheduledEnd());
            putSeconds(f, "actualStartSeconds", e.actualStartOffset());
            putSeconds(f, "actualEndSeconds", e.actualEndOffset());
            if (e.actualStart() != null) {
                f.put("startedAt", e.actualStart().toString());
                f.put("endedAt", e.actualEnd().toString());
                // On the axis of the time series (the test's start, warm-up included): where the charts shade it.
                putSeconds(f, "startSinceTestStartSeconds", Duration.between(testStartedAt, e.actualStart()));
                putSeconds(f, "endSinceTestStartSeconds", Duration.between(testStartedAt, e.actualEnd()));
            } else {
                f.putNull("startedAt");
                f.putNull("endedAt");
                f.putNull("startSinceTestStartSeconds");
                f.putNull("endSinceTestStartSeconds");
            }
            f.put("receivedBytes", e.receivedBytes());
            f.put("healed", e.healed().name());
            f.put("effective", !e.failed());
            if (e.failed()) {
                f.put("problem", e.problem());
            }
        }
        if (!result.failure().isEmpty()) {
            document.put("verdict", "failed");
            String failure = document.path("failure").asText("");
            document.put("failure", failure.isEmpty() ? result.failure() : failure + "\n" + result.failure());
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
