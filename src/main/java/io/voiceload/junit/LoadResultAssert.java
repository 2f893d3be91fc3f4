package io.voiceload.junit;

import io.voiceload.load.LoadResult;
import io.voiceload.load.SloEvaluator;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.AbstractAssert;

/**
 * AssertJ assertions on a {@link LoadResult}; whole-iteration checks here, per request through
 * {@link #request(String)}. Messages quote required vs actual and the sample count.
 *
 * <pre>{@code
 * @AfterEach
 * void verify(LoadResult result) {
 *     assertThat(result).hasNoDroppedArrivals().hasP99AtMost(Duration.ofMillis(800));
 *     assertThat(result).request("POST /calls").hasErrorRateAtMost(0.01);
 * }
 * }</pre>
 */
public class LoadResultAssert extends AbstractAssert<LoadResultAssert, LoadResult> {

    public LoadResultAssert(LoadResult actual) {
        super(actual, LoadResultAssert.class);
    }

    private RequestStatsAssert iterations() {
        return new RequestStatsAssert(actual.iterations());
    }

    /** Exactly {@code expected} measured iterations, successful or not. */
    public LoadResultAssert hasIterations(long expected) {
        isNotNull();
        iterations().hasCount(expected);
        return this;
    }

    public LoadResultAssert hasSuccessfulIterations(long expected) {
        isNotNull();
        iterations().hasSuccesses(expected);
        return this;
    }

    public LoadResultAssert hasNoFailures() {
        isNotNull();
        iterations().hasNoFailures();
        return this;
    }

    public LoadResultAssert hasErrorRateAtMost(double max) {
        isNotNull();
        iterations().hasErrorRateAtMost(max);
        return this;
    }

    public LoadResultAssert hasPercentileAtMost(double percentile, Duration max) {
        isNotNull();
        iterations().hasPercentileAtMost(percentile, max);
        return this;
    }

    public LoadResultAssert hasP95AtMost(Duration max) {
        return hasPercentileAtMost(95, max);
    }

    public LoadResultAssert hasP99AtMost(Duration max) {
        return hasPercentileAtMost(99, max);
    }

    public LoadResultAssert hasMeanAtMost(Duration max) {
        isNotNull();
        iterations().hasMeanAtMost(max);
        return this;
    }

    public LoadResultAssert hasThroughputAtLeast(double perSecond) {
        isNotNull();
        iterations().hasThroughputAtLeast(perSecond);
        return this;
    }

    public LoadResultAssert hasNoDroppedArrivals() {
        isNotNull();
        if (actual.dropped() > 0) {
            failWithMessage(
                    "Expecting no dropped arrivals but %d of %d were dropped (all %d users busy)",
                    actual.dropped(), actual.arrivals(), actual.plan().users());
        }
        return this;
    }

    /** The generator kept its schedule: the figures describe the system, not the generator. */
    public LoadResultAssert hasHealthyGenerator() {
        isNotNull();
        if (actual.generatorHealth() != null && actual.generatorHealth().saturated()) {
            failWithMessage(
                    "Expecting a healthy load generator but it was saturated: %s",
                    actual.generatorHealth().summary());
        }
        return this;
    }

    /** Every rule holds; the message lists each breach. */
    public LoadResultAssert meets(SloRule... rules) {
        isNotNull();
        SloReport report = SloEvaluator.evaluate(actual, List.of(rules));
        if (!report.breaches().isEmpty()) {
            failWithMessage(
                    "Expecting %s to meet its SLOs but %s", actual.plan().name(), report.failureMessage());
        }
        return this;
    }

    /** Switches to the statistics of request {@code name}; fails naming the recorded ones if absent. */
    public RequestStatsAssert request(String name) {
        isNotNull();
        if (!actual.requests().containsKey(name)) {
            failWithMessage(
                    "Expecting a request named <%s> but recorded were %s",
                    name, actual.requests().keySet());
        }
        return new RequestStatsAssert(actual.requests().get(name));
    }
}
