package io.voiceload.junit;

import static org.junit.platform.testkit.engine.EventConditions.abortedWithReason;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.voiceload.faults.FaultRun;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.platform.testkit.engine.Events;

/**
 * A load test skipped before its load ran keeps its {@code @AfterEach} checks from failing it for want of a result:
 * it is reported skipped, with its reason; a test whose load failed still fails, the missing result beside.
 */
class SkippedLoadTest {

    @Test
    void aSkippedLoadSkipsItsAfterEachChecks() {
        Events tests = TestKit.execute(SkippedTestCases.class, "skipped").testEvents();

        tests.assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("skipped"),
                                abortedWithReason(message("Assumption failed: no machine for it here"))));
    }

    @Test
    void aFailedLoadStillFails() {
        Events tests = TestKit.execute(SkippedTestCases.class, "refused").testEvents();

        tests.assertThatEvents()
                .haveExactly(1, event(test("refused"), finishedWithFailure(message(m -> m.contains("users")))));
    }

    @FixtureOnly
    static class SkippedTestCases {
        @BeforeEach
        void assume(TestInfo info) {
            Assumptions.assumeFalse(info.getDisplayName().startsWith("skipped"), "no machine for it here");
        }

        @LoadTest(users = 1, requests = 1, warmupIterations = 0)
        void skipped(VirtualUser user) {}

        @LoadTest(users = 0, requests = 1, warmupIterations = 0)
        void refused(VirtualUser user) {}

        @AfterEach
        void check(LoadResult result, FaultRun faults) {
            throw new AssertionError("never reached: " + result + faults);
        }
    }
}
