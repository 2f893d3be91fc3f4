package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.ThinkTime;
import io.voiceload.load.IntervalStats;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RequestStats;
import io.voiceload.load.RunOptions;
import io.voiceload.load.StopReason;
import io.voiceload.load.Warmup;
import java.time.Duration;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The closed model measures what a loopback stub with a known service time does: latencies sit
 * just above the service time, and every count (iterations, named requests, time series, warm-up)
 * is exact, whatever think time, ramp-up or warm-up the plan has.
 */
class ClosedModelAccuracyTest {
    private static final Duration SERVICE_TIME = Duration.ofMillis(20);
    /** Loopback, the JDK client and scheduling on 2 shared cores: what the median may add to the service time. */
    private static final Duration MARGIN = Duration.ofMillis(15);

    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private static final String GET = "GET /";

    @RegisterExtension
    static final HttpStub stub = HttpStub.withServiceTime(SERVICE_TIME);

    @Test
    void latencyIsTheServiceTimeAndCountsAreExact() {
        int users = 10;
        int requests = 30;
        long stubBefore = stub.requests();

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users).requests(requests).build(),
                user -> user.time(GET, () -> StubClient.get(stub.uri())),
                QUIET);

        long expected = (long) users * requests;
        RequestStats iterations = result.iterations();
        assertThat(iterations.count()).isEqualTo(expected);
        assertThat(iterations.successes()).isEqualTo(expected);
        assertThat(iterations.failures()).isZero();
        assertThat(iterations.min()).isGreaterThanOrEqualTo(SERVICE_TIME);
        assertThat(iterations.percentile(50)).isBetween(SERVICE_TIME, SERVICE_TIME.plus(MARGIN));

        RequestStats get = result.request(GET);
        assertThat(get.count()).isEqualTo(expected);
        assertThat(get.successes()).isEqualTo(expected);
        assertThat(get.min()).isGreaterThanOrEqualTo(SERVICE_TIME);
        // The named request is timed inside the iteration, so it cannot take longer.
        assertThat(get.percentile(50)).isLessThanOrEqualTo(iterations.percentile(50));

        assertThat(result.timeSeries().stream()
                        .mapToLong(IntervalStats::successes)
                        .sum())
                .isEqualTo(expected);
        assertThat(get.timeSeries().stream().mapToLong(IntervalStats::successes).sum())
                .isEqualTo(expected);
        assertThat(result.arrivals()).isEqualTo(expected);
        assertThat(result.dropped()).isZero();
        assertThat(result.warmupIterations().count()).isZero();
        assertThat(result.stopReason()).isEqualTo(StopReason.COMPLETED);
        assertThat(stub.requests() - stubBefore).isEqualTo(expected);
    }

    @Test
    void thinkTimeIsPausedBetweenIterationsButNotMeasured() {
        int users = 5;
        int requests = 10;
        Duration think = Duration.ofMillis(30);

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users)
                        .requests(requests)
                        .thinkTime(ThinkTime.constant(think))
                        .build(),
                user -> user.time(GET, () -> StubClient.get(stub.uri())),
                QUIET);

        assertThat(result.iterations().successes()).isEqualTo((long) users * requests);
        assertThat(result.request(GET).successes()).isEqualTo((long) users * requests);
        assertThat(result.iterations().percentile(50)).isBetween(SERVICE_TIME, SERVICE_TIME.plus(MARGIN));
        Duration leastPossible = SERVICE_TIME.multipliedBy(requests).plus(think.multipliedBy(requests - 1));
        assertThat(result.totalDuration()).isGreaterThanOrEqualTo(leastPossible);
    }

    @Test
    void rampUpStartsUsersEvenlyAndKeepsCountsExact() {
        int users = 10;
        int requests = 5;
        Duration rampUp = Duration.ofSeconds(1);
        Map<Integer, Duration> firstStart = new ConcurrentHashMap<>();

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users).requests(requests).rampUp(rampUp).build(),
                user -> {
                    firstStart.putIfAbsent(user.id(), user.elapsed());
                    user.time(GET, () -> StubClient.get(stub.uri()));
                },
                QUIET);

        assertThat(result.iterations().successes()).isEqualTo((long) users * requests);
        assertThat(result.request(GET).successes()).isEqualTo((long) users * requests);
        assertThat(firstStart).hasSize(users);
        for (int id = 0; id < users; id++) {
            Duration planned = rampUp.multipliedBy(id).dividedBy(users);
            assertThat(firstStart.get(id))
                    .as("first start of user %d, planned at %s", id, planned)
                    .isBetween(planned, planned.plusMillis(100));
        }
    }

    @Test
    void timeBasedWarmupIsRecordedApart() {
        int users = 5;
        int requests = 10;
        Duration warmup = Duration.ofMillis(500);
        Queue<Duration> measuredStarts = new ConcurrentLinkedQueue<>();
        Queue<Duration> warmupStarts = new ConcurrentLinkedQueue<>();

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users)
                        .requests(requests)
                        .warmup(Warmup.of(warmup))
                        .build(),
                user -> {
                    (user.isWarmup() ? warmupStarts : measuredStarts).add(user.elapsed());
                    user.time(GET, () -> StubClient.get(stub.uri()));
                },
                QUIET);

        long expected = (long) users * requests;
        assertThat(result.iterations().count()).isEqualTo(expected);
        assertThat(result.iterations().successes()).isEqualTo(expected);
        assertThat(result.request(GET).count()).isEqualTo(expected);
        assertThat(result.warmupIterations().count())
                .isEqualTo(warmupStarts.size())
                .isGreaterThan(users);
        assertThat(measuredStarts).hasSize((int) expected).allSatisfy(start -> assertThat(start)
                .isGreaterThanOrEqualTo(warmup));
        assertThat(warmupStarts).allSatisfy(start -> assertThat(start).isLessThan(warmup));
        assertThat(result.timeSeries().stream()
                        .mapToLong(IntervalStats::successes)
                        .sum())
                .isEqualTo(expected);
    }

    @Test
    void iterationBasedWarmupRunsExactlyThatManyIterationsPerUser() {
        int users = 4;
        int requests = 10;
        int warmupIterations = 3;
        long stubBefore = stub.requests();

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users)
                        .requests(requests)
                        .warmup(Warmup.iterations(warmupIterations))
                        .build(),
                user -> user.time(GET, () -> StubClient.get(stub.uri())),
                QUIET);

        assertThat(result.warmupIterations().count()).isEqualTo((long) users * warmupIterations);
        assertThat(result.iterations().count()).isEqualTo((long) users * requests);
        assertThat(result.request(GET).count()).isEqualTo((long) users * requests);
        assertThat(stub.requests() - stubBefore).isEqualTo((long) users * (requests + warmupIterations));
    }

    @Test
    void warmupOfTimeAndIterationsEndsWithWhicheverComesFirst() {
        int users = 3;
        int requests = 5;
        // Two 20 ms iterations end long before 2 s.
        LoadResult iterationsFirst = LoadRunner.run(
                LoadPlan.closed(users)
                        .requests(requests)
                        .warmup(new Warmup(Duration.ofSeconds(2), 2))
                        .build(),
                user -> user.time(GET, () -> StubClient.get(stub.uri())),
                QUIET);
        // 200 ms ends long before 1,000 iterations of 20 ms.
        LoadResult timeFirst = LoadRunner.run(
                LoadPlan.closed(users)
                        .requests(requests)
                        .warmup(new Warmup(Duration.ofMillis(200), 1_000))
                        .build(),
                user -> user.time(GET, () -> StubClient.get(stub.uri())),
                QUIET);

        assertThat(iterationsFirst.warmupIterations().count()).isEqualTo(users * 2L);
        assertThat(iterationsFirst.iterations().count()).isEqualTo((long) users * requests);
        assertThat(iterationsFirst.totalDuration()).isLessThan(Duration.ofSeconds(2));
        assertThat(timeFirst.warmupIterations().count()).isBetween(users * 2L, users * 10L);
        assertThat(timeFirst.iterations().count()).isEqualTo((long) users * requests);
        assertThat(timeFirst.request(GET).count()).isEqualTo((long) users * requests);
    }

    @Test
    void durationBoundRunRecordsEveryIterationItStarted() {
        AtomicLong started = new AtomicLong();

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(5).duration(Duration.ofSeconds(1)).build(),
                user -> {
                    started.incrementAndGet();
                    user.time(GET, () -> StubClient.get(stub.uri()));
                },
                QUIET);

        assertThat(result.stopReason()).isEqualTo(StopReason.DURATION_ELAPSED);
        assertThat(result.iterations().count()).isEqualTo(started.get()).isGreaterThan(50);
        assertThat(result.iterations().failures()).isZero();
        assertThat(result.request(GET).count()).isEqualTo(started.get());
        // The duration counts from the planned start; the measured phase from the first iteration, a little later.
        assertThat(result.totalDuration()).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1500));
        assertThat(result.measuredDuration()).isBetween(Duration.ofMillis(900), result.totalDuration());
    }

    @Test
    void pacingSlowerThanTheBodyKeepsCountsExact() {
        int users = 3;
        int requests = 8;
        Duration pacing = Duration.ofMillis(50);

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users).requests(requests).pacing(pacing).build(),
                user -> user.time(GET, () -> StubClient.get(stub.uri())),
                QUIET);

        assertThat(result.iterations().count()).isEqualTo((long) users * requests);
        assertThat(result.request(GET).count()).isEqualTo((long) users * requests);
        assertThat(result.totalDuration()).isGreaterThanOrEqualTo(pacing.multipliedBy(requests - 1));
    }
}
