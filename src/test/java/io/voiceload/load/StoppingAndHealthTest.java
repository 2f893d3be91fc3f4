package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.ThinkTime;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** How runs end (planned, interrupted) and when the generator reports itself saturated. */
class StoppingAndHealthTest {
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);

    @Test
    void pacingCountsRealIterationsAndShowsTheDelayOfFallingBehind() {
        // Body 35 ms, pacing 10 ms: iteration k is due at 10k ms but ends at 35(k+1) ms.
        AtomicInteger bodies = new AtomicInteger();
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(1).requests(5).pacing(Duration.ofMillis(10)).build(),
                user -> {
                    bodies.incrementAndGet();
                    Thread.sleep(35);
                },
                QUIET);
        assertThat(bodies).hasValue(5);
        assertThat(r.iterations().count()).isEqualTo(5);
        assertThat(r.arrivals()).isEqualTo(5);
        assertThat(r.iterations().max()).isGreaterThanOrEqualTo(Duration.ofMillis(120));
    }

    @Test
    void noPauseAfterTheLastIteration() {
        long start = System.nanoTime();
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(1)
                        .requests(1)
                        .thinkTime(ThinkTime.constant(Duration.ofSeconds(5)))
                        .build(),
                user -> {},
                QUIET);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(r.iterations().count()).isEqualTo(1);
    }

    @Test
    void interruptingAnOpenRunStopsItPromptlyWithoutSpinning() throws Exception {
        LoadResult r = runAndInterrupt(LoadPlan.open(50, Duration.ofSeconds(10)).build(), user -> Thread.sleep(5), 700);
        assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        assertThat(r.arrivals()).isLessThan(200);
        assertThat(r.totalDuration()).isLessThan(Duration.ofSeconds(4));
    }

    @Test
    void interruptingAClosedRunKeepsTheSamplesOfIterationsInFlight() throws Exception {
        AtomicInteger completed = new AtomicInteger();
        LoadResult r = runAndInterrupt(
                LoadPlan.closed(3).duration(Duration.ofSeconds(30)).build(),
                user -> {
                    try {
                        Thread.sleep(300);
                    } finally {
                        completed.incrementAndGet();
                    }
                },
                1_100);
        int whenReturned = completed.get();
        Thread.sleep(500);
        assertThat(completed.get()).as("bodies completing after run() returned").isEqualTo(whenReturned);
        assertThat(r.stopReason()).isEqualTo(StopReason.INTERRUPTED);
        // Interrupted bodies are not failures; every completed one that was not interrupted is counted.
        assertThat(r.iterations().failures()).isZero();
        assertThat(r.iterations().successes()).isBetween((long) whenReturned - 3, (long) whenReturned);
    }

    @Test
    void busyCarriersMarkTheGeneratorSaturated() {
        // 100 arrivals/s of 50 ms of CPU each need 5 cores; this machine has far fewer.
        LoadResult r = LoadRunner.run(
                LoadPlan.open(100, Duration.ofSeconds(2)).maxConcurrency(1_000).build(),
                user -> spin(Duration.ofMillis(50)),
                QUIET);
        GeneratorHealth health = r.generatorHealth();
        assertThat(health.saturated()).as(health.summary()).isTrue();
        assertThat(health.reason()).contains("scheduling lag");
        assertThat(r.summaryLine()).contains("GENERATOR SATURATED");
    }

    @Test
    void aLateScheduleMarksSaturationOnlyWithEnoughSamples() {
        LoadPlan plan = LoadPlan.closed(20).requests(1).build();
        org.HdrHistogram.Histogram fewLateStarts = new org.HdrHistogram.Histogram(3);
        for (int i = 0; i < GeneratorHealth.MIN_LAG_SAMPLES - 1; i++) {
            fewLateStarts.recordValue(Duration.ofMillis(500).toNanos());
        }
        GeneratorHealth few =
                LoadRunner.health(plan, fewLateStarts, Duration.ofSeconds(10).toNanos(), 0, 0);
        assertThat(few.saturated()).as(few.summary()).isFalse();
        assertThat(few.schedulingLagP99()).isGreaterThan(plan.generatorLagLimit()); // still reported

        fewLateStarts.recordValue(Duration.ofMillis(500).toNanos());
        GeneratorHealth enough =
                LoadRunner.health(plan, fewLateStarts, Duration.ofSeconds(10).toNanos(), 0, 0);
        assertThat(enough.saturated()).as(enough.summary()).isTrue();
        assertThat(enough.reason()).contains("scheduling lag p99 500");
    }

    @Test
    void anIdleGeneratorIsHealthy() {
        LoadResult r = LoadRunner.run(LoadPlan.open(20, Duration.ofSeconds(1)).build(), user -> Thread.sleep(1), QUIET);
        assertThat(r.generatorHealth().saturated())
                .as(r.generatorHealth().summary())
                .isFalse();
    }

    private static LoadResult runAndInterrupt(LoadPlan plan, IterationBody body, long afterMillis) throws Exception {
        CompletableFuture<LoadResult> result = new CompletableFuture<>();
        Thread t = Thread.ofPlatform().start(() -> {
            result.complete(LoadRunner.run(plan, body, QUIET));
        });
        Thread.sleep(afterMillis);
        t.interrupt();
        return result.get(20, TimeUnit.SECONDS);
    }

    private static void spin(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
