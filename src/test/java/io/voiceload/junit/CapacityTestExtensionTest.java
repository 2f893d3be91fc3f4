package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.voiceload.config.Sourced;
import io.voiceload.load.CapacityResult;
import io.voiceload.load.CapacityStep;
import io.voiceload.load.LoadResult;
import io.voiceload.load.SystemUnderTest;
import io.voiceload.load.VirtualUser;
import io.voiceload.report.RunReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    /** The set-up a search states when no target is configured. */
    static final String EMBEDDED = "embedded platform in the generator's JVM";

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
        assertThat(r.headline())
                .startsWith("held 4 concurrent calls, broke at 6 (resolution 2, repeat-confirmed: error rate of"
                        + " iterations")
                .endsWith("; set-up: " + EMBEDDED);

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
        assertThat(capacity.path("headline").asText()).isEqualTo(r.headline());
        assertThat(capacity.path("setUp").asText()).isEqualTo(EMBEDDED);
        assertThat(capacity.path("resolution").asInt()).isEqualTo(2);
        assertThat(capacity.path("repeatConfirmed").asBoolean()).isTrue();
        assertThat(capacity.path("breakingPoint").path("repeatConfirmed").asBoolean())
                .isTrue();
        assertThat(capacity.path("breakingPoint").path("step").asInt()).isEqualTo(4);
        assertThat(capacity.path("transientBreaches")).isEmpty();
        assertThat(capacity.path("plan").path("resolution").asInt()).isEqualTo(10);
        // 2, 4 and 6 climbing; 6 broke and was repeated, and broke again.
        assertThat(capacity.path("steps")).hasSize(4);
        assertThat(capacity.path("steps").get(2).path("held").asBoolean()).isFalse();
        assertThat(capacity.path("steps").get(2).path("kind").asText()).isEqualTo("climb");
        assertThat(capacity.path("steps").get(3).path("kind").asText()).isEqualTo("repeat");
        assertThat(capacity.path("steps").get(3).path("held").asBoolean()).isFalse();
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
        assertThat(TestKit.reportEntry(events, "voiceload.capacity.resolution")).isEqualTo("2");
        assertThat(TestKit.reportEntry(events, "voiceload.capacity.repeatConfirmed"))
                .isEqualTo("true");
        assertThat(TestKit.reportEntry(events, "voiceload.capacity.transientBreaches"))
                .isEqualTo("0");
        assertThat(TestKit.reportEntry(events, "voiceload.capacity.setUp")).isEqualTo(EMBEDDED);
    }

    @Test
    void theCapacitySectionKeepsTheRunReportValid(@TempDir Path reports) throws Exception {
        TestKit.run(CapacityTestCases.class, "dropsALineOnce").assertStatistics(stats -> stats.succeeded(1));
        TestKit.run(CapacityTestCases.class, "breaksAtSix").assertStatistics(stats -> stats.succeeded(1));
        Path tests = Files.createDirectories(reports.resolve("run/tests"));
        for (String method : List.of("dropsALineOnce", "breaksAtSix")) {
            for (String extension : List.of(".json", ".hlog")) {
                Path file = ResultFiles.testFile(CapacityTestCases.class, method, extension);
                Files.copy(file, tests.resolve(file.getFileName()));
            }
        }
        ObjectNode report = RunReport.build(tests.getParent(), true, Set.of());
        assertThat(report.path("tests")).hasSize(2);
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs/report.schema.json")));
        assertThat(schema.validate(report)).isEmpty();
        // The schema sees the new fields: a wrong type is caught.
        ((ObjectNode) report.path("tests").get(0).path("capacity")).put("resolution", "ten");
        assertThat(schema.validate(report))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("resolution"));
    }

    @Test
    void reachingTheCeilingPassesWithNothingBroke() {
        TestKit.run(CapacityTestCases.class, "holdsAll").assertStatistics(stats -> stats.succeeded(1));
        assertThat(RESULT.get().headline())
                .isEqualTo("held 6 concurrent calls: ceiling reached, nothing broke; set-up: " + EMBEDDED);
    }

    @Test
    void theSearchsPlanIsPrintedOnce() {
        PrintStream console = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            TestKit.run(CapacityTestCases.class, "holdsAll").assertStatistics(stats -> stats.succeeded(1));
        } finally {
            System.setOut(console);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        console.print(output);
        assertThat(output).containsOnlyOnce(RESULT.get().plan().describe());
    }

    @Test
    void aFirstStepThatBreaksFailsTheTest() {
        String message = TestKit.failureMessage(TestKit.run(CapacityTestCases.class, "breaksAtOnce"));
        assertThat(message)
                .contains("CapacityTestCases.breaksAtOnce failed its capacity verdict")
                .contains("the first step of 2 concurrent calls already broke (repeat-confirmed): error rate of"
                        + " iterations")
                .contains("✗ error rate of iterations: required ≤ 0.00%")
                .contains("step 1: 2 users")
                .contains("step 2: 2 users, repeat of step 1")
                .contains("held nothing: the first step broke at 2 (repeat-confirmed: ");
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
    void aBreachThatDoesNotRepeatIsReportedAsTransient() throws Exception {
        Events events = TestKit.run(CapacityTestCases.class, "dropsALineOnce");
        events.assertStatistics(stats -> stats.succeeded(1));
        CapacityResult r = RESULT.get();
        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(2, 4, 4, 6);
        assertThat(r.headline())
                .isEqualTo("held 6 concurrent calls: ceiling reached, nothing broke (transient breach at 4); set-up: "
                        + EMBEDDED);
        JsonNode capacity = new ObjectMapper()
                .readTree(ResultFiles.testFile(CapacityTestCases.class, "dropsALineOnce", ".json")
                        .toFile())
                .path("capacity");
        assertThat(capacity.path("transientBreaches")).hasSize(1);
        assertThat(capacity.path("transientBreaches").get(0).path("users").asInt())
                .isEqualTo(4);
        assertThat(capacity.path("transientBreaches").get(0).path("reason").asText())
                .startsWith("error rate of iterations");
        assertThat(capacity.path("breakingPoint").isNull()).isTrue();
        assertThat(TestKit.reportEntry(events, "voiceload.capacity.transientBreaches"))
                .isEqualTo("1");
    }

    @Test
    void aSearchRefinesToItsResolution() {
        TestKit.run(CapacityTestCases.class, "holdsNineteen").assertStatistics(stats -> stats.succeeded(1));
        CapacityResult r = RESULT.get();
        // 4, 12, 20 (broke twice), then halving the gap of 8: 16, 18, 19 held; 20 − 19 = 1.
        assertThat(r.steps()).extracting(CapacityStep::users).containsExactly(4, 12, 20, 20, 16, 18, 19);
        assertThat(r.highestHeld()).isEqualTo(19);
        assertThat(r.resolution()).hasValue(1);
        assertThat(r.headline()).startsWith("held 19 concurrent calls, broke at 20 (resolution 1, repeat-confirmed: ");
    }

    @Test
    void theSloTableOfASearchThatBrokeIsTheBreakingPointsNotTheLastRefinementStep() throws Exception {
        TestKit.run(CapacityTestCases.class, "holdsNineteen").assertStatistics(stats -> stats.succeeded(1));
        assertThat(RESULT.get().steps().getLast().held())
                .as("the last step (a refinement to 19) held")
                .isTrue();

        JsonNode json = new ObjectMapper()
                .readTree(ResultFiles.testFile(CapacityTestCases.class, "holdsNineteen", ".json")
                        .toFile());
        JsonNode breakingPoint = json.path("capacity").path("breakingPoint");
        assertThat(breakingPoint.path("users").asInt()).isEqualTo(20);
        JsonNode slos = json.path("slos");
        assertThat(slos)
                .as("the SLOs at the breaking point")
                .isEqualTo(json.path("capacity")
                        .path("steps")
                        .get(breakingPoint.path("step").asInt() - 1)
                        .path("slos"));
        assertThat(slos).hasSize(1);
        assertThat(slos.get(0).path("metric").asText()).isEqualTo("error rate");
        assertThat(slos.get(0).path("passed").asBoolean())
                .as("the breached SLO")
                .isFalse();
        assertThat(json.path("verdict").asText())
                .as("the verdict is the search's: 19 held")
                .isEqualTo("passed");
    }

    @Test
    void theSloTableOfASearchThatDidNotBreakIsTheLastStepsOne() throws Exception {
        TestKit.run(CapacityTestCases.class, "holdsAll").assertStatistics(stats -> stats.succeeded(1));
        JsonNode json = new ObjectMapper()
                .readTree(ResultFiles.testFile(CapacityTestCases.class, "holdsAll", ".json")
                        .toFile());
        assertThat(json.path("capacity").path("breakingPoint").isNull()).isTrue();
        assertThat(json.path("slos"))
                .isNotEmpty()
                .isEqualTo(json.path("capacity").path("steps").get(2).path("slos"));
    }

    @Test
    void theTimeLimitIsTheLongestSearchUnlessConfigured() throws Exception {
        CapacityTest annotation = CapacityTestCases.class
                .getDeclaredMethod("holdsNineteen", VirtualUser.class)
                .getAnnotation(CapacityTest.class);
        // 4, 12, 20, 28 climbing, one repeat, 8 → 4 → 2 → 1: three halvings with their repeats; 600 ms each.
        assertThat(EffectiveCapacityPlan.resolve(annotation, "Calls.capacity", Set.of())
                        .plan()
                        .timeLimit())
                .isEqualTo(Duration.ofMillis(600 * (4 + 1 + 2 * 3)));
    }

    @Test
    void theSetUpIsTheExternalTargetWhenOneIsConfigured() throws Exception {
        CapacityTest annotation = CapacityTestCases.class
                .getDeclaredMethod("holdsAll", VirtualUser.class)
                .getAnnotation(UpToSixCalls.class)
                .annotationType()
                .getAnnotation(CapacityTest.class);
        String key = "loadtest.target.baseUrl";
        String saved = System.getProperty(key);
        System.setProperty(key, "http://10.0.0.5:8080");
        try {
            EffectiveCapacityPlan plan = EffectiveCapacityPlan.resolve(annotation, "Calls.capacity", Set.of());
            assertThat(plan.plan().setUp()).isEqualTo("external target http://10.0.0.5:8080");
            assertThat(plan.describe()).contains("set-up: external target http://10.0.0.5:8080");
        } finally {
            if (saved == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
        assertThat(EffectiveCapacityPlan.resolve(annotation, "Calls.capacity", Set.of())
                        .plan()
                        .setUp())
                .isEqualTo(EMBEDDED);
    }

    @Test
    void theSetUpIsWhatTheBridgeSaysOfTheSystemItStarted() {
        SystemUnderTest.describe("platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)");
        try {
            assertThat(EffectiveCapacityPlan.setUp(Sourced.of(null, "built-in default")))
                    .isEqualTo("platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)");
            assertThat(EffectiveCapacityPlan.setUp(Sourced.of(URI.create("http://10.0.0.5:8080"), "-D")))
                    .isEqualTo("external target http://10.0.0.5:8080");
        } finally {
            SystemUnderTest.describe(null);
        }
        assertThat(EffectiveCapacityPlan.setUp(Sourced.of(null, "built-in default")))
                .isEqualTo(EMBEDDED);
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
        assertThat(r.plan().resolution()).isEqualTo(5);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "zeroStart     | startUsers = 0: must be at least 1",
                "maxBelowStart | maxUsers = 2: must be between startUsers = 5 and 1000000",
                "zeroStep      | stepUsers = 0: must be at least 1",
                "zeroResolution | resolution = 0: must be at least 1 (the most users between the highest level held",
                "badDuration   | stepDuration = \"soon\"",
                "zeroDuration  | stepDuration = \"0s\": must be a positive duration like 10s",
                "longSettle    | settle = \"2s\": must be zero or more and shorter than stepDuration = \"1s\"",
                "requireTooMany | minHeld = 20: must be between 0 (no requirement) and maxUsers = 6",
                "warmupTooMany | warmupUsers = 7: must be 0 (the first step's users) or between 1 and maxUsers = 6",
                "warmupUsersWithoutWarmup | warmupUsers = 4: needs a warmup (e.g. warmup = \"15s\"); without one nothing"
                        + " runs at that level",
                "blankUnit     | unit = \" \": must name what a user stands for, in the plural",
                "sentenceUnit  | unit = \"calls; sessions\": must name what a user stands for, in the plural"
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

        /** User 3 joins at 4 users and fails from 250 ms to 450 ms after its first iteration, never again. */
        @UpToSixCalls
        void dropsALineOnce(VirtualUser user) {
            ITERATIONS.incrementAndGet();
            if (user.id() == 3) {
                long first = (Long) user.attributes().computeIfAbsent("first", k -> System.nanoTime());
                long since = System.nanoTime() - first;
                if (since > 250_000_000L && since < 450_000_000L) {
                    throw new IllegalStateException("line dropped once");
                }
            }
        }

        /** Refuses users from the 20th on: 4, 12, 20 … refined by halving down to a resolution of 1. */
        @CapacityTest(
                startUsers = 4,
                stepUsers = 8,
                maxUsers = 28,
                resolution = 1,
                stepDuration = "600ms",
                settle = "200ms",
                thinkTime = "5ms",
                unit = "calls")
        @Slo(errorRate = 0)
        void holdsNineteen(VirtualUser user) {
            failAbove(user, 19);
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

        @CapacityTest(resolution = 0)
        void zeroResolution() {
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

        @CapacityTest(startUsers = 2, maxUsers = 6, warmup = "1s", warmupUsers = 7)
        void warmupTooMany() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(startUsers = 2, maxUsers = 6, warmupUsers = 4)
        void warmupUsersWithoutWarmup() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(unit = " ")
        void blankUnit() {
            ITERATIONS.incrementAndGet();
        }

        @CapacityTest(unit = "calls; sessions")
        void sentenceUnit() {
            ITERATIONS.incrementAndGet();
        }
    }
}
