package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.config.ThinkTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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

        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 4, 6);
        assertThat(r.ending()).isEqualTo(CapacityResult.Ending.BROKE);
        assertThat(r.highestHeld()).isEqualTo(4);
        assertThat(r.breakingPoint()).map(CapacityStep::users).contains(6);
        assertThat(r.breakingPoint().orElseThrow().reason())
                .startsWith("error rate of iterations ")
                .contains(" > 0.00%");
        assertThat(r.headline()).startsWith("held 4 concurrent calls; broke at 6 (error rate of iterations");
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

        assertThat(r.steps()).hasSize(1);
        assertThat(r.highestHeld()).isZero();
        assertThat(r.headline()).startsWith("held nothing: the first step broke at 2 (error rate");
        assertThat(r.failureMessage(0)).startsWith("the first step of 2 concurrent calls already broke: error rate");
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

        assertThat(r.steps()).hasSize(1);
        assertThat(r.steps().getFirst().reason()).startsWith("no successful iteration (");
        assertThat(r.failureMessage(0)).startsWith("no iteration of the capacity search succeeded");
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
        assertThatThrownBy(() -> new CapacityPlan(base, 1, 1, Duration.ZERO, Duration.ZERO, null))
                .hasMessageContaining("stepDuration = 0ms: must be positive");
        assertThatThrownBy(() -> new CapacityPlan(base, 1, 1, STEP, STEP, null))
                .hasMessageContaining("settle = 600ms: must be zero or more and shorter than stepDuration");
        LoadPlan noLimit = LoadPlan.closed(10).requests(5).build();
        assertThatThrownBy(() -> new CapacityPlan(noLimit, 1, 1, STEP, SETTLE, null))
                .hasMessageContaining("needs a duration");
    }
}
