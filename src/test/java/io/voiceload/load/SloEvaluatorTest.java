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
    void tightestIsTheMetSloClosestToItsLimit() {
        SloRule errors = SloRule.errorRate(0.2, null, "");
        SloRule zeroErrors = SloRule.errorRate(0, null, "");
        SloRule throughput = SloRule.minThroughput(50, null, "");
        SloRule p99 = SloRule.latency(SloMetric.P99, Duration.ofMillis(100), null, "");
        SloReport report = new SloReport(
                List.of(
                        new SloOutcome(errors, 0.05, 100, true, ""), // 25 % of its limit
                        new SloOutcome(zeroErrors, 0, 100, true, ""), // a zero limit has no usage
                        new SloOutcome(throughput, 100, 100, true, ""), // lower bound: 50 / 100 = 50 %
                        new SloOutcome(p99, 80e6, 100, true, ""), // 80 %
                        new SloOutcome(p99, 150e6, 100, false, "")), // breached: not a headroom
                100,
                0);

        assertThat(report.tightest()).hasValueSatisfying(o -> {
            assertThat(o.actual()).isEqualTo(80e6);
            assertThat(o.usage()).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9));
        });
        assertThat(new SloOutcome(zeroErrors, 0, 100, true, "").usage()).isNaN();
        assertThat(new SloOutcome(throughput, 100, 100, true, "").usage()).isEqualTo(0.5);
        assertThat(new SloOutcome(p99, Double.NaN, 0, false, "none").usage()).isNaN();
        assertThat(new SloReport(List.of(), 1, 0).tightest()).isEmpty();
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
