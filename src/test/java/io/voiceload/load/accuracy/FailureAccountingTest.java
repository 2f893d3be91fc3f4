package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.voiceload.load.IntervalStats;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RequestStats;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures are counted exactly, kept out of the latency figures, and classified by message or HTTP status. */
class FailureAccountingTest {
    private static final Duration SERVICE_TIME = Duration.ofMillis(10);
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private static final String GET = "GET /";

    @RegisterExtension
    static final HttpStub stub = HttpStub.withServiceTime(SERVICE_TIME);

    @Test
    void everyFifthIterationFailingGivesTheExactFailureCountAndErrorRate() {
        int users = 4;
        int requests = 20;

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users).requests(requests).build(),
                user -> {
                    user.time(GET, () -> StubClient.get(stub.uri()));
                    if (user.iteration() % 5 == 4) {
                        throw new IllegalStateException("planned failure\nsecond line is not part of the key");
                    }
                },
                QUIET);

        long total = (long) users * requests;
        long failures = total / 5;
        RequestStats iterations = result.iterations();
        assertThat(iterations.count()).isEqualTo(total);
        assertThat(iterations.failures()).isEqualTo(failures);
        assertThat(iterations.successes()).isEqualTo(total - failures);
        assertThat(iterations.errorRate()).isCloseTo(0.2, within(1e-9));
        assertThat(iterations.failureHistogram().getTotalCount()).isEqualTo(failures);
        assertThat(iterations.errors()).isEqualTo(Map.of("IllegalStateException: planned failure", failures));
        assertThat(iterations.errorSamples().get("IllegalStateException: planned failure"))
                .startsWith("java.lang.IllegalStateException: planned failure");
        assertThat(result.timeSeries().stream()
                        .mapToLong(IntervalStats::failures)
                        .sum())
                .isEqualTo(failures);
        // The request itself succeeded every time: the failure came after it.
        assertThat(result.request(GET).successes()).isEqualTo(total);
        assertThat(result.request(GET).failures()).isZero();

        SloReport report = SloEvaluator.evaluate(result, List.of(SloRule.errorRate(0.1, null, "test")));
        assertThat(report.passed()).isFalse();
        assertThat(report.breaches()).singleElement().satisfies(o -> assertThat(o.actual())
                .isCloseTo(0.2, within(1e-9)));
    }

    @Test
    void http503IsClassifiedByStatus() {
        int users = 4;
        int requests = 20;

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(users).requests(requests).build(),
                user -> {
                    boolean fail = user.iteration() % 4 == 3;
                    user.time(GET, () -> StubClient.get(fail ? stub.uri("/?status=503") : stub.uri()));
                },
                QUIET);

        long total = (long) users * requests;
        long failures = total / 4;
        for (RequestStats stats : List.of(result.iterations(), result.request(GET))) {
            assertThat(stats.count()).as(stats.name()).isEqualTo(total);
            assertThat(stats.failures()).as(stats.name()).isEqualTo(failures);
            assertThat(stats.errors()).as(stats.name()).isEqualTo(Map.of("HTTP 503", failures));
            assertThat(stats.errorSamples()).as(stats.name()).containsKey("HTTP 503");
            assertThat(stats.errorSamples().get("HTTP 503")).contains("503");
            // Latency figures describe successes only.
            assertThat(stats.histogram().getTotalCount()).isEqualTo(total - failures);
        }
        assertThat(result.iterations().errorRate()).isCloseTo(0.25, within(1e-9));
    }

    @Test
    void fastFailuresDoNotMakeLatencyLookGood() {
        LoadResult result = LoadRunner.run(
                LoadPlan.closed(2).requests(20).build(),
                user -> {
                    if (user.iteration() % 2 == 0) {
                        throw new IllegalArgumentException("fails at once");
                    }
                    user.time(GET, () -> StubClient.get(stub.uri()));
                },
                QUIET);

        assertThat(result.iterations().failures()).isEqualTo(20);
        assertThat(result.iterations().errors()).isEqualTo(Map.of("IllegalArgumentException: fails at once", 20L));
        assertThat(result.iterations().min()).isGreaterThanOrEqualTo(SERVICE_TIME);
        assertThat(result.iterations().failureHistogram().getMaxValue()).isLessThan(SERVICE_TIME.toNanos());
    }
}
