package io.voiceload.memory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Judges a run's cycles for leaks: for each {@link LeakResource} and each of its axes, a least-squares line
 * through the values of the cycles after warm-up ({@link GrowthFit}), and a leak only when all three hold:
 *
 * <ol>
 *   <li><b>the growth is beyond the limit with 95 % confidence</b>: the slope's lower bound exceeds the limit, so
 *       noise alone almost never fails a run, and a single outlier cycle, however large, never does: on an
 *       otherwise flat series of evenly spaced cycles its t statistic is at most √3 ≈ 1.73, below every 95 %
 *       quantile (1.96 and up);
 *   <li><b>the growth is more than noise</b>: the last value exceeds the first by more than {@value #NOISE_FACTOR}
 *       residual standard deviations (about the 95 % band of one reading around the line). The residuals, not
 *       the spread of the values, because the spread of a leaking series is the leak itself;
 *   <li><b>the growth goes on</b>: the slope over the last half of the cycles (at least 3) still exceeds the limit.
 *       Growth that stops is not a leak: a cache or pool filling to its bound, warm-up growth running a cycle
 *       past the warm-up, a heap that comes back down (the plateau check, as HPjmeter revokes an alarm when the
 *       heap returns to its earlier range). The tail's point estimate, not its lower bound: with half the cycles
 *       its interval is too wide to confirm anything, and the full fit has done the confirming.
 * </ol>
 *
 * <p>Per minute, a run whose judged cycles span less than a minute must also grow by more than a minute's
 * allowance: its slope extrapolates seconds to a minute, and a young JVM grows for seconds as it warms up (its
 * metaspace fills with the JIT's profiling data) without leaking.
 *
 * <p>Heap is judged per 1,000 iterations and per minute, a leak on either axis being a leak; the other resources
 * per minute. Pure: the caller forces the full GCs, reads the cycles and decides what cannot be judged (a
 * target with {@code -XX:+DisableExplicitGC}: {@link LeakVerdict#notJudged}).
 */
public final class LeakJudge {

    /** How many residual standard deviations the last value must exceed the first by. */
    public static final int NOISE_FACTOR = 2;

    private LeakJudge() {}

    /** {@link #judge(List, int, LeakLimits, List)} without suspects. */
    public static LeakVerdict judge(List<Cycle> cycles, int warmupCycles, LeakLimits limits) {
        return judge(cycles, warmupCycles, limits, List.of());
    }

    /**
     * Judges the cycles.
     *
     * @param cycles every cycle read, in order, warm-up included: indexes increasing, iterations and elapsed time
     *     not decreasing
     * @param warmupCycles how many of the first cycles to exclude, ≥ 0
     * @param limits the growth allowed and the cycles needed
     * @param suspects the classes the caller suspects (old-object or allocation samples), for a leak's message
     * @throws IllegalArgumentException for cycles out of order or a negative warm-up
     */
    public static LeakVerdict judge(List<Cycle> cycles, int warmupCycles, LeakLimits limits, List<Suspect> suspects) {
        Objects.requireNonNull(cycles, "cycles");
        Objects.requireNonNull(limits, "limits");
        checkOrder(cycles, warmupCycles);
        List<Cycle> judged = cycles.subList(Math.min(warmupCycles, cycles.size()), cycles.size());
        if (judged.size() < limits.minCycles()) {
            return LeakVerdict.notJudged(cycles, warmupCycles, LeakText.tooFewCycles(judged, warmupCycles, limits));
        }
        List<ResourceVerdict> resources = Arrays.stream(LeakResource.values())
                .map(r -> judgeResource(r, judged, limits))
                .toList();
        ResourceVerdict heap = resources.getFirst();
        Verdict verdict;
        String reason = "";
        if (resources.stream().anyMatch(ResourceVerdict::isLeak)) {
            verdict = Verdict.LEAK;
        } else if (heap.verdict() == Verdict.NOT_JUDGED) {
            verdict = Verdict.NOT_JUDGED;
            reason = heap.resource().label() + " not judged: " + heap.reason();
        } else {
            verdict = Verdict.FLAT;
        }
        return new LeakVerdict(verdict, reason, warmupCycles, cycles, resources, suspects);
    }

    private static void checkOrder(List<Cycle> cycles, int warmupCycles) {
        List<String> problems = new ArrayList<>();
        if (warmupCycles < 0) {
            problems.add("warmupCycles must be ≥ 0, not " + warmupCycles);
        }
        for (int i = 0; i < cycles.size(); i++) {
            Cycle c = Objects.requireNonNull(cycles.get(i), "cycle at position " + i);
            if (i == 0) {
                continue;
            }
            Cycle p = cycles.get(i - 1);
            if (c.index() <= p.index()) {
                problems.add("cycle " + c.index() + " follows cycle " + p.index() + ": indexes must increase");
            }
            if (c.iterations() < p.iterations()) {
                problems.add("cycle " + c.index() + " has fewer iterations (" + c.iterations() + ") than cycle "
                        + p.index() + " (" + p.iterations() + "): iterations are cumulative");
            }
            if (c.elapsedSeconds() < p.elapsedSeconds()) {
                problems.add("cycle " + c.index() + " ends earlier (" + c.elapsedSeconds() + " s) than cycle "
                        + p.index() + " (" + p.elapsedSeconds() + " s)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("cannot judge these cycles: " + String.join("; ", problems));
        }
    }

    private static ResourceVerdict judgeResource(LeakResource resource, List<Cycle> judged, LeakLimits limits) {
        List<Long> values = judged.stream().map(resource::valueIn).toList();
        int firstCycle = judged.getFirst().index();
        if (values.stream().anyMatch(v -> v < 0)) {
            return new ResourceVerdict(
                    resource, Verdict.NOT_JUDGED, "not measured on this target", List.of(), values, firstCycle);
        }
        List<AxisVerdict> axes = resource.axes().stream()
                .map(axis -> judgeAxis(resource, axis, limits.limit(resource, axis), judged))
                .toList();
        Verdict verdict;
        String reason = "";
        if (axes.stream().anyMatch(AxisVerdict::isLeak)) {
            verdict = Verdict.LEAK;
        } else if (axes.stream().allMatch(a -> a.verdict() == Verdict.FLAT)) {
            verdict = Verdict.FLAT;
        } else {
            // Flat on one axis is not flat: a resource is cleared only on every axis it is judged on.
            verdict = Verdict.NOT_JUDGED;
            reason = axes.stream()
                    .filter(a -> a.verdict() == Verdict.NOT_JUDGED)
                    .map(AxisVerdict::reason)
                    .reduce((a, b) -> a + "; " + b)
                    .orElseThrow();
        }
        return new ResourceVerdict(resource, verdict, reason, axes, values, firstCycle);
    }

    static AxisVerdict judgeAxis(LeakResource resource, Axis axis, double limit, List<Cycle> judged) {
        int n = judged.size();
        double[] x = judged.stream().mapToDouble(axis::x).toArray();
        double[] y = judged.stream().mapToDouble(resource::valueIn).toArray();
        long first = resource.valueIn(judged.getFirst());
        long last = resource.valueIn(judged.getLast());
        int tailStart = n / 2; // the last half, the middle cycle included when n is odd: ≥ 3 cycles for n ≥ 5
        int firstCycle = judged.getFirst().index();
        int tailFirstCycle = judged.get(tailStart).index();
        int lastCycle = judged.getLast().index();
        if (!varies(x)) {
            String reason = axis.quantity() + " did not advance over cycles " + LeakText.range(firstCycle, lastCycle);
            return new AxisVerdict(
                    resource,
                    axis,
                    limit,
                    Verdict.NOT_JUDGED,
                    reason,
                    null,
                    null,
                    0,
                    first,
                    last,
                    firstCycle,
                    tailFirstCycle,
                    lastCycle);
        }
        GrowthFit fit = GrowthFit.of(x, y);
        double[] tailX = Arrays.copyOfRange(x, tailStart, n);
        GrowthFit tail = varies(tailX) ? GrowthFit.of(tailX, Arrays.copyOfRange(y, tailStart, n)) : null;
        double noise = NOISE_FACTOR * fit.residualStandardDeviation();
        boolean beyondLimit = fit.lower() > limit;
        boolean aboveNoise = last - first > noise;
        // A tail whose axis does not advance cannot show a plateau: the full fit decides.
        boolean goesOn = tail == null || tail.slope() > limit;
        // Per minute, a run shorter than a minute is allowed a minute's growth: its slope extrapolates seconds of
        // growth (a young JVM's metaspace filling with profiling data as the JIT warms up) to a minute.
        double span = x[n - 1] - x[0];
        boolean beyondAllowance = axis != Axis.PER_MINUTE || span >= 1 || last - first > limit;
        Verdict verdict = beyondLimit && aboveNoise && goesOn && beyondAllowance ? Verdict.LEAK : Verdict.FLAT;
        AxisVerdict judgedAxis = new AxisVerdict(
                resource,
                axis,
                limit,
                verdict,
                "",
                fit,
                tail,
                noise,
                first,
                last,
                firstCycle,
                tailFirstCycle,
                lastCycle);
        if (!beyondLimit || verdict == Verdict.LEAK) {
            return judgedAxis;
        }
        if (!beyondAllowance && aboveNoise && goesOn) {
            return judgedAxis.withReason(LeakText.withinAMinutesAllowance(judgedAxis, span));
        }
        return judgedAxis.withReason(goesOn ? LeakText.withinNoise(judgedAxis) : LeakText.growthStopped(judgedAxis));
    }

    private static boolean varies(double[] values) {
        return Arrays.stream(values).anyMatch(v -> v != values[0]);
    }
}
