package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloRule;
import io.voiceload.load.StopReason;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Abort-on-breach stops a run soon after its grace period once an SLO is breached, and only then. */
class AbortOnBreachTest {
    private static final Duration GRACE = Duration.ofSeconds(1);
    private static final List<SloRule> P95_UNDER_1MS =
            List.of(SloRule.latency(SloMetric.P95, Duration.ofMillis(1), null, "test"));

    @Test
    void closedRunBreachingItsSloStopsWithinSeconds() {
        LoadResult result = LoadRunner.run(
                LoadPlan.closed(5).duration(Duration.ofSeconds(30)).build(),
                user -> Thread.sleep(20),
                RunOptions.defaults().withProgressOut(null).withAbortOnBreach(P95_UNDER_1MS, GRACE));

        assertThat(result.stopReason()).isEqualTo(StopReason.ABORTED_ON_BREACH);
        assertThat(result.abortReason()).isNotEmpty().contains("p95 of iterations");
        assertThat(result.totalDuration()).isBetween(GRACE, Duration.ofSeconds(4));
        assertThat(result.iterations().successes()).isPositive();
    }

    @Test
    void openRunBreachingItsSloStopsWithinSeconds() {
        LoadResult result = LoadRunner.run(
                LoadPlan.open(50, Duration.ofSeconds(30)).build(),
                user -> Thread.sleep(20),
                RunOptions.defaults().withProgressOut(null).withAbortOnBreach(P95_UNDER_1MS, GRACE));

        assertThat(result.stopReason()).isEqualTo(StopReason.ABORTED_ON_BREACH);
        assertThat(result.abortReason()).isNotEmpty();
        assertThat(result.totalDuration()).isBetween(GRACE, Duration.ofSeconds(4));
        assertThat(result.arrivals()).isLessThan(50 * 4);
    }

    @Test
    void runKeepingItsSloIsNotAborted() {
        List<SloRule> generous = List.of(SloRule.latency(SloMetric.P95, Duration.ofSeconds(1), null, "test"));

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(5).duration(Duration.ofMillis(1500)).build(),
                user -> Thread.sleep(20),
                RunOptions.defaults().withProgressOut(null).withAbortOnBreach(generous, Duration.ofMillis(200)));

        assertThat(result.stopReason()).isEqualTo(StopReason.DURATION_ELAPSED);
        assertThat(result.abortReason()).isEmpty();
    }
}
