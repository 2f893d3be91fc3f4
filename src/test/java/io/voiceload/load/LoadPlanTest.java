package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.config.ThinkTime;
import io.voiceload.config.WorkloadModel;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadPlanTest {

    @Test
    void invalidClosedPlansNameEveryProblem() {
        assertThatThrownBy(() -> LoadPlan.closed(0)
                        .requests(-1)
                        .rampUp(Duration.ofSeconds(-1))
                        .name("x")
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid load plan 'x'")
                .hasMessageContaining("users = 0: must be between 1 and 1000000")
                .hasMessageContaining("requests = -1")
                .hasMessageContaining("rampUp = -1s: must not be negative");
    }

    @Test
    void closedPlanNeedsAStopCondition() {
        assertThatThrownBy(() -> LoadPlan.closed(5).build())
                .hasMessageContaining("needs requests per user or a duration");
    }

    @Test
    void pacingExcludesThinkTime() {
        assertThatThrownBy(() -> LoadPlan.closed(1)
                        .requests(1)
                        .pacing(Duration.ofMillis(100))
                        .thinkTime(ThinkTime.constant(Duration.ofMillis(5)))
                        .build())
                .hasMessageContaining("pacing and thinkTime exclude each other");
    }

    @Test
    void openPlanChecksItsOwnSettings() {
        // Closed-model settings (think time, pacing, users) have no setter on an open plan's builder.
        assertThatThrownBy(() -> LoadPlan.open(10, Duration.ofSeconds(1))
                        .maxConcurrency(-3)
                        .build())
                .hasMessageContaining("maxConcurrency = -3");
        assertThatThrownBy(() ->
                        LoadPlan.open(10, Duration.ofSeconds(1)).requests(-1).build())
                .hasMessageContaining("requests = -1: an open plan's cap on arrivals must be >= 1 (0: none)");
    }

    @Test
    void openPlanGetsADefaultConcurrencyFromThePeakRate() {
        assertThat(LoadPlan.open(10, Duration.ofSeconds(1)).build().users()).isEqualTo(100);
        assertThat(LoadPlan.open(2_000, Duration.ofSeconds(1)).build().users()).isEqualTo(4_000);
        assertThat(LoadPlan.open(1e6, Duration.ofSeconds(1)).build().users()).isEqualTo(10_000);
    }

    @Test
    void eachWorkloadModelIsItsOwnType() {
        LoadPlan closed = LoadPlan.closed(3)
                .requests(4)
                .thinkTime(ThinkTime.constant(Duration.ofMillis(5)))
                .build();
        assertThat(closed.workload()).isInstanceOfSatisfying(Workload.Closed.class, c -> {
            assertThat(c.iterationsPerUser()).isEqualTo(4);
            assertThat(c.plannedIterations()).isEqualTo(12);
            assertThat(c.plannedDuration()).isNull();
        });
        assertThat(closed.workload().model()).isEqualTo(WorkloadModel.CLOSED);
        LoadPlan open = LoadPlan.open(10, Duration.ofSeconds(2)).requests(5).build();
        assertThat(open.workload()).isInstanceOfSatisfying(Workload.Open.class, o -> {
            assertThat(o.maxArrivals()).isEqualTo(5);
            assertThat(o.plannedIterations()).isZero();
        });
        assertThat(open.workload().model()).isEqualTo(WorkloadModel.OPEN);
        assertThat(open.plannedDuration()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void theSeedAsRunKeepsEverythingElse() {
        LoadPlan plan = LoadPlan.closed(2).requests(1).name("x").build();
        assertThat(plan.withSeed(42))
                .isEqualTo(LoadPlan.closed(2).requests(1).name("x").seed(42L).build());
    }

    @Test
    void everyPlanIsBoundedInTime() {
        LoadPlan plan = LoadPlan.closed(1).requests(1_000_000).build();
        assertThat(plan.maxDuration()).isEqualTo(LoadPlan.DEFAULT_MAX_DURATION);
        assertThatThrownBy(() -> LoadPlan.closed(1)
                        .requests(1)
                        .maxDuration(Duration.ZERO)
                        .build())
                .hasMessageContaining("maxDuration = 0ms: must be positive");
    }

    @Test
    void describesTheWorkload() {
        assertThat(LoadPlan.closed(50)
                        .requests(100)
                        .duration(Duration.ofMinutes(5))
                        .rampUp(Duration.ofSeconds(10))
                        .thinkTime(ThinkTime.uniform(Duration.ofMillis(100), Duration.ofMillis(500)))
                        .warmup(Warmup.iterations(3))
                        .build()
                        .describe())
                .isEqualTo("closed model: 50 users × 100 iterations or 5m, ramp-up 10s, think time 100ms..500ms,"
                        + " warm-up 3 iterations");
        assertThat(LoadPlan.open(20, Duration.ofSeconds(30))
                        .maxConcurrency(5)
                        .build()
                        .describe())
                .isEqualTo("open model: 20/s for 30s, max concurrency 5");
        assertThat(LoadPlan.closed(1)
                        .requests(1)
                        .warmup(Warmup.iterations(1))
                        .build()
                        .describe())
                .as("one is one")
                .isEqualTo("closed model: 1 user × 1 iteration, warm-up 1 iteration");
    }

    @Test
    void warmupEndsWithWhicheverBoundComesFirst() {
        Warmup both = new Warmup(Duration.ofSeconds(10), 3);
        assertThat(both.isWarm(0, true)).isTrue();
        assertThat(both.isWarm(3, true)).isFalse();
        assertThat(both.isWarm(0, false)).isFalse();
        assertThat(Warmup.of(Duration.ofSeconds(1)).isWarm(1_000, true)).isTrue();
        assertThat(Warmup.iterations(2).isWarm(1, false)).isTrue();
        assertThat(Warmup.NONE.isWarm(0, true)).isFalse();
    }
}
