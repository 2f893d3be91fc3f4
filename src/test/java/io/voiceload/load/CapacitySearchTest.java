package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.config.ThinkTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The stepped capacity search, engine side: steps add users as planned, a breach stops the search with
 * the right figures, the ceiling ends it, and bad plans are refused. Verdicts rest on counts and on
 * failures the body raises on purpose, never on how fast this machine is.
 */
class CapacitySearchTest {
    private static final Duration STEP = Duration.ofMillis(600);
    private static final Duration SETTLE = Duration.ofMillis(200);
    private static final List<SloRule> NO_ERRORS = List.of(SloRule.errorRate(0, null, "test"));

    private static CapacityPlan plan(int start, int step, int max, ThinkTime think) {
        LoadPlan base = LoadPlan.closed(max)
                .name("capacity")
                .duration(STEP.multipliedBy(20))
                .thinkTime(think)
                .seed(7L)
                .build();
        return new CapacityPlan(base, start, step, STEP, SETTLE, "calls");
    }

    private static RunOptions quiet() {
        return RunOptions.defaults().withProgressOut(null);
    }

    @Test
    void stepsAddUsersWhileEarlierUsersKeepRunning() {
        Map<Integer, AtomicLong> iterationsByUser = new ConcurrentHashMap<>();
        CapacityResult r = CapacitySearch.run(
                plan(2, 2, 6, ThinkTime.constant(Duration.ofMillis(5))),
                user -> iterationsByUser
                        .computeIfAbsent(user.id(), id -> new AtomicLong())
                        .incrementAndGet(),
                NO_ERRORS,
                quiet());

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 4, 6);
        assertThat(r.steps()).allMatch(CapacityStep::held);
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.CEILING_REACHED);
        assertThat(r.highestHeld()).isEqualTo(6);
        assertThat(r.breakingPoint()).isEmpty();
        assertThat(r.headline()).isEqualTo("held 6 concurrent calls: ceiling reached, nothing broke");
        assertThat(r.failureMessage(0)).isEmpty();
        assertThat(iterationsByUser.keySet()).isEqualTo(Set.of(0, 1, 2, 3, 4, 5));
        // The first users ran through all three steps, the last ones only through the third.
        assertThat(iterationsByUser.get(0).get())
                .isGreaterThan(iterationsByUser.get(5).get());
        // Each step's window holds only that step's iterations: together no more than the whole run.
        long judged = r.steps().stream().mapToLong(s -> s.iterations().count()).sum();
        assertThat(judged).isPositive().isLessThanOrEqualTo(r.run().iterations().count());
    }

    @Test
    void aWarmupAtALevelOfItsOwnRunsItsUsersAndTheFirstStepJudgesOnlyItsOwn() {
        // Warm-up: 5 users for 400 ms; then steps of 2 and 4 users. Users 4 (the fifth) runs only in the warm-up
        // and fails every iteration after it: if it stayed, or its last iteration fell into a judged window,
        // the first step would break.
        Map<Integer, AtomicLong> warmIterations = new ConcurrentHashMap<>();
        LoadPlan base = LoadPlan.closed(6)
                .name("capacity")
                .duration(STEP.multipliedBy(20))
                .thinkTime(ThinkTime.constant(Duration.ofMillis(5)))
                .warmup(Warmup.of(Duration.ofMillis(400)))
                .seed(7L)
                .build();
        CapacityPlan plan = new CapacityPlan(base, 2, 2, 10, STEP, SETTLE, "calls", null, 5);
        assertThat(plan.describe()).contains("warm-up 400ms at 5 calls");
        CapacityResult r = CapacitySearch.run(
                plan,
                user -> {
                    if (user.isWarmup()) {
                        warmIterations
                                .computeIfAbsent(user.id(), id -> new AtomicLong())
                                .incrementAndGet();
                    } else if (user.id() == 4) {
                        throw new IllegalStateException("the warm-up's fifth user is still running");
                    }
                },
                NO_ERRORS,
                quiet());

        assertThat(warmIterations.keySet()).isEqualTo(Set.of(0, 1, 2, 3, 4));
        assertThat(r.steps()).extracting(CapacityStep::users).startsWith(2, 4, 6);
        assertThat(r.steps().get(0).held()).as(r.steps().get(0).line()).isTrue();
        assertThat(r.steps().get(1).held()).as(r.steps().get(1).line()).isTrue();
        // The third step (6 users) brings user 4 back, with its failures: the check bites.
        assertThat(r.steps().get(2).held()).isFalse();
        assertThat(r.highestHeld()).isEqualTo(4);
    }

    @Test
    void aWarmupLevelAboveTheCeilingIsRefused() {
        LoadPlan base = LoadPlan.closed(6).name("capacity").duration(STEP).build();
        assertThatThrownBy(() -> new CapacityPlan(base, 2, 2, 10, STEP, SETTLE, "calls", null, 7))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupUsers = 7: must be 0 (the first step's users) or between 1 and the"
                        + " ceiling maxUsers = 6");
        assertThatThrownBy(() -> new CapacityPlan(base, 2, 2, 10, STEP, SETTLE, "calls", null, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("warmupUsers = -1");
    }

    @Test
    void errorsAboveFourUsersBreakTheFifthAndSixthUsersStep() {
        CapacityResult r = CapacitySearch.run(
                plan(2, 2, 10, ThinkTime.constant(Duration.ofMillis(5))),
                user -> {
                    if (user.id() >= 4) {
                        throw new IllegalStateException("no line free");
                    }
                },
                NO_ERRORS,
                quiet());

        // The breach at 6 is repeated once and counts because it breaks again; a step of 2 is within the
        // default resolution, so there is nothing to refine.
        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 4, 6, 6);
        assertThat(r.steps().getLast().kind()).isEqualTo(CapacityStep.Kind.REPEAT);
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.BROKE);
        assertThat(r.highestHeld()).isEqualTo(4);
        assertThat(r.breakingPoint()).map(CapacityStep::users).contains(6);
        assertThat(r.isConfirmed()).isTrue();
        assertThat(r.resolution()).hasValue(2);
        assertThat(r.breakingPoint().orElseThrow().reason())
                .startsWith("error rate of iterations ")
                .contains(" > 0.00%");
        assertThat(r.headline())
                .startsWith("held 4 concurrent calls, broke at 6 (resolution 2, repeat-confirmed: error rate of"
                        + " iterations");
        assertThat(r.failureMessage(0)).isEmpty();
        assertThat(r.failureMessage(5)).startsWith("held 4 concurrent calls, but at least 5 are required");
        assertThat(r.steps().getLast().iterations().errors()).containsKey("IllegalStateException: no line free");
    }

    @Test
    void latencyRisingWithUsersBreaksALatencySlo() {
        // Users 0–3 answer at once; users 4 and 5 take 150 ms: with a 10 ms think time they are over 1 %
        // of the third step's samples, so its p99 is at least 150 ms whatever this machine's speed.
        CapacityResult r = CapacitySearch.run(
                plan(2, 2, 10, ThinkTime.constant(Duration.ofMillis(10))),
                user -> {
                    if (user.id() >= 4) {
                        Thread.sleep(150);
                    }
                },
                List.of(SloRule.latency(SloMetric.P99, Duration.ofMillis(100), null, "test")),
                quiet());

        assertThat(r.highestHeld()).isEqualTo(4);
        assertThat(r.breakingPoint().orElseThrow().users()).isEqualTo(6);
        assertThat(r.breakingPoint().orElseThrow().reason())
                .startsWith("p99 of iterations ")
                .endsWith(" > 100ms");
        // A held step names the SLO with the least headroom.
        assertThat(r.steps().getFirst().line())
                .containsPattern("held \\(closest: p99 of iterations .+ of 100ms, \\d+%\\)$");
    }

    @Test
    void aFirstStepThatBreaksFailsTheSearch() {
        CapacityResult r = CapacitySearch.run(
                plan(2, 2, 6, ThinkTime.constant(Duration.ofMillis(5))),
                user -> {
                    if (user.id() == 1) {
                        throw new IllegalStateException("busy");
                    }
                },
                NO_ERRORS,
                quiet());

        // The first step broke, and again when repeated: the search ends there.
        assertThat(r.steps())
                .extracting(CapacityStep::kind)
                .containsExactly(CapacityStep.Kind.CLIMB, CapacityStep.Kind.REPEAT);
        assertThat(r.steps()).noneMatch(CapacityStep::held);
        assertThat(r.highestHeld()).isZero();
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.BROKE);
        assertThat(r.headline()).startsWith("held nothing: the first step broke at 2 (repeat-confirmed: error rate");
        assertThat(r.failureMessage(0))
                .startsWith("the first step of 2 concurrent calls already broke (repeat-confirmed): error rate");
        assertThat(r.table())
                .contains("step 2: 2 users, repeat of step 1 | ")
                .contains("BROKE again, breach confirmed: ");
    }

    @Test
    void noSuccessfulIterationFailsTheSearch() {
        CapacityResult r = CapacitySearch.run(
                plan(1, 1, 3, ThinkTime.constant(Duration.ofMillis(5))),
                user -> {
                    throw new IllegalStateException("down");
                },
                List.of(),
                quiet());

        assertThat(r.steps()).hasSize(2); // the first step and its repeat
        assertThat(r.steps().getFirst().reason()).startsWith("no successful iteration (");
        assertThat(r.failureMessage(0)).startsWith("no iteration of the capacity search succeeded");
    }

    /** An iteration's median may take 60 ms: {@link #holding} answers in 20 ms up to its limit, in 120 ms above. */
    private static final List<SloRule> MEDIAN_60MS =
            List.of(SloRule.latency(SloMetric.P50, Duration.ofMillis(60), null, "test"));

    /**
     * A system that holds {@code limit} concurrent users: an iteration takes 20 ms while at most {@code limit}
     * are in flight, and 100 ms more when more are (counted as it starts and again before it ends). Without
     * think time nearly every user is in flight all the time, so above the limit nearly every iteration is
     * slow, and at or below it none can be, whatever this machine's speed.
     */
    private static IterationBody holding(int limit, AtomicInteger inFlight) {
        return user -> {
            int atStart = inFlight.incrementAndGet();
            try {
                Thread.sleep(20);
                if (Math.max(atStart, inFlight.get()) > limit) {
                    Thread.sleep(100);
                }
            } finally {
                inFlight.decrementAndGet();
            }
        };
    }

    private static CapacityPlan refining(int start, int step, int max, int resolution, int steps, String setUp) {
        LoadPlan base = LoadPlan.closed(max)
                .name("capacity")
                .duration(STEP.multipliedBy(steps))
                .seed(7L)
                .build();
        return new CapacityPlan(base, start, step, resolution, STEP, SETTLE, "calls", setUp);
    }

    @Test
    void refinementConvergesToWithinTheResolutionOfTheBreakingPoint() {
        // Holds 37: climbs 10, 26, 42 (breaks, and again when repeated), then halves the gap of 16 from 26:
        // 34 holds, 38 breaks twice, 36 holds; 38 − 36 = 2 is the resolution asked for.
        AtomicInteger inFlight = new AtomicInteger();
        CapacityResult r = CapacitySearch.run(
                refining(10, 16, 60, 2, 20, "stub system"), holding(37, inFlight), MEDIAN_60MS, quiet());

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(10, 26, 42, 42, 34, 38, 38, 36);
        assertThat(r.steps())
                .extracting(CapacityStep::kind)
                .containsExactly(
                        CapacityStep.Kind.CLIMB,
                        CapacityStep.Kind.CLIMB,
                        CapacityStep.Kind.CLIMB,
                        CapacityStep.Kind.REPEAT,
                        CapacityStep.Kind.REFINE,
                        CapacityStep.Kind.REFINE,
                        CapacityStep.Kind.REPEAT,
                        CapacityStep.Kind.REFINE);
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.BROKE);
        assertThat(r.highestHeld()).isEqualTo(36).isLessThanOrEqualTo(37);
        assertThat(r.breakingPoint()).map(CapacityStep::users).contains(38);
        assertThat(r.resolution()).hasValue(2);
        assertThat(r.isConfirmed()).isTrue();
        assertThat(r.transientBreaches()).isEmpty();
        assertThat(r.headline())
                .matches("held 36 concurrent calls, broke at 38 \\(resolution 2, repeat-confirmed: p50 of iterations"
                        + " [0-9.]+m?s > 60ms\\); set-up: stub system");
        assertThat(r.table())
                .contains("step 4: 42 users, repeat of step 3 | ")
                .contains("step 5: 34 users, refining | ");
        assertThat(r.failureMessage(0)).isEmpty();
        assertThat(r.failureMessage(37))
                .startsWith("held 36 concurrent calls, but at least 37 are required; broke at 38");
    }

    @Test
    void usersLeavingFinishTheirIterationBeforeTheNextStepIsJudged() {
        // User 5 (the sixth) fails every iteration, each ending 300 ms into a step: past the 200 ms settle. When
        // the refinement steps down from 6 users to 4, user 5 is in such an iteration; its failure must not be
        // judged with the 4 users' step (which would break it, and only its repeat would hold).
        AtomicLong firstIteration = new AtomicLong();
        long step = STEP.toNanos();
        IterationBody body = user -> {
            long now = System.nanoTime();
            firstIteration.compareAndSet(0, now); // user 0, as the first step starts
            if (user.id() < 5) {
                Thread.sleep(5);
                return;
            }
            long t0 = firstIteration.get();
            long end = t0 + (now - t0) / step * step + 300_000_000L;
            Thread.sleep(Duration.ofNanos(Math.max(0, (end > now ? end : end + step) - now)));
            throw new IllegalStateException("no sixth line");
        };

        CapacityResult r = CapacitySearch.run(refining(2, 4, 6, 1, 20, null), body, NO_ERRORS, quiet());

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 6, 6, 4, 5);
        assertThat(r.steps()).extracting(CapacityStep::held).containsExactly(true, false, false, true, true);
        assertThat(r.steps().get(3).window().measuredDuration())
                .as("the 4 users' window starts once user 5 has left")
                .isLessThan(STEP.minus(SETTLE));
        assertThat(r.highestHeld()).isEqualTo(5);
        assertThat(r.resolution()).hasValue(1);
    }

    @Test
    void aTimeLimitThatEndsTheRefinementSaysHowFarItGot() {
        // The same system with time for six steps: 10, 26, 42, 42 (confirmed), 34 (held), 38 (broke, no time
        // left to repeat it). The figure stands on what was confirmed: held 34, broke at 42.
        CapacityResult r = CapacitySearch.run(
                refining(10, 16, 60, 2, 6, null), holding(37, new AtomicInteger()), MEDIAN_60MS, quiet());

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(10, 26, 42, 42, 34, 38);
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.TIME_LIMIT);
        assertThat(r.highestHeld()).isEqualTo(34);
        assertThat(r.breakingPoint()).map(CapacityStep::number).contains(4);
        assertThat(r.resolution()).hasValue(8);
        assertThat(r.headline())
                .startsWith("held 34 concurrent calls, broke at 42 (resolution 8, refinement to 2 cut by the time limit"
                        + " of 3.6s, repeat-confirmed: p50 of iterations ");
    }

    @Test
    void aBreachThatDoesNotRepeatIsTransientAndTheSearchGoesOn() {
        // User 3 joins with the second step (4 users) and fails its iterations from 250 ms to 450 ms after its
        // first one: inside that step's judged window, and never again.
        Map<Integer, Long> firstIteration = new ConcurrentHashMap<>();
        CapacityResult r = CapacitySearch.run(
                plan(2, 2, 6, ThinkTime.NONE),
                user -> {
                    Thread.sleep(10);
                    if (user.id() == 3) {
                        long first = firstIteration.computeIfAbsent(3, id -> System.nanoTime());
                        long since = System.nanoTime() - first;
                        if (since > 250_000_000L && since < 450_000_000L) {
                            throw new IllegalStateException("line dropped once");
                        }
                    }
                },
                NO_ERRORS,
                quiet());

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 4, 4, 6);
        assertThat(r.steps().get(1).held()).isFalse();
        assertThat(r.steps().get(2).kind()).isEqualTo(CapacityStep.Kind.REPEAT);
        assertThat(r.steps().get(2).held()).isTrue();
        assertThat(r.steps().get(2).line()).contains("held: the breach of step 2 was transient");
        assertThat(r.transientBreaches()).extracting(CapacityStep::number).containsExactly(2);
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.CEILING_REACHED);
        assertThat(r.highestHeld()).isEqualTo(6);
        assertThat(r.breakingPoint()).isEmpty();
        assertThat(r.headline())
                .isEqualTo("held 6 concurrent calls: ceiling reached, nothing broke (transient breach at 4)");
        assertThat(r.failureMessage(0)).isEmpty();
    }

    @Test
    void aColdFirstStepThatDoesNotRepeatDoesNotEndTheSearch() {
        // A stall like a freshly started JVM's: every iteration that starts between 250 ms and 500 ms after the
        // first one takes 150 ms more. It falls in the first step's judged window only.
        AtomicLong firstIteration = new AtomicLong();
        CapacityResult r = CapacitySearch.run(
                plan(2, 2, 4, ThinkTime.NONE),
                user -> {
                    long now = System.nanoTime();
                    firstIteration.compareAndSet(0, now);
                    long since = now - firstIteration.get();
                    Thread.sleep(since > 250_000_000L && since < 500_000_000L ? 160 : 10);
                },
                List.of(SloRule.latency(SloMetric.P99, Duration.ofMillis(100), null, "test")),
                quiet());

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 2, 4);
        assertThat(r.steps().getFirst().held()).isFalse();
        assertThat(r.steps().get(1).showsTransient()).isTrue();
        assertThat(r.highestHeld()).isEqualTo(4);
        assertThat(r.headline())
                .doesNotStartWith("held nothing")
                .isEqualTo("held 4 concurrent calls: ceiling reached, nothing broke (transient breach at 2)");
        assertThat(r.failureMessage(0)).isEmpty();
    }

    @Test
    void aSmokeRunRepeatsABreachWithEveryUsersIterationsAgain() {
        AtomicInteger iterations = new AtomicInteger();
        Map<Integer, AtomicInteger> byUser = new ConcurrentHashMap<>();
        LoadPlan base = LoadPlan.closed(2)
                .name("capacity")
                .requests(3)
                .duration(STEP.multipliedBy(4))
                .build();
        CapacityPlan smoke = new CapacityPlan(base, 2, 2, 1, STEP, SETTLE, "calls", null);
        // User 1 fails its first three iterations only: the repeat (three more each) holds.
        CapacityResult r = CapacitySearch.run(
                smoke,
                user -> {
                    iterations.incrementAndGet();
                    int nth = byUser.computeIfAbsent(user.id(), id -> new AtomicInteger())
                            .incrementAndGet();
                    if (user.id() == 1 && nth <= 3) {
                        throw new IllegalStateException("cold");
                    }
                },
                NO_ERRORS,
                quiet());

        assertThat(smoke.refines()).isFalse();
        assertThat(r.steps())
                .extracting(CapacityStep::kind)
                .containsExactly(CapacityStep.Kind.CLIMB, CapacityStep.Kind.REPEAT);
        assertThat(r.steps().getLast().held()).isTrue();
        assertThat(iterations.get()).isEqualTo(2 * 3 * 2);
        assertThat(r.headline())
                .isEqualTo("held 2 concurrent calls: ceiling reached, nothing broke (transient breach at 2)");
    }

    @Test
    void theLongestSearchCountsClimbRepeatAndEachHalvingWithItsRepeat() {
        // 20, 100, … 500: 7 climbing steps, 1 repeat, 80 → 40 → 20 → 10: 3 halvings with their repeats.
        assertThat(CapacityPlan.longestSearchSteps(20, 80, 500, 10)).isEqualTo(7 + 1 + 2 * 3);
        assertThat(CapacityPlan.longestSearchSteps(20, 80, 500, 80)).isEqualTo(7 + 1);
        assertThat(CapacityPlan.longestSearch(20, 80, 500, 10, Duration.ofSeconds(6), false))
                .isEqualTo(Duration.ofSeconds(6 * (7 + 1 + 2 * 3)));
        assertThat(CapacityPlan.longestSearch(20, 80, 500, 10, Duration.ofSeconds(6), true))
                .as("a smoke run does not refine")
                .isEqualTo(Duration.ofSeconds(6 * (7 + 1)));
        assertThat(CapacityPlan.halvings(16, 2)).isEqualTo(3);
        assertThat(CapacityPlan.halvings(7, 1)).isEqualTo(3); // 7 → 4 → 2 → 1, the larger half each time
        assertThat(refining(10, 16, 60, 2, 20, null).refines()).isTrue();
        assertThat(refining(10, 16, 60, 16, 20, null).refines()).isFalse();
    }

    @Test
    void aTimeLimitShorterThanTheStepsEndsTheSearchEarly() {
        LoadPlan base = LoadPlan.closed(6)
                .name("capacity")
                .duration(STEP.multipliedBy(2))
                .build();
        CapacityResult r = CapacitySearch.run(
                new CapacityPlan(base, 2, 2, STEP, SETTLE, "calls"), user -> Thread.sleep(5), NO_ERRORS, quiet());

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 4);
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.TIME_LIMIT);
        assertThat(r.headline()).startsWith("held 4 concurrent calls: search stopped by its time limit");
        assertThat(r.failureMessage(0)).isEmpty();
    }

    @Test
    void levelsEndExactlyAtTheCeiling() {
        assertThat(plan(10, 10, 35, ThinkTime.NONE).levels()).containsExactly(10, 20, 30, 35);
        assertThat(plan(5, 1, 5, ThinkTime.NONE).levels()).containsExactly(5);
    }

    @Test
    void badPlansAreRefusedNamingTheAttribute() {
        LoadPlan base = LoadPlan.closed(10).duration(Duration.ofSeconds(10)).build();
        assertThatThrownBy(() -> new CapacityPlan(base, 0, 1, STEP, SETTLE, null))
                .hasMessageContaining("startUsers = 0: must be between 1 and the ceiling maxUsers = 10");
        assertThatThrownBy(() -> new CapacityPlan(base, 11, 1, STEP, SETTLE, null))
                .hasMessageContaining("startUsers = 11");
        assertThatThrownBy(() -> new CapacityPlan(base, 1, 0, STEP, SETTLE, null))
                .hasMessageContaining("stepUsers = 0: must be at least 1");
        assertThatThrownBy(() -> new CapacityPlan(base, 1, 1, 0, STEP, SETTLE, null, null))
                .hasMessageContaining("resolution = 0: must be at least 1");
        assertThatThrownBy(() -> new CapacityPlan(base, 1, 1, Duration.ZERO, Duration.ZERO, null))
                .hasMessageContaining("stepDuration = 0ms: must be positive");
        assertThatThrownBy(() -> new CapacityPlan(base, 1, 1, STEP, STEP, null))
                .hasMessageContaining("settle = 600ms: must be zero or more and shorter than stepDuration");
        LoadPlan noLimit = LoadPlan.closed(10).requests(5).build();
        assertThatThrownBy(() -> new CapacityPlan(noLimit, 1, 1, STEP, SETTLE, null))
                .hasMessageContaining("needs a duration");
    }
}
