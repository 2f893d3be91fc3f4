package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/**
 * A tiny plan from the command line ({@code -Dloadtest.requests=3}) takes the test's warm-up down with it: a test
 * written for 5 measured iterations and 8 warm-up ones runs 3 of each per user, not 8 of warm-up for 3 measured.
 */
class TinyPlanWarmupTest {
    static final AtomicInteger ITERATIONS = new AtomicInteger();
    static final AtomicReference<LoadResult> RESULT = new AtomicReference<>();

    @BeforeEach
    void reset() {
        ITERATIONS.set(0);
        RESULT.set(null);
    }

    @Test
    void aScaledDownWarmupIsCappedAtTheRequestsAsked() {
        Events events = TestKit.run(WarmupTestCases.class, "writtenForFive", Map.of("loadtest.requests", "3"));

        events.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(ITERATIONS).as("2 users × (3 warm-up + 3 measured)").hasValue(12);
        assertThat(RESULT.get().iterations().count()).as("measured iterations").isEqualTo(6);
    }

    @Test
    void theWarmupIsScaledWithTheRequests() {
        Events events = TestKit.run(WarmupTestCases.class, "writtenForFifteen", Map.of("loadtest.requests", "3"));

        events.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(ITERATIONS)
                .as("2 users × (2 warm-up (8 × 3/15, rounded up) + 3 measured)")
                .hasValue(10);
    }

    @Test
    void theTestsOwnPlanKeepsItsWarmup() {
        Events events = TestKit.run(WarmupTestCases.class, "writtenForFive");

        events.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(ITERATIONS).as("2 users × (8 warm-up + 5 measured)").hasValue(26);
    }

    @FixtureOnly
    static class WarmupTestCases {
        @LoadTest(users = 2, requests = 5, warmupIterations = 8)
        void writtenForFive(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }

        @LoadTest(users = 2, requests = 15, warmupIterations = 8)
        void writtenForFifteen(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }

        @AfterEach
        void keep(LoadResult result) {
            RESULT.set(result);
        }
    }
}
