package io.voiceload.memory;

import static io.voiceload.memory.SyntheticRun.MIB;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verdict on synthetic series: only the real leaks fail. Cycles of 1,000 iterations and 10 seconds unless
 * said otherwise, so that 1 MiB per cycle is 1 MiB per 1,000 iterations and 6 MiB per minute; 2 warm-up cycles.
 */
class LeakJudgeTest {
    private static final LeakLimits LIMITS = LeakLimits.DEFAULTS;

    private static LeakVerdict judge(SyntheticRun run) {
        return LeakJudge.judge(run.build(), 2, LIMITS);
    }

    private static AxisVerdict heap(LeakVerdict verdict, Axis axis) {
        return verdict.resource(LeakResource.HEAP).orElseThrow().axis(axis);
    }

    @Test
    void aFlatSeriesIsFlatAndSaysSoInOneLine() {
        LeakVerdict verdict = judge(SyntheticRun.cycles(12));

        assertThat(verdict.verdict()).isEqualTo(Verdict.FLAT);
        assertThat(verdict.isLeak()).isFalse();
        assertThat(verdict.message())
                .isEqualTo("heap after full GC flat: +0.00 MiB per 1,000 iterations (0.00–0.00) and +0.00 MiB per"
                        + " minute (0.00–0.00), 10 cycles; metaspace, direct buffers, live threads and open file"
                        + " descriptors flat");
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void noiseMuchLargerThanAnySlopeIsNoLeak(long seed) {
        // 8 MiB of noise on heap against a growth of 0.1 MiB per 1,000 iterations (a tenth of the limit); 3 units
        // of noise on the rest: threads and descriptors jump by a few between cycles.
        LeakVerdict verdict = judge(SyntheticRun.cycles(12)
                .heapMib(c -> 300 + 0.1 * c)
                .metaspaceMib(c -> 60)
                .noise(seed, 8, 3));

        assertThat(verdict.verdict()).as(verdict.message()).isEqualTo(Verdict.FLAT);
        assertThat(verdict.resources()).allSatisfy(r -> assertThat(r.verdict()).isEqualTo(Verdict.FLAT));
    }

    @Test
    void aHealthySeriesGivesNoFalseAlarmOverManySeedsAndALeakTwiceTheLimitIsCaughtOnEach() {
        // 2 MiB of noise on heap (a quarter of a young generation left over now and then), 1 on the rest.
        long falseAlarms = LongStream.rangeClosed(1, 500)
                .filter(seed -> judge(SyntheticRun.cycles(12).noise(seed, 2, 1)).isLeak())
                .count();
        long caught = LongStream.rangeClosed(1, 500)
                .filter(seed -> judge(SyntheticRun.cycles(12)
                                .heapMib(c -> 100 + 2 * c)
                                .noise(seed, 0.5, 0.2))
                        .isLeak())
                .count();

        assertThat(falseAlarms).isZero();
        assertThat(caught).isEqualTo(500);
    }

    @Test
    void aSlowLeakJustAboveTheLimitFailsAndStatesItsGrowthWithItsInterval() {
        // 1.25 MiB per 1,000 iterations, limit 1 MiB; 7.5 MiB per minute, limit 16 MiB.
        LeakVerdict verdict =
                judge(SyntheticRun.cycles(12).heapMib(c -> 60 + 1.25 * c).noise(7, 0.2, 0.1));

        assertThat(verdict.verdict()).isEqualTo(Verdict.LEAK);
        AxisVerdict work = heap(verdict, Axis.PER_THOUSAND_ITERATIONS);
        assertThat(work.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(work.fit().lower()).isGreaterThan(MIB);
        assertThat(work.fit().slope() / MIB).isBetween(1.15, 1.35);
        assertThat(heap(verdict, Axis.PER_MINUTE).verdict()).isEqualTo(Verdict.FLAT);
        String growth = String.format(
                Locale.ROOT,
                "%.2f MiB per 1,000 iterations (95 %% interval %.2f–%.2f; limit 1 MiB)",
                work.fit().slope() / MIB,
                work.fit().lower() / MIB,
                work.fit().upper() / MIB);
        assertThat(verdict.message())
                .startsWith("heap after full GC grows " + growth + " and ")
                .contains(" MiB per minute (")
                .contains("; limit 16 MiB): a leak per 1,000 iterations\n  cycles 3–12: 63.")
                .endsWith(" MiB\nflat: metaspace, direct buffers, live threads and open file descriptors");
        assertThat(work.message()).isEqualTo("grows " + growth + ": a leak");
    }

    @Test
    void aSlowLeakJustBelowTheLimitPasses() {
        LeakVerdict verdict =
                judge(SyntheticRun.cycles(12).heapMib(c -> 60 + 0.8 * c).noise(7, 0.2, 0.1));

        assertThat(verdict.verdict()).isEqualTo(Verdict.FLAT);
        assertThat(heap(verdict, Axis.PER_THOUSAND_ITERATIONS).fit().slope() / MIB)
                .isBetween(0.7, 0.9);
        assertThat(verdict.message()).startsWith("heap after full GC flat: +0.8");
    }

    @ParameterizedTest(name = "{0} warm-up cycles")
    @ValueSource(ints = {3, 2})
    void warmupGrowthThatStopsPassesEvenWhenOneGrowingCycleSlipsPastTheWarmup(int warmupCycles) {
        // Cycles 1–3 load classes and fill pools (50, 80, 100 MiB), then the heap is flat at 100 MiB.
        double[] warmup = {50, 80};
        List<Cycle> cycles = SyntheticRun.cycles(14)
                .heapMib(c -> c <= 2 ? warmup[c - 1] : 100)
                .noise(3, 0.3, 0.1)
                .build();

        LeakVerdict verdict = LeakJudge.judge(cycles, warmupCycles, LIMITS);

        assertThat(verdict.verdict()).as(verdict.message()).isEqualTo(Verdict.FLAT);
    }

    @Test
    void aCacheFillingToItsBoundPassesThoughItsOverallSlopeIsConfidentlyAboveTheLimit() {
        // 10 MiB per cycle for 4 cycles after warm-up, then the cache is full: 12 cycles judged.
        LeakVerdict verdict = LeakJudge.judge(
                SyntheticRun.cycles(14)
                        .heapMib(c -> 100 + 10 * Math.clamp(c - 3, 0, 4))
                        .noise(5, 0.3, 0.1)
                        .build(),
                2,
                LIMITS);

        AxisVerdict work = heap(verdict, Axis.PER_THOUSAND_ITERATIONS);
        assertThat(work.fit().lower())
                .as("the full fit alone would call it a leak")
                .isGreaterThan(MIB);
        assertThat(work.last() - work.first()).isGreaterThan((long) work.noise());
        assertThat(work.tail().slope()).isLessThan(MIB);
        assertThat(verdict.verdict()).isEqualTo(Verdict.FLAT);
        assertThat(work.reason()).startsWith("growth stopped: ").endsWith(" MiB per 1,000 iterations over cycles 9–14");
        assertThat(work.message()).contains("; limit 1 MiB; growth stopped: ");
        assertThat(verdict.message()).contains("; limit 1 MiB; growth stopped: ");
    }

    @Test
    void theSameGrowthWithoutItsPlateauIsALeak() {
        LeakVerdict verdict = judge(SyntheticRun.cycles(14).heapMib(c -> 100 + 10 * Math.max(c - 3, 0)));

        assertThat(verdict.verdict()).isEqualTo(Verdict.LEAK);
    }

    @Test
    void aHeapThatComesBackDownIsNoLeak() {
        // Grows for six cycles, then returns to where it was (the alarm HPjmeter revokes).
        LeakVerdict verdict = judge(SyntheticRun.cycles(14).heapMib(c -> 100 + 5 * (c <= 8 ? c : Math.max(0, 16 - c))));

        assertThat(verdict.verdict()).isEqualTo(Verdict.FLAT);
    }

    @Test
    void aLeakOnTheTimeAxisOnlyFailsPerMinute() {
        // 10,000 iterations per 10-second cycle and 4 MiB per cycle: 0.4 MiB per 1,000 iterations, 24 MiB a minute.
        LeakVerdict verdict = judge(SyntheticRun.cycles(12)
                .iterationsPerCycle(10_000)
                .heapMib(c -> 200 + 4 * c)
                .noise(1, 0.3, 0.1));

        assertThat(verdict.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(heap(verdict, Axis.PER_THOUSAND_ITERATIONS).verdict()).isEqualTo(Verdict.FLAT);
        assertThat(heap(verdict, Axis.PER_MINUTE).verdict()).isEqualTo(Verdict.LEAK);
        assertThat(verdict.message())
                .startsWith("heap after full GC grows 0.4")
                .contains(" MiB per minute (")
                .contains("; limit 16 MiB): a leak per minute\n");
    }

    @Test
    void aLeakOnBothAxesSaysBoth() {
        LeakVerdict verdict = judge(SyntheticRun.cycles(12).heapMib(c -> 200 + 4 * c));

        assertThat(verdict.message())
                .startsWith("heap after full GC grows 4.00 MiB per 1,000 iterations (95 % interval 4.00–4.00; limit"
                        + " 1 MiB) and 24.0 MiB per minute (24.0–24.0; limit 16 MiB): a leak per 1,000 iterations"
                        + " and per minute\n  cycles 3–12: 212.0 216.0 220.0 224.0 228.0 232.0 236.0 240.0 244.0"
                        + " 248.0 MiB\n");
    }

    static Stream<Arguments> spikes() {
        return IntStream.of(5, 8, 12, 20, 40)
                .boxed()
                .flatMap(n -> Stream.of(
                        Arguments.of(n, n, 40.0), Arguments.of(n, n, 400.0), Arguments.of(n, n / 2 + 1, 40.0)));
    }

    @ParameterizedTest(name = "{0} cycles, +{2} MiB at cycle {1}")
    @MethodSource("spikes")
    void aSingleOutlierCycleIsNoLeak(int judged, int spikeAt, double spikeMib) {
        // A late young-generation spike that the full GC did not take (or a reading taken too early): one cycle
        // far above the rest. One outlier's t statistic is at most √3, below any 95 % quantile.
        List<Cycle> cycles = SyntheticRun.cycles(judged)
                .heapMib(c -> 100 + (c == spikeAt ? spikeMib : 0))
                .noise(11, 0.2, 0.1)
                .build();

        LeakVerdict verdict = LeakJudge.judge(cycles, 0, LIMITS);

        assertThat(verdict.verdict()).as(verdict.message()).isEqualTo(Verdict.FLAT);
        GrowthFit fit = heap(verdict, Axis.PER_THOUSAND_ITERATIONS).fit();
        assertThat(fit.slope() / (fit.halfWidth() / tQuantile(judged - 2))).isLessThan(Math.sqrt(3) + 0.05);
    }

    /** t(0.975, df), for the outlier's t statistic. */
    private static double tQuantile(int degreesOfFreedom) {
        return new TDistribution(degreesOfFreedom).inverseCumulativeProbability(0.975);
    }

    @Test
    void growthBeyondTheLimitWhoseLastValueStaysWithinTheNoiseOfTheFirstIsNotALeak() {
        // The first cycle after warm-up read high (92 MiB), then a climb from 43 to 97 MiB: confidently growing,
        // still growing at the end, but ending only 5 MiB above where it started, well within the noise.
        LeakVerdict verdict = judge(SyntheticRun.cycles(22)
                .heapMib(c -> c == 3 ? 92 : 40 + 3 * (c - 3))
                .noise(2, 0.2, 0.1));

        AxisVerdict work = heap(verdict, Axis.PER_THOUSAND_ITERATIONS);
        assertThat(work.fit().lower()).isGreaterThan(MIB);
        assertThat(work.tail().slope()).isGreaterThan(MIB);
        assertThat(verdict.verdict()).isEqualTo(Verdict.FLAT);
        assertThat(work.reason()).startsWith("the last value is within the noise of the first (+5.");
        assertThat(LeakJudge.judge(
                                SyntheticRun.cycles(22)
                                        .heapMib(c -> c == 3 ? 60 : 40 + 3 * (c - 3))
                                        .build(),
                                2,
                                LIMITS)
                        .verdict())
                .as("the same climb from a first value 32 MiB lower")
                .isEqualTo(Verdict.LEAK);
    }

    @Test
    void tooFewCyclesAreNotJudgedAndSayWhy() {
        LeakVerdict verdict = judge(SyntheticRun.cycles(6).heapMib(c -> 100 + 50 * c));

        assertThat(verdict.verdict()).isEqualTo(Verdict.NOT_JUDGED);
        assertThat(verdict.resources()).isEmpty();
        assertThat(verdict.message())
                .isEqualTo("leak not judged: too few cycles after warm-up: 4 (cycles 3–6) after 2 warm-up cycles, at"
                        + " least 5 needed for a 95 % interval and a plateau check");
        assertThat(LeakJudge.judge(SyntheticRun.cycles(2).build(), 3, LIMITS).reason())
                .startsWith("too few cycles after warm-up: 0 after 3 warm-up cycles");
        assertThat(LeakJudge.judge(
                                SyntheticRun.cycles(8).build(),
                                2,
                                LIMITS.toBuilder().minCycles(7).build())
                        .reason())
                .contains(": 6 (cycles 3–8) after 2 warm-up cycles, at least 7 needed");
    }

    @Test
    void noIterationsBetweenCyclesLeaveTheHeapNotJudged() {
        LeakVerdict verdict = judge(SyntheticRun.cycles(12).iterationsPerCycle(0));

        assertThat(verdict.verdict()).isEqualTo(Verdict.NOT_JUDGED);
        assertThat(verdict.message())
                .isEqualTo("leak not judged: heap after full GC not judged: iterations did not advance over cycles"
                        + " 3–12");
    }

    @Test
    void aLeakOfThreadsFailsPerMinuteAndShowsTheCount() {
        // One thread more per 10-second cycle: 6 a minute, limit 2.
        LeakVerdict verdict = judge(SyntheticRun.cycles(12).threads(c -> 50 + c));

        assertThat(verdict.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(verdict.message())
                .startsWith("live threads grow 6.00 per minute (95 % interval 6.00–6.00; limit 2): a leak per"
                        + " minute\n  cycles 3–12: 53 54 55 56 57 58 59 60 61 62 threads\n")
                .endsWith("flat: heap after full GC, metaspace, direct buffers and open file descriptors");
    }

    @Test
    void aThreadPoolFillingToItsBoundIsNoLeak() {
        // A pool that starts a thread a cycle up to 16, with a thread or two coming and going.
        LeakVerdict verdict = judge(
                SyntheticRun.cycles(16).threads(c -> 40 + Math.min(c, 8) * 2).noise(4, 0.2, 0.7));

        ResourceVerdict threads = verdict.resource(LeakResource.THREADS).orElseThrow();
        assertThat(threads.axis(Axis.PER_MINUTE).fit().lower()).isGreaterThan(2);
        assertThat(verdict.verdict()).as(verdict.message()).isEqualTo(Verdict.FLAT);
    }

    @Test
    void aLeakOfFileDescriptorsFailsAndNoisyDescriptorsPass() {
        LeakVerdict leak =
                judge(SyntheticRun.cycles(12).descriptors(c -> 200 + 2 * c).noise(8, 0.2, 1));
        LeakVerdict noisy =
                judge(SyntheticRun.cycles(12).descriptors(c -> 200 + 0.2 * c).noise(8, 0.2, 4));

        assertThat(leak.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(leak.message())
                .startsWith("open file descriptors grow 12.")
                .contains("; limit 4): a leak per minute");
        assertThat(noisy.verdict()).as(noisy.message()).isEqualTo(Verdict.FLAT);
    }

    @ParameterizedTest
    @EnumSource(
            value = LeakResource.class,
            names = {"METASPACE", "DIRECT_BUFFERS"})
    void metaspaceAndDirectBuffersAreJudgedTheSameWay(LeakResource resource) {
        // 1 MiB per 10-second cycle: 6 MiB a minute, above both limits (2 and 4 MiB).
        SyntheticRun run = SyntheticRun.cycles(12).noise(9, 0.2, 0.05);
        LeakVerdict verdict =
                judge(resource == LeakResource.METASPACE ? run.metaspaceMib(c -> 40 + c) : run.directMib(c -> 8 + c));

        assertThat(verdict.verdict()).isEqualTo(Verdict.LEAK);
        assertThat(verdict.resources()).allSatisfy(r -> assertThat(r.verdict())
                .isEqualTo(r.resource() == resource ? Verdict.LEAK : Verdict.FLAT));
        assertThat(verdict.message()).startsWith(resource.label() + " ").contains(": a leak per minute\n");
    }

    @Test
    void descriptorsNotMeasuredAreNotJudgedAndTheRestIs() {
        LeakVerdict verdict = judge(SyntheticRun.cycles(12).descriptors(c -> Cycle.NOT_MEASURED));

        assertThat(verdict.verdict()).isEqualTo(Verdict.FLAT);
        assertThat(verdict.resource(LeakResource.FILE_DESCRIPTORS).orElseThrow().verdict())
                .isEqualTo(Verdict.NOT_JUDGED);
        assertThat(verdict.message())
                .endsWith("; metaspace, direct buffers and live threads flat; open file descriptors not judged: not"
                        + " measured on this target");
    }

    @Test
    void aLongRowShowsItsEndsAndSuspectsAreListedWithTheirFirstFrames() {
        List<String> stack = List.of(
                "a.A.a(A.java:1)",
                "b.B.b(B.java:2)",
                "c.C.c(C.java:3)",
                "d.D.d(D.java:4)",
                "e.E.e(E.java:5)",
                "f.F.f(F.java:6)");
        List<Suspect> suspects = IntStream.rangeClosed(1, 7)
                .mapToObj(i -> new Suspect("com.example.Suspect" + i, i * 10L, stack))
                .toList();

        LeakVerdict verdict = LeakJudge.judge(
                SyntheticRun.cycles(22).heapMib(c -> 100 + 2 * c).build(), 2, LIMITS, suspects);

        String message = verdict.message();
        assertThat(message)
                .contains("\n  cycles 3–22: 106.0 108.0 110.0 112.0 114.0 116.0 118.0 120.0 … 132.0 134.0 136.0 138.0"
                        + " 140.0 142.0 144.0 MiB\ntop suspects:\n  com.example.Suspect7: 70 samples\n    at"
                        + " a.A.a(A.java:1)\n")
                .contains("    at e.E.e(E.java:5)\n  com.example.Suspect6: 60 samples")
                .contains("com.example.Suspect3: 30 samples")
                .doesNotContain("f.F.f")
                .doesNotContain("Suspect2:");
    }

    @Test
    void aRunShorterThanAMinuteIsAllowedAMinutesGrowthPerMinute() {
        // A young JVM's metaspace: +0.15 MiB every 1.6 s cycle, 5.6 MiB a minute against 2 MiB, 0.75 MiB over the 6
        // cycles judged.
        SyntheticRun young = SyntheticRun.cycles(8).secondsPerCycle(1.6).metaspaceMib(c -> 46 + 0.15 * c);
        LeakVerdict verdict = judge(young);

        assertThat(verdict.verdict()).isEqualTo(Verdict.FLAT);
        assertThat(verdict.resource(LeakResource.METASPACE)
                        .orElseThrow()
                        .axis(Axis.PER_MINUTE)
                        .reason())
                .startsWith("a run shorter than a minute may grow by a minute's allowance: +0.75 MiB over 8.0 s,"
                        + " allowance 2.00 MiB");

        // The same growth rate for longer than a minute: a leak.
        LeakVerdict longer = judge(SyntheticRun.cycles(8).secondsPerCycle(12).metaspaceMib(c -> 46 + 1.2 * c));
        assertThat(longer.resource(LeakResource.METASPACE).orElseThrow().verdict())
                .isEqualTo(Verdict.LEAK);
    }
}
