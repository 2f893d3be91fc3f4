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
            Optional<Duration> written = writtenDuration(method, loadPlan);
            if (chaos.isPresent()) {
                plan = withChaos(plan, chaos.get(), testName, loadPlan, written);
            }
            if (written.isPresent() && !plan.isEmpty()) {
                plan = stretched(plan, written.get(), loadPlan, testName);
            }
            return renamed(plan, testName);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    /**
     * {@code plan} and the faults {@code chaos} draws over the load's measured phase from the run's seed (a fresh
     * one, printed, when the configuration sets none), with the seed and the way to replay printed.
     */
    private static FaultPlan withChaos(
            FaultPlan plan, Chaos chaos, String testName, LoadKind.Plan loadPlan, Optional<Duration> written) {
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

    /**
     * The duration the test's annotation gives when the run's is another (a profile such as {@code heavy}, or
     * {@code -Dloadtest.duration}, changed it); empty when they agree or either has none.
     */
    private static Optional<Duration> writtenDuration(Method method, LoadKind.Plan loadPlan) {
        Optional<Duration> effective = loadPlan.loadPlan().map(p -> p.workload().plannedDuration());
        Optional<String> annotated = AnnotationSupport.findAnnotation(method, LoadTest.class)
                .map(LoadTest::duration)
                .filter(d -> !d.isBlank());
        if (effective.isEmpty() || annotated.isEmpty()) {
            return Optional.empty();
        }
        Duration written = io.voiceload.config.Durations.parse(annotated.get(), "@LoadTest(duration)", null);
        return written.isZero() || written.equals(effective.get()) ? Optional.empty() : Optional.of(written);
    }

    /**
     * The fault windows of a test whose run is longer (or shorter) than its annotation says, stretched in
     * proportion: a fault written at 5 s for 3 s of a 17 s test is at 35 s for 21 s of a 2 min heavy run, so the
     * schedule keeps its shape (the same share of the run before, during and after each fault) with windows as much
     * longer as the run. Said once, before the plan.
     */
    private static FaultPlan stretched(FaultPlan plan, Duration written, LoadKind.Plan loadPlan, String testName) {
        Duration effective = loadPlan.loadPlan().orElseThrow().workload().plannedDuration();
        double factor = effective.toNanos() / (double) written.toNanos();
        System.out.println("[fault] " + testName + ": fault windows stretched ×"
                + String.format(java.util.Locale.ROOT, "%.2f", factor) + ", as the run lasts "
                + io.voiceload.config.Durations.display(effective) + " where @LoadTest(duration) says "
                + io.voiceload.config.Durations.display(written));
        List<FaultSpec> faults = new ArrayList<>();
        for (FaultSpec f : plan.faults()) {
            faults.add(f.withAt(times(f.at(), factor)).withLasts(f.lasts() == null ? null : times(f.lasts(), factor)));
        }
        return FaultPlan.of(faults);
    }

    /**
     * The plan with its proxies named as this set-up names them ({@code -Dloadtest.faults.proxies=pms=pms_3}: a
     * second platform's PMS, or a deployment's Toxiproxy with names of its own); said once when any is renamed.
     */
    private static FaultPlan renamed(FaultPlan plan, String testName) {
        var renames = io.voiceload.config.Overrides.fromSystem().faultProxies().orElse(null);
        if (renames == null || plan.isEmpty()) {
            return plan;
        }
        List<FaultSpec> faults = new ArrayList<>();
        java.util.Set<String> said = new java.util.TreeSet<>();
        for (FaultSpec f : plan.faults()) {
            String actual = renames.value().get(f.proxy());
            if (actual == null) {
                faults.add(f);
            } else {
                faults.add(f.withProxy(actual));
                said.add(f.proxy() + " → " + actual);
            }
        }
        if (!said.isEmpty()) {
            System.out.println("[fault] " + testName + ": proxies renamed by " + renames.origin() + ": "
                    + String.join(", ", said));
        }
        return FaultPlan.of(faults);
    }

    private static Duration times(Duration d, double factor) {
        return Duration.ofMillis(Math.round(d.toMillis() * factor));
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
