package io.voiceload.faults;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.IntervalStats;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Time to recover and detection latency from a time series of 100 ms intervals, on the run's axis. */
class RecoveryWindowsTest {
    private static final long MS = 1_000_000;
    private static final List<SloRule> ERRORS_AND_P99 = List.of(
            SloRule.errorRate(0.01, null, "@Slo"),
            SloRule.latency(SloMetric.P99, Duration.ofMillis(300), null, "@Slo"));

    /** 100 ms intervals from 0 to {@code endMs}; {@code failing} and {@code slow} say which ones. */
    private static List<IntervalStats> series(
            long endMs, java.util.function.LongPredicate failing, java.util.function.LongPredicate slow) {
        List<IntervalStats> s = new ArrayList<>();
        for (long end = 100; end <= endMs; end += 100) {
            boolean fail = failing.test(end);
            long p99 = slow.test(end) ? 900 * MS : 20 * MS;
            s.add(new IntervalStats(end, 100, fail ? 5 : 20, fail ? 15 : 0, 10 * MS, 15 * MS, 18 * MS, p99, p99, 2, 0));
        }
        return s;
    }

    private static RecoveryWindows.Outcome judge(List<IntervalStats> series, long healMs, long withinMs) {
        return RecoveryWindows.timeToRecover(
                series, healMs * MS, 10_000 * MS, "the run ended", 1000 * MS, withinMs * MS, 20, ERRORS_AND_P99);
    }

    @Test
    void recoveredAtTheFirstIntervalAfterTheLastFailure() {
        // Healed at 2.0 s, failing until 3.5 s: the first clean 1 s window starts at 3.5 s.
        List<IntervalStats> s = series(10_000, end -> end > 2000 && end <= 3500, end -> false);
        RecoveryWindows.Outcome o = judge(s, 2000, 5000);
        assertThat(o.timeToRecover()).contains(Duration.ofMillis(1500));
        assertThat(o.problem()).isEmpty();
    }

    @Test
    void aSlowIntervalKeepsTheWindowOutEvenWithoutFailures() {
        List<IntervalStats> s = series(10_000, end -> false, end -> end == 2600);
        assertThat(judge(s, 2000, 5000).timeToRecover()).contains(Duration.ofMillis(600));
    }

    @Test
    void recoveredAtOnceWhenTheFirstWindowIsClean() {
        List<IntervalStats> s = series(10_000, end -> end <= 2000 && end > 1000, end -> false);
        assertThat(judge(s, 2000, 5000).timeToRecover()).contains(Duration.ZERO);
    }

    @Test
    void notRecoveredWithinTheBudgetSaysWhatWasStillBreached() {
        List<IntervalStats> s = series(10_000, end -> end > 2000 && end <= 6000, end -> end == 2500);
        RecoveryWindows.Outcome o = judge(s, 2000, 1000);
        assertThat(o.timeToRecover()).isEmpty();
        assertThat(o.problem())
                .startsWith("still breached in the window from 1.00s after the heal: error rate of iterations ≤ 1.00%,"
                        + " actual 75.00% (150 of 200 failed)");
    }

    @Test
    void aWindowTheRunCutsShortDoesNotCount() {
        List<IntervalStats> s = series(2500, end -> false, end -> false);
        RecoveryWindows.Outcome o = RecoveryWindows.timeToRecover(
                s, 2000 * MS, 2500 * MS, "the run ended", 1000 * MS, 5000 * MS, 20, ERRORS_AND_P99);
        assertThat(o.timeToRecover()).isEmpty();
        assertThat(o.problem()).isEqualTo("the run ended 0.50s after the heal, before a whole 1.00s window");
    }

    @Test
    void tooFewSamplesIsNotARecovery() {
        List<IntervalStats> s = series(10_000, end -> false, end -> false);
        RecoveryWindows.Outcome o = RecoveryWindows.timeToRecover(
                s, 2000 * MS, 10_000 * MS, "the run ended", 1000 * MS, 1000 * MS, 1000, ERRORS_AND_P99);
        assertThat(o.timeToRecover()).isEmpty();
        assertThat(o.problem()).contains("200 samples, fewer than minRequests = 1000");
    }

    @Test
    void aHealBetweenBoundariesStartsAtTheNextOne() {
        // The engine cuts the series at the heal; without a cut, windows start at the next boundary.
        List<IntervalStats> s = series(10_000, end -> false, end -> false);
        assertThat(judge(s, 2050, 5000).timeToRecover()).contains(Duration.ofMillis(50));
    }

    @Test
    void detectionIsTheEndOfTheFirstFailingIntervalAfterTheFaultWentOn() {
        List<IntervalStats> s = series(10_000, end -> end >= 1300 && end <= 2000, end -> false);
        assertThat(RecoveryWindows.detection(s, 1000 * MS, 2000 * MS)).contains(Duration.ofMillis(300));
        assertThat(RecoveryWindows.detection(s, 5000 * MS, 6000 * MS)).isEqualTo(Optional.empty());
    }
}
