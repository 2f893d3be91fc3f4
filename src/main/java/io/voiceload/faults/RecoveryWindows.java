package io.voiceload.faults;

import io.voiceload.load.IntervalStats;
import io.voiceload.load.SloMetric;
import io.voiceload.load.SloRule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Time to recover and detection latency from a run's time series ({@link Recovers}). The series is on the run's
 * axis (milliseconds since the run started), cut exactly where each fault went on and was healed; times given here
 * are nanoseconds on the same axis.
 *
 * <p>Hand-written rather than taken from a library: no library judges SLO windows over HdrHistogram interval
 * summaries. A window's percentile is the largest of its intervals' percentiles: a percentile of a union of samples
 * is never above the largest of the parts' percentiles, so a window judged recovered is recovered; its error rate is
 * exact (counts add up).
 */
final class RecoveryWindows {
    /** Interval boundaries are whole milliseconds (truncated): a boundary this close to an instant is at it. */
    private static final long TOLERANCE_NANOS = 1_000_000;

    private RecoveryWindows() {}

    /** The outcome for one heal: the time to recover, or why there was none. */
    record Outcome(Optional<Duration> timeToRecover, String problem) {}

    /**
     * The start of the first window of {@code windowNanos} beginning at or after {@code healNanos}, no later than
     * {@code withinNanos} after it and ending by {@code limitNanos}, in which every rule holds with at least {@code
     * minRequests} samples.
     *
     * @param rules error-rate and latency-percentile rules of the series' unit (others are ignored)
     * @param limit what ends the search at {@code limitNanos}, for the message: "the run ended", "the next fault went
     *     on"
     */
    static Outcome timeToRecover(
            List<IntervalStats> series,
            long healNanos,
            long limitNanos,
            String limit,
            long windowNanos,
            long withinNanos,
            int minRequests,
            List<SloRule> rules) {
        List<String> lastBreach = List.of();
        long lastStart = -1;
        for (int i = 0; i < series.size(); i++) {
            long start = startNanos(series.get(i));
            if (start < healNanos - TOLERANCE_NANOS) {
                continue;
            }
            long ttr = Math.max(0, start - healNanos);
            if (ttr > withinNanos) {
                break;
            }
            long successes = 0;
            long failures = 0;
            long[] largest = new long[SloMetric.values().length];
            long end = start;
            int j = i;
            while (j < series.size() && end - start < windowNanos) {
                IntervalStats s = series.get(j);
                successes += s.successes();
                failures += s.failures();
                if (s.successes() > 0) {
                    for (SloMetric m : SloMetric.values()) {
                        largest[m.ordinal()] = Math.max(largest[m.ordinal()], intervalValue(s, m));
                    }
                }
                end = s.offsetMillis() * 1_000_000;
                j++;
            }
            if (end - start < windowNanos || end > limitNanos + TOLERANCE_NANOS) {
                String cut = limit + " " + FaultRun.seconds(Duration.ofNanos(Math.max(0, limitNanos - healNanos)))
                        + " after the heal, before a whole " + FaultRun.seconds(Duration.ofNanos(windowNanos))
                        + " window";
                return new Outcome(
                        Optional.empty(),
                        lastBreach.isEmpty()
                                ? cut
                                : "still breached in the window from " + FaultRun.seconds(Duration.ofNanos(lastStart))
                                        + " after the heal: " + String.join("; ", lastBreach) + "; then " + cut);
            }
            List<String> breaches = breaches(successes, failures, largest, minRequests, rules);
            if (breaches.isEmpty()) {
                return new Outcome(Optional.of(Duration.ofNanos(ttr)), "");
            }
            lastBreach = breaches;
            lastStart = ttr;
        }
        if (lastBreach.isEmpty()) {
            return new Outcome(Optional.empty(), "no sample after the heal");
        }
        return new Outcome(
                Optional.empty(),
                "still breached in the window from " + FaultRun.seconds(Duration.ofNanos(lastStart))
                        + " after the heal: " + String.join("; ", lastBreach));
    }

    /**
     * From {@code onNanos} to the end of the first interval after it that holds a failed sample, if one does before
     * {@code offNanos}.
     */
    static Optional<Duration> detection(List<IntervalStats> series, long onNanos, long offNanos) {
        for (IntervalStats s : series) {
            long end = s.offsetMillis() * 1_000_000;
            if (end <= onNanos + TOLERANCE_NANOS / 2 || s.failures() == 0) {
                continue;
            }
            if (startNanos(s) >= offNanos) {
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos(Math.max(0, end - onNanos)));
        }
        return Optional.empty();
    }

    private static List<String> breaches(
            long successes, long failures, long[] largest, int minRequests, List<SloRule> rules) {
        List<String> breaches = new ArrayList<>();
        long count = successes + failures;
        if (count < minRequests) {
            breaches.add(count + " samples, fewer than minRequests = " + minRequests);
            return breaches;
        }
        for (SloRule rule : rules) {
            if (rule.metric() == SloMetric.ERROR_RATE) {
                double rate = (double) failures / count;
                if (rate > rule.threshold()) {
                    breaches.add(String.format(
                            Locale.ROOT,
                            "%s %s, actual %.2f%% (%d of %d failed)",
                            rule.subject(),
                            rule.requirement(),
                            rate * 100,
                            failures,
                            count));
                }
            } else if (judged(rule.metric())) {
                if (successes == 0) {
                    breaches.add(rule.subject() + " " + rule.requirement() + ": no successful sample");
                } else if (largest[rule.metric().ordinal()] > rule.threshold()) {
                    breaches.add(rule.subject() + " " + rule.requirement() + ", actual up to "
                            + io.voiceload.config.Durations.displayNanos(
                                    largest[rule.metric().ordinal()]));
                }
            }
        }
        return breaches;
    }

    /** Whether recovery judges this metric (error rate and latency percentiles; not the mean or throughput). */
    static boolean judged(SloMetric metric) {
        return switch (metric) {
            case ERROR_RATE, P50, P90, P95, P99, P999, MAX -> true;
            default -> false;
        };
    }

    /** An interval's value for a percentile rule; p999 by its maximum (at least the p999, so conservative). */
    private static long intervalValue(IntervalStats s, SloMetric m) {
        return switch (m) {
            case P50 -> s.p50Nanos();
            case P90 -> s.p90Nanos();
            case P95 -> s.p95Nanos();
            case P99 -> s.p99Nanos();
            case P999, MAX -> s.maxNanos();
            default -> 0;
        };
    }

    private static long startNanos(IntervalStats s) {
        return (s.offsetMillis() - s.intervalMillis()) * 1_000_000;
    }
}
