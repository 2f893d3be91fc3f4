package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SLO verdicts on a real, tiny run whose figures are known. */
class SloEvaluatorTest {
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);

    private static LoadResult run(IterationBody body) {
        return LoadRunner.run(LoadPlan.closed(2).requests(5).seed(1L).build(), body, QUIET);
    }

    @Test
    void latencyBoundsCompareAgainstSuccessfulSamplesOnly() {
        LoadResult result = run(user -> {
            if (user.iteration() == 0) {
                throw new IllegalStateException("fast failure");
            }
            Thread.sleep(5);
        });
        SloReport report =
                SloEvaluator.evaluate(result, List.of(SloRule.latency(SloMetric.P50, Duration.ofMillis(4), null, "t")));
        assertThat(report.breaches()).hasSize(1);
        assertThat(report.outcomes().getFirst().samples()).isEqualTo(8);
        assertThat(report.outcomes().getFirst().actual()).isGreaterThanOrEqualTo(5e6);
    }

    @Test
    void errorRateAndThroughput() {
        LoadResult result = run(user -> {
            if (user.iteration() % 5 == 0) {
                throw new IllegalStateException("every fifth");
            }
        });
        SloReport ok = SloEvaluator.evaluate(
                result, List.of(SloRule.errorRate(0.2, null, ""), SloRule.minThroughput(1, null, "")));
        assertThat(ok.passed()).isTrue();
        SloReport tight = SloEvaluator.evaluate(result, List.of(SloRule.errorRate(0.19, null, "cfg")));
        assertThat(tight.failureMessage())
                .isEqualTo("1 of 1 SLO breached:\n  ✗ error rate of iterations: required ≤ 19.00%, actual 20.00%"
                        + " (10 samples) [cfg]");
    }

    @Test
    void unmeasurableLatencyIsABreachNotAPass() {
        LoadResult result = run(user -> {
            throw new IllegalStateException("down");
        });
        SloReport report =
                SloEvaluator.evaluate(result, List.of(SloRule.latency(SloMetric.P99, Duration.ofHours(1), null, "")));
        assertThat(report.passed()).isFalse();
        assertThat(report.noSuccess()).isTrue();
        assertThat(report.failureMessage())
                .startsWith("no successful iteration: 10 iterations ran and all failed; and 1 of 1 SLO breached")
                .contains("actual no successful sample to measure");
    }

    @Test
    void noSloStillFailsWithoutSuccess() {
        LoadResult result = run(user -> {
            throw new IllegalStateException("down");
        });
        assertThat(SloEvaluator.evaluate(result, List.of()).passed()).isFalse();
    }

    @Test
    void rulesValidateTheirThresholds() {
        assertThatThrownBy(() -> SloRule.errorRate(1.5, null, "")).hasMessageContaining("between 0 and 1");
        assertThatThrownBy(() -> new SloRule(SloMetric.MAX_DROPPED, 0, "x", "")).hasMessageContaining("per run");
        assertThatThrownBy(() -> SloRule.latency(SloMetric.ERROR_RATE, Duration.ZERO, null, ""))
                .hasMessageContaining("not a latency metric");
    }
}
