package io.voiceload.junit;

import io.voiceload.config.Durations;
import io.voiceload.load.RequestStats;
import java.time.Duration;
import java.util.Locale;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on {@link RequestStats}. Every failure message quotes the required bound, the
 * actual value and the sample count.
 */
public class RequestStatsAssert extends AbstractAssert<RequestStatsAssert, RequestStats> {

    public RequestStatsAssert(RequestStats actual) {
        super(actual, RequestStatsAssert.class);
    }

    /** Exactly {@code expected} samples, successful or not. */
    public RequestStatsAssert hasCount(long expected) {
        isNotNull();
        if (actual.count() != expected) {
            failWithMessage(
                    "Expecting %s to have %d samples but had %d (%d ok, %d failed)",
                    actual.name(), expected, actual.count(), actual.successes(), actual.failures());
        }
        return this;
    }

    /** Exactly {@code expected} successful samples. */
    public RequestStatsAssert hasSuccesses(long expected) {
        isNotNull();
        if (actual.successes() != expected) {
            failWithMessage(
                    "Expecting %s to have %d successful samples but had %d (of %d)",
                    actual.name(), expected, actual.successes(), actual.count());
        }
        return this;
    }

    public RequestStatsAssert hasNoFailures() {
        isNotNull();
        if (actual.failures() > 0) {
            failWithMessage(
                    "Expecting %s to have no failures but had %d of %d samples: %s",
                    actual.name(), actual.failures(), actual.count(), actual.errors());
        }
        return this;
    }

    /** Error rate (0–1) at most {@code max}. */
    public RequestStatsAssert hasErrorRateAtMost(double max) {
        isNotNull();
        if (actual.errorRate() > max) {
            failWithMessage(
                    "Expecting error rate of %s to be at most %s but was %s (%d of %d samples failed: %s)",
                    actual.name(),
                    pct(max),
                    pct(actual.errorRate()),
                    actual.failures(),
                    actual.count(),
                    actual.errors());
        }
        return this;
    }

    /** The {@code percentile} (0–100) latency of successful samples at most {@code max}. */
    public RequestStatsAssert hasPercentileAtMost(double percentile, Duration max) {
        isNotNull();
        requireSamples("p" + fmt(percentile));
        Duration value = actual.percentile(percentile);
        if (value.compareTo(max) > 0) {
            failWithMessage(
                    "Expecting p%s of %s to be at most %s but was %s (%d samples)",
                    fmt(percentile),
                    actual.name(),
                    Durations.display(max),
                    Durations.display(value),
                    actual.successes());
        }
        return this;
    }

    public RequestStatsAssert hasP50AtMost(Duration max) {
        return hasPercentileAtMost(50, max);
    }

    public RequestStatsAssert hasP95AtMost(Duration max) {
        return hasPercentileAtMost(95, max);
    }

    public RequestStatsAssert hasP99AtMost(Duration max) {
        return hasPercentileAtMost(99, max);
    }

    public RequestStatsAssert hasMeanAtMost(Duration max) {
        isNotNull();
        requireSamples("mean");
        if (actual.mean().compareTo(max) > 0) {
            failWithMessage(
                    "Expecting mean of %s to be at most %s but was %s (%d samples)",
                    actual.name(), Durations.display(max), Durations.display(actual.mean()), actual.successes());
        }
        return this;
    }

    public RequestStatsAssert hasMaxAtMost(Duration max) {
        return hasPercentileAtMost(100, max);
    }

    /** Successful samples per second of the measured phase at least {@code perSecond}. */
    public RequestStatsAssert hasThroughputAtLeast(double perSecond) {
        isNotNull();
        if (actual.successThroughput() < perSecond) {
            failWithMessage(
                    "Expecting throughput of %s to be at least %s/s but was %s/s (%d successful samples)",
                    actual.name(), fmt(perSecond), fmt(actual.successThroughput()), actual.successes());
        }
        return this;
    }

    private void requireSamples(String what) {
        if (actual.successes() == 0) {
            failWithMessage(
                    "Expecting %s of %s to be measurable but there was no successful sample (%d failed: %s)",
                    what, actual.name(), actual.failures(), actual.errors());
        }
    }

    static String pct(double ratio) {
        return String.format(Locale.ROOT, "%.2f%%", ratio * 100);
    }

    static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
