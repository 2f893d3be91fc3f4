package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.Stage;
import io.voiceload.load.IntervalStats;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RateSchedule;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.load.StopReason;
import io.voiceload.load.Warmup;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The open model delivers exactly the arrivals its schedule promises, drops what finds every user
 * busy, and counts both so that {@code iterations + dropped == arrivals}.
 */
class OpenModelAccuracyTest {
    private static final Duration SERVICE_TIME = Duration.ofMillis(5);
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private static final String GET = "GET /";

    @RegisterExtension
    static final HttpStub stub = HttpStub.withServiceTime(SERVICE_TIME);

    @Test
    void constantRateYieldsExactlyTheScheduledArrivals() {
        RateSchedule schedule = RateSchedule.constant(100, Duration.ofSeconds(3));
        long stubBefore = stub.requests();

        // Sampled every second (a 3-second test is otherwise sampled every 100 ms): the series is read per second.
        LoadResult result = LoadRunner.run(
                LoadPlan.open(schedule).build(),
                user -> user.time(GET, () -> StubClient.get(stub.uri())),
                QUIET.withSampleInterval(Duration.ofSeconds(1)));

        long expected = Math.round(100 * 3.0);
        assertThat(schedule.totalArrivals()).isEqualTo(expected);
        assertThat(result.arrivals()).isEqualTo(expected);
        assertThat(result.dropped()).isZero();
        assertThat(result.iterations().successes()).isEqualTo(expected);
        assertThat(result.request(GET).successes()).isEqualTo(expected);
        assertThat(stub.requests() - stubBefore).isEqualTo(expected);
        assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(result.iterations().min()).isGreaterThanOrEqualTo(SERVICE_TIME);
        assertThat(result.iterations().percentile(50)).isBetween(SERVICE_TIME, SERVICE_TIME.plusMillis(15));
        assertThat(result.measuredDuration()).isBetween(Duration.ofMillis(2900), Duration.ofMillis(3500));
        // Whole one-second intervals inside the run hold about one second of arrivals.
        List<IntervalStats> series = result.timeSeries();
        assertThat(series.stream().mapToLong(IntervalStats::successes).sum()).isEqualTo(expected);
        assertThat(series).hasSizeGreaterThanOrEqualTo(3);
        assertThat(series.subList(0, 3))
                .allSatisfy(point -> assertThat(point.successes()).isBetween(90L, 110L));
    }

    @Test
    void rampingRateArrivesAsTheIntegralOfTheRate() {
        // 0 → 100/s over 2 s: 100 arrivals, a quarter of them in the first second.
        RateSchedule schedule = RateSchedule.stages(0, List.of(new Stage(100, Duration.ofSeconds(2))));
        Queue<Duration> starts = new ConcurrentLinkedQueue<>();

        LoadResult result = LoadRunner.run(
                LoadPlan.open(schedule).build(),
                user -> {
                    starts.add(user.elapsed());
                    StubClient.get(stub.uri());
                },
                QUIET);

        assertThat(schedule.totalArrivals()).isEqualTo(100);
        assertThat(result.arrivals()).isEqualTo(100);
        assertThat(result.iterations().successes()).isEqualTo(100);
        long firstSecond = starts.stream()
                .filter(d -> d.compareTo(Duration.ofSeconds(1)) < 0)
                .count();
        assertThat(firstSecond).isBetween(23L, 27L);
    }

    @Test
    void requestsCapTheArrivals() {
        LoadResult result = LoadRunner.run(
                LoadPlan.open(100, Duration.ofSeconds(3)).requests(50).build(),
                user -> StubClient.get(stub.uri()),
                QUIET);

        assertThat(result.arrivals()).isEqualTo(50);
        assertThat(result.iterations().count()).isEqualTo(50);
        assertThat(result.dropped()).isZero();
        assertThat(result.totalDuration()).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void arrivalsFindingEveryUserBusyAreDroppedAndCounted() {
        RateSchedule schedule = RateSchedule.constant(50, Duration.ofSeconds(2));

        LoadResult result =
                LoadRunner.run(LoadPlan.open(schedule).maxConcurrency(1).build(), user -> Thread.sleep(50), QUIET);

        // One user busy 50 ms per iteration while arrivals come every 20 ms: about two of three are dropped.
        assertThat(result.arrivals()).isEqualTo(100);
        assertThat(result.dropped()).isPositive();
        assertThat(result.iterations().count() + result.dropped()).isEqualTo(result.arrivals());
        assertThat(result.iterations().count()).isBetween(15L, 41L);
        assertThat(result.timeSeries().stream()
                        .mapToLong(IntervalStats::dropped)
                        .sum())
                .isEqualTo(result.dropped());

        SloReport report = SloEvaluator.evaluate(result, List.of(SloRule.maxDropped(0, "test")));
        assertThat(report.passed()).isFalse();
        assertThat(report.breaches()).singleElement().satisfies(outcome -> {
            assertThat(outcome.actual()).isEqualTo((double) result.dropped());
            assertThat(outcome.samples()).isEqualTo(result.arrivals());
        });
        assertThat(SloEvaluator.evaluate(result, List.of(SloRule.maxDropped(result.dropped(), "test")))
                        .passed())
                .isTrue();
    }

    @Test
    void iterationWarmupTakesTheFirstArrivals() {
        RateSchedule schedule = RateSchedule.constant(100, Duration.ofSeconds(1));

        LoadResult result = LoadRunner.run(
                LoadPlan.open(schedule).warmup(Warmup.iterations(20)).build(),
                user -> StubClient.get(stub.uri()),
                QUIET);

        assertThat(result.warmupIterations().count()).isEqualTo(20);
        assertThat(result.arrivals()).isEqualTo(80);
        assertThat(result.iterations().count()).isEqualTo(80);
    }

    @Test
    void timeWarmupRunsAtTheStartingRateBeforeTheSchedule() {
        RateSchedule schedule = RateSchedule.constant(100, Duration.ofSeconds(1));
        long stubBefore = stub.requests();

        LoadResult result = LoadRunner.run(
                LoadPlan.open(schedule)
                        .warmup(Warmup.of(Duration.ofMillis(500)))
                        .build(),
                user -> StubClient.get(stub.uri()),
                QUIET);

        assertThat(result.warmupIterations().count()).isEqualTo(50);
        assertThat(result.arrivals()).isEqualTo(100);
        assertThat(result.iterations().count()).isEqualTo(100);
        assertThat(stub.requests() - stubBefore).isEqualTo(150);
        assertThat(result.totalDuration()).isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }
}
