package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.VirtualUser;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.platform.testkit.engine.Events;

/** Every SLO kind passes when met and fails, with required vs actual, when breached. */
class SloVerdictTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "avgMet",
                "p50Met",
                "p90Met",
                "p95Met",
                "p99Met",
                "p999Met",
                "maxMet",
                "errorRateMet",
                "minThroughputMet",
                "maxDroppedMet",
                "requestSloMet"
            })
    void metSlosPass(String fixture) {
        Events events = TestKit.run(SloTestCases.class, fixture);
        events.assertStatistics(stats -> stats.started(1).succeeded(1).failed(0));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "avgBreached        | avg of iterations: required ≤ 1ms, actual",
                "p50Breached        | p50 of iterations: required ≤ 1ms, actual",
                "p90Breached        | p90 of iterations: required ≤ 1ms, actual",
                "p95Breached        | p95 of iterations: required ≤ 1ms, actual",
                "p99Breached        | p99 of iterations: required ≤ 1ms, actual",
                "p999Breached       | p99.9 of iterations: required ≤ 1ms, actual",
                "maxBreached        | max of iterations: required ≤ 1ms, actual",
                "errorRateBreached  | error rate of iterations: required ≤ 10.00%, actual 50.00% (20 samples)",
                "minThroughputBreached | throughput of iterations: required ≥ 1000000.0/s, actual",
                "maxDroppedBreached | dropped arrivals: required ≤ 0, actual",
                "requestSloBreached | p95 of step: required ≤ 1ms, actual",
                "unknownRequest     | p95 of no-such-request: required ≤ 1s, actual no request named 'no-such-request' was recorded; recorded: step",
                "configThresholdBreached | error rate of iterations: required ≤ 20.00%, actual 50.00%"
            })
    void breachedSlosFailWithRequiredAndActual(String fixture, String expected) {
        Events events = TestKit.run(SloTestCases.class, fixture);
        events.assertStatistics(stats -> stats.started(1).failed(1));
        String message = TestKit.failureMessage(events);
        assertThat(message)
                .contains("failed its load verdict")
                .contains("SLO")
                .contains("✗ " + expected)
                .contains("samples")
                .contains("[load] SloTestCases." + fixture);
    }

    @org.junit.jupiter.api.Test
    void everyBreachIsListedInOneMessage() {
        String message = TestKit.failureMessage(TestKit.run(SloTestCases.class, "threeBreaches"));
        assertThat(message)
                .contains("3 of 3 SLOs breached")
                .contains("✗ p50 of iterations")
                .contains("✗ p99 of iterations")
                .contains("✗ error rate of iterations");
    }

    @org.junit.jupiter.api.Test
    void zeroSuccessfulIterationsAlwaysFails() {
        Events events = TestKit.run(SloTestCases.class, "nothingSucceeds");
        assertThat(TestKit.failureMessage(events))
                .contains("no successful iteration: 6 iterations ran and all failed")
                .contains("IllegalStateException: backend unavailable");
    }

    @org.junit.jupiter.api.Test
    void zeroSuccessesFailEvenWithoutAnySlo() {
        Events events = TestKit.run(SloTestCases.class, "nothingSucceedsNoSlo");
        assertThat(TestKit.failureMessage(events)).contains("no successful iteration");
    }

    @org.junit.jupiter.api.Test
    void abortOnBreachStopsEarly() {
        long start = System.nanoTime();
        Events events = TestKit.run(SloTestCases.class, "abortsOnBreach");
        assertThat(TestKit.failureMessage(events))
                .contains("stopped: ABORTED_ON_BREACH")
                .contains("p95 of iterations: required ≤ 1ms");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(20);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @org.junit.jupiter.api.Test
    void classLevelSloAppliesToEveryLoadTestOfTheClass() {
        String message = TestKit.failureMessage(TestKit.run(ClassSloTestCases.class, "slow"));
        assertThat(message).contains("✗ p99 of iterations: required ≤ 1ms").contains("[@Slo on ClassSloTestCases]");
    }

    @org.junit.jupiter.api.Test
    void methodSloOverridesTheClassSloOfTheSameMetric() {
        TestKit.run(ClassSloTestCases.class, "relaxed").assertStatistics(stats -> stats.succeeded(1));
    }

    @FixtureOnly
    @Slo(p99 = "1ms")
    static class ClassSloTestCases {
        @LoadTest(users = 2, requests = 3)
        void slow() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 3)
        @Slo(p99 = "5s")
        void relaxed() {
            sleep(5);
        }
    }

    @FixtureOnly
    static class SloTestCases {
        @LoadTest(users = 2, requests = 5)
        @Slo(avg = "5s")
        void avgMet() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(avg = "1ms")
        void avgBreached() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p50 = "5s")
        void p50Met() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p50 = "1ms")
        void p50Breached() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p90 = "5s")
        void p90Met() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p90 = "1ms")
        void p90Breached() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p95 = "5s")
        void p95Met() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p95 = "1ms")
        void p95Breached() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p99 = "5s")
        void p99Met() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p99 = "1ms")
        void p99Breached() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p999 = "5s")
        void p999Met() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p999 = "1ms")
        void p999Breached() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(max = "5s")
        void maxMet() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(max = "1ms")
        void maxBreached() {
            sleep(5);
        }

        @LoadTest(users = 2, requests = 10)
        @Slo(errorRate = 0.6)
        void errorRateMet(VirtualUser user) {
            failEveryOther(user);
        }

        @LoadTest(users = 2, requests = 10)
        @Slo(errorRate = 0.1)
        void errorRateBreached(VirtualUser user) {
            failEveryOther(user);
        }

        /** The hermetic test config sets thresholds.error_rate = 0.2: no @Slo needed to breach it. */
        @LoadTest(users = 2, requests = 10)
        void configThresholdBreached(VirtualUser user) {
            failEveryOther(user);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(minThroughput = 1)
        void minThroughputMet() {
            sleep(1);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(minThroughput = 1_000_000)
        void minThroughputBreached() {
            sleep(5);
        }

        @LoadTest(rate = 20, duration = "1s", maxConcurrency = 10)
        @Slo(maxDropped = 0)
        void maxDroppedMet() {
            sleep(1);
        }

        @LoadTest(rate = 50, duration = "1s", maxConcurrency = 1)
        @Slo(maxDropped = 0)
        void maxDroppedBreached() {
            sleep(100);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(request = "step", p95 = "5s")
        void requestSloMet(VirtualUser user) throws Exception {
            user.time("step", () -> sleep(1));
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(request = "step", p95 = "1ms")
        void requestSloBreached(VirtualUser user) throws Exception {
            user.time("step", () -> sleep(5));
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(request = "no-such-request", p95 = "1s")
        void unknownRequest(VirtualUser user) throws Exception {
            user.time("step", () -> sleep(1));
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p50 = "1ms", p99 = "1ms", errorRate = 0.01)
        void threeBreaches(VirtualUser user) {
            sleep(5);
            failEveryOther(user);
        }

        @LoadTest(users = 2, requests = 3)
        @Slo(errorRate = 1.0)
        void nothingSucceeds() {
            throw new IllegalStateException("backend unavailable");
        }

        @LoadTest(users = 2, requests = 3)
        void nothingSucceedsNoSlo() {
            throw new IllegalStateException("backend unavailable");
        }

        @LoadTest(users = 2, duration = "30s", abortOnBreach = true, abortGrace = "1s")
        @Slo(p95 = "1ms")
        void abortsOnBreach() {
            sleep(20);
        }

        private static void failEveryOther(VirtualUser user) {
            if (user.iteration() % 2 == 1) {
                throw new IllegalStateException("odd iteration " + user.iteration());
            }
        }
    }
}
