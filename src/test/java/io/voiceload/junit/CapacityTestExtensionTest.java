package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.load.CapacityResult;
import io.voiceload.load.CapacityStep;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link CapacityTest} black-box through the Jupiter engine: the verdict (first step breaks, nothing
 * succeeds, a required minimum not held fail; a later breaking point and the ceiling pass), the result
 * file's {@code capacity} section, configuration (overrides cap the ceiling, a profile scales the steps)
 * and attributes refused before any load. Breaches are failures the fixtures raise on purpose.
 */
class CapacityTestExtensionTest {
    static final AtomicReference<CapacityResult> RESULT = new AtomicReference<>();
    static final AtomicInteger ITERATIONS = new AtomicInteger();
    static final AtomicReference<LoadResult> WHOLE_RUN = new AtomicReference<>();

    @BeforeEach
    void reset() {
        RESULT.set(null);
        WHOLE_RUN.set(null);
        ITERATIONS.set(0);
    }

    @Test
    void aLaterBreakingPointPassesAndStatesTheFigure() throws Exception {
        Events events = TestKit.run(CapacityTestCases.class, "breaksAtSix");
        events.assertStatistics(stats -> stats.started(1).succeeded(1));
        CapacityResult r = RESULT.get();
        assertThat(r.highestHeld()).isEqualTo(4);
        assertThat(r.breakingPoint()).map(CapacityStep::users).contains(6);
        assertThat(r.headline()).startsWith("held 4 concurrent calls; broke at 6 (error rate of iterations");

        JsonNode json = new ObjectMapper()
                .readTree(ResultFiles.testFile(CapacityTestCases.class, "breaksAtSix", ".json")
                        .toFile());
        assertThat(json.path("verdict").asText()).isEqualTo("passed");
        assertThat(json.path("unit").asText())
                .as("a user is a call: so is each iteration")
                .isEqualTo("calls");
        JsonNode capacity = json.path("capacity");
        assertThat(capacity.path("highestHeld").asInt()).isEqualTo(4);
        assertThat(capacity.path("breakingPoint").path("users").asInt()).isEqualTo(6);
        assertThat(capacity.path("breakingPoint").path("reason").asText()).startsWith("error rate of iterations");
        assertThat(capacity.path("ending").asText()).isEqualTo("BROKE");
        assertThat(capacity.path("steps")).hasSize(3);
        assertThat(capacity.path("steps").get(2).path("held").asBoolean()).isFalse();
        assertThat(capacity.path("steps")
                        .get(2)
                        .path("slos")
                        .get(0)
                        .path("passed")
                        .asBoolean())
                .isFalse();
        assertThat(capacity.path("steps")
                        .get(0)
                        .path("iterations")
                        .path("count")
                        .asLong())
                .isPositive();
        assertThat(ResultFiles.testFile(CapacityTestCases.class, "breaksAtSix", ".hlog"))
                .isNotEmptyFile();
        assertThat(TestKit.reportEntry(events, "voiceload.capacity.held")).isEqualTo("4");
        assertThat(TestKit.reportEntry(events, "voiceload.capacity.breakingPoint"))
                .isEqualTo("6");
    }

    @Test
    void reachingTheCeilingPassesWithNothingBroke() {
        TestKit.run(CapacityTestCases.class, "holdsAll").assertStatistics(stats -> stats.succeeded(1));
        assertThat(RESULT.get().headline()).isEqualTo("held 6 concurrent calls: ceiling reached, nothing broke");
    }

    @Test
    void aFirstStepThatBreaksFailsTheTest() {
        String message = TestKit.failureMessage(TestKit.run(CapacityTestCases.class, "breaksAtOnce"));
        assertThat(message)
                .contains("CapacityTestCases.breaksAtOnce failed its capacity verdict")
                .contains("the first step of 2 concurrent calls already broke: error rate of iterations")
                .contains("✗ error rate of iterations: required ≤ 0.00%")
                .contains("step 1: 2 users");
    }

    @Test
    void noSuccessfulIterationFailsTheTest() {
        String message = TestKit.failureMessage(TestKit.run(CapacityTestCases.class, "nothingSucceeds"));
        assertThat(message)
                .contains("no iteration of the capacity search succeeded")
                .contains("IllegalStateException: platform down");
    }

    @Test
    void holdingLessThanTheRequiredMinimumFailsTheTest() {
        String message = TestKit.failureMessage(TestKit.run(CapacityTestCases.class, "mustHoldEight"));
        assertThat(message).contains("held 4 concurrent calls, but at least 8 are required; broke at 6");
    }

    @Test
    void usersOverrideCapsTheCeilingAndRequestsEndStepsEarly() {
        TestKit.run(CapacityTestCases.class, "holdsAll", Map.of("loadtest.users", "3", "loadtest.requests", "2"))
                .assertStatistics(stats -> stats.succeeded(1));
        CapacityResult r = RESULT.get();
        assertThat(r.plan().maxUsers()).isEqualTo(3);
        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 3);
        assertThat(ITERATIONS.get()).isEqualTo(3 * 2);
    }

    @Test
    void aProfileScalesStartStepAndCeiling() {
        TestKit.run(CapacityTestCases.class, "holdsAll", Map.of("loadtest.profile", "light"))
                .assertStatistics(stats -> stats.succeeded(1));
        CapacityResult r = RESULT.get();
        assertThat(r.plan().startUsers()).isEqualTo(1);
        assertThat(r.plan().stepUsers()).isEqualTo(1);
        assertThat(r.plan().maxUsers()).isEqualTo(3);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "zeroStart     | startUsers = 0: must be at least 1",
                "maxBelowStart | maxUsers = 2: must be between startUsers = 5 and 1000000",
                "zeroStep      | stepUsers = 0: must be at least 1",
                "badDuration   | stepDuration = \"soon\"",
                "zeroDuration  | stepDuration = \"0s\": must be a positive duration like 10s",
                "longSettle    | settle = \"2s\": must be zero or more and shorter than stepDuration = \"1s\"",
                "requireTooMany | minHeld = 20: must be between 0 (no requirement) and maxUsers = 6",
                "blankUnit     | unit = \"\": must name what a user stands for"
            })
    void badAttributesAreRefusedBeforeAnyLoad(String fixture, String expected) {
        Events events = TestKit.run(BadCapacityTestCases.class, fixture);
        assertThat(TestKit.failureMessage(events))
                .startsWith("@CapacityTest on BadCapacityTestCases." + fixture + ": ")
                .contains(expected);
        assertThat(ITERATIONS.get()).isZero();
    }

    /** A composed annotation, as teams write their own: 2, 4, 6 … users, steps of 600 ms, no error allowed. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @CapacityTest(
            startUsers = 2,
            stepUsers = 2,
            maxUsers = 6,
            stepDuration = "600ms",
            settle = "200ms",
            thinkTime = "5ms",
            unit = "calls")
    @Slo(errorRate = 0)
    @interface UpToSixCalls {}

    /** The same up to 10 users. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @CapacityTest(
            startUsers = 2,
            stepUsers = 2,
            maxUsers = 10,
            stepDuration = "600ms",
            settle = "200ms",
            thinkTime = "5ms",
            unit = "calls")
    @Slo(errorRate = 0)
    @interface UpToTenCalls {}

    @FixtureOnly
    static class CapacityTestCases {
        @UpToTenCalls
        void breaksAtSix(VirtualUser user) {
            failAbove(user, 4);
        }

        @CapacityTest(
                startUsers = 2,
                stepUsers = 2,
                maxUsers = 10,
                stepDuration = "600ms",
                settle = "200ms",
                thinkTime = "5ms",
                unit = "calls",
                minHeld = 8)
        @Slo(errorRate = 0)
        void mustHoldEight(VirtualUser user) {
            failAbove(user, 4);
        }

        @UpToSixCalls
        void holdsAll(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }

        @UpToSixCalls
        void breaksAtOnce(VirtualUser user) {
            failAbove(user, 1);
        }

        @CapacityTest(startUsers = 1, stepUsers = 1, maxUsers = 3, stepDuration = "600ms", thinkTime = "5ms")
        void nothingSucceeds() {
            throw new IllegalStateException("platform down");
        }

        @AfterEach
        void keep(CapacityResult result, LoadResult wholeRun) {
            RESULT.set(result);
            WHOLE_RUN.set(wholeRun);
        }

        private static void failAbove(VirtualUser user, int users) {
            ITERATIONS.incrementAndGet();
            if (user.id() >= users) {
                throw new IllegalStateException("no line free");
            }
        }
    }

    @FixtureOnly
    static class BadCapacityTestCases {
        @CapacityTest(startUsers = 0)
        void zeroStart() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(startUsers = 5, maxUsers = 2)
        void maxBelowStart() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(stepUsers = 0)
        void zeroStep() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(stepDuration = "soon")
        void badDuration() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(stepDuration = "0s")
        void zeroDuration() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(stepDuration = "1s", settle = "2s")
        void longSettle() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(startUsers = 2, maxUsers = 6, minHeld = 20)
        void requireTooMany() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(unit = " ")
        void blankUnit() {
            ITERATIONS.incrementAndGet();
        }
    }
}
