package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.platform.testkit.engine.Events;

/** Every bad annotation attribute or override fails before any load, naming what is wrong. */
class AnnotationValidationTest {
    static final AtomicInteger BODY_RUNS = new AtomicInteger();

    @BeforeEach
    void reset() {
        BODY_RUNS.set(0);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "zeroUsers          | users",
                "zeroRequests       | requests",
                "badDuration        | 5 minutes",
                "negativeRampUp     | rampUp",
                "badThinkTime       | fast",
                "zeroRate           | rate",
                "badStage           | 100 in 10s",
                "zeroConcurrency    | maxConcurrency",
                "badWarmup          | soon",
                "unknownProfile     | nope",
                "pacingAndThinkTime | pacing",
                "openWithRequests   | requests = 5) on BadTestCases.openWithRequests: requests belongs to the closed model",
                "badSloLatency      | p95 = \"fast\"",
                "badSloErrorRate    | errorRate must be between 0 and 1",
                "emptySlo           | at least one of",
                "droppedPerRequest  | maxDropped counts arrivals of the whole run",
                "emptyUnit          | @LoadTest(unit = \"\") on BadTestCases.emptyUnit: unit must name what one iteration is",
                "sentenceUnit       | unit = \"calls; sessions\")"
            })
    void badAttributeFailsBeforeAnyLoad(String fixture, String expected) {
        Events events = TestKit.run(BadTestCases.class, fixture);
        events.assertStatistics(stats -> stats.started(1).failed(1));
        assertThat(TestKit.failureMessage(events)).contains(expected).contains(fixture);
        assertThat(BODY_RUNS).as("iterations run before the error").hasValue(0);
    }

    @Test
    void badSystemPropertyNamesTheProperty() {
        String message = TestKit.failureMessage(TestKit.run(BadTestCases.class, "fine", Map.of("loadtest.users", "0")));
        assertThat(message).contains("-Dloadtest.users=0");
        assertThat(BODY_RUNS).hasValue(0);
    }

    @Test
    void unknownProfileOnTheCommandLineListsTheDefinedOnes() {
        String message =
                TestKit.failureMessage(TestKit.run(BadTestCases.class, "fine", Map.of("loadtest.profile", "hevy")));
        assertThat(message).contains("hevy").contains("heavy").contains("smoke");
        assertThat(BODY_RUNS).hasValue(0);
    }

    @Test
    void misspelledPropertyIsNotIgnored() {
        String message = TestKit.failureMessage(TestKit.run(BadTestCases.class, "fine", Map.of("loadtest.user", "5")));
        assertThat(message).contains("loadtest.user").contains("loadtest.users");
        assertThat(BODY_RUNS).hasValue(0);
    }

    @Test
    void badDurationPropertyShowsTheAllowedForms() {
        String message = TestKit.failureMessage(
                TestKit.run(BadTestCases.class, "fine", Map.of("loadtest.duration", "5 minutes")));
        assertThat(message)
                .contains("-Dloadtest.duration")
                .contains("5 minutes")
                .contains("5m");
    }

    @Test
    void theUnitAndTheProfileUsedReachTheResultFile() throws Exception {
        TestKit.run(BadTestCases.class, "calls").assertStatistics(stats -> stats.succeeded(1));
        JsonNode calls = new ObjectMapper()
                .readTree(ResultFiles.testFile(BadTestCases.class, "calls", ".json")
                        .toFile());
        assertThat(calls.path("unit").asText()).isEqualTo("calls");
        assertThat(calls.path("profile").asText()).isEqualTo("normal");

        TestKit.run(BadTestCases.class, "fine").assertStatistics(stats -> stats.succeeded(1));
        JsonNode fine = new ObjectMapper()
                .readTree(ResultFiles.testFile(BadTestCases.class, "fine", ".json")
                        .toFile());
        assertThat(fine.path("unit").asText()).isEqualTo("iterations");
        assertThat(fine.has("profile")).isTrue();
        assertThat(fine.path("profile").isNull()).as("no profile selected").isTrue();
    }

    @Test
    void validFixtureRuns() {
        TestKit.run(BadTestCases.class, "fine").assertStatistics(stats -> stats.succeeded(1));
        assertThat(BODY_RUNS).hasValue(2);
    }

    @FixtureOnly
    static class BadTestCases {
        private static void body() {
            BODY_RUNS.incrementAndGet();
        }

        @LoadTest(users = 1, requests = 2)
        void fine() {
            body();
        }

        @LoadTest(users = 0, requests = 2)
        void zeroUsers() {
            body();
        }

        @LoadTest(users = 1, requests = 0)
        void zeroRequests() {
            body();
        }

        @LoadTest(users = 1, duration = "5 minutes")
        void badDuration() {
            body();
        }

        @LoadTest(users = 1, requests = 1, rampUp = "-1s")
        void negativeRampUp() {
            body();
        }

        @LoadTest(users = 1, requests = 1, thinkTime = "fast")
        void badThinkTime() {
            body();
        }

        @LoadTest(rate = 0, duration = "1s")
        void zeroRate() {
            body();
        }

        @LoadTest(stages = "100 in 10s")
        void badStage() {
            body();
        }

        @LoadTest(rate = 10, duration = "1s", maxConcurrency = 0)
        void zeroConcurrency() {
            body();
        }

        @LoadTest(users = 1, requests = 1, warmup = "soon")
        void badWarmup() {
            body();
        }

        @LoadTest(users = 1, requests = 1, profile = "nope")
        void unknownProfile() {
            body();
        }

        @LoadTest(users = 1, requests = 1, pacing = "100ms", thinkTime = "10ms")
        void pacingAndThinkTime() {
            body();
        }

        @LoadTest(rate = 10, duration = "1s", requests = 5)
        void openWithRequests() {
            body();
        }

        @LoadTest(users = 1, requests = 1)
        @Slo(p95 = "fast")
        void badSloLatency() {
            body();
        }

        @LoadTest(users = 1, requests = 1)
        @Slo(errorRate = 2)
        void badSloErrorRate() {
            body();
        }

        @LoadTest(users = 1, requests = 1)
        @Slo
        void emptySlo() {
            body();
        }

        @LoadTest(rate = 10, duration = "1s")
        @Slo(request = "x", maxDropped = 0)
        void droppedPerRequest() {
            body();
        }

        @LoadTest(users = 1, requests = 1, unit = "")
        void emptyUnit() {
            body();
        }

        @LoadTest(users = 1, requests = 1, unit = "calls; sessions")
        void sentenceUnit() {
            body();
        }

        @LoadTest(users = 1, requests = 2, unit = "calls", profile = "normal")
        void calls() {
            body();
        }
    }
}
