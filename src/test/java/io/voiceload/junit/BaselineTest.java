package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

/**
 * {@code -Dloadtest.baseline}, black-box through the engine: a run within its baseline passes, a planted
 * regression fails with the diff table, another environment or plan is refused before any load, a test
 * absent from the baseline runs with a note. Baselines are report.json files built by hand around the
 * per-test JSON of an earlier run of the same fixture.
 */
class BaselineTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final AtomicInteger ITERATIONS = new AtomicInteger();

    @TempDir
    Path dir;

    @BeforeEach
    void reset() {
        ITERATIONS.set(0);
    }

    /** Runs a fixture without a baseline and returns its per-test JSON. */
    private static ObjectNode firstRun(String method) throws IOException {
        TestKit.run(BaselineTestCases.class, method);
        return (ObjectNode) MAPPER.readTree(json(method).toFile());
    }

    private static Path json(String method) {
        return ResultFiles.testFile(BaselineTestCases.class, method, ".json");
    }

    /** A report.json holding {@code test} (changed by {@code change}) with the test's environment. */
    private Path baseline(String name, ObjectNode test, Consumer<ObjectNode> change) throws IOException {
        ObjectNode t = test.deepCopy();
        String method =
                t.path("test").asText().substring(t.path("test").asText().lastIndexOf('.') + 1);
        t.put("id", "BaselineTestCases." + method);
        change.accept(t);
        ObjectNode report = MAPPER.createObjectNode();
        report.put("schemaVersion", 1);
        report.put("kind", "voiceload-run-report");
        report.put("runId", "base-run");
        report.put("verdict", "passed");
        report.putArray("tests").add(t);
        report.set("environment", t.path("environment"));
        Path file = dir.resolve(name);
        MAPPER.writeValue(file.toFile(), report);
        return file;
    }

    private static Events run(String method, Map<String, String> properties) {
        return TestKit.run(BaselineTestCases.class, method, properties);
    }

    private static JsonNode section(String method) throws IOException {
        return MAPPER.readTree(json(method).toFile()).path("baseline");
    }

    @Test
    void everyPerTestJsonHasItsEnvironment() throws IOException {
        ObjectNode first = firstRun("steady");
        assertThat(first.at("/environment/host/cores").asInt())
                .isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(first.at("/environment/java/feature").asInt())
                .isEqualTo(Runtime.version().feature());
        assertThat(first.has("baseline")).isFalse();
    }

    @Test
    void aRunWithinItsBaselinePasses() throws IOException {
        // The same fixture twice on a shared machine differs by noise (a 3 ms iteration now and then takes 12 ms),
        // so the baseline is the first run made a hundred times worse: the run meets it by design. That equal
        // figures pass, and figures exactly at their limits, is shown without timing by BaselineRulesTest and
        // ComparisonTest.
        Path base = baseline("worse.json", firstRun("steady"), t -> scale(t, 100));
        Events events = run("steady", Map.of("loadtest.baseline", base.toString(), "loadtest.baseline.margin", "15%"));
        events.assertStatistics(s -> s.started(1).succeeded(1).failed(0));
        JsonNode section = section("steady");
        assertThat(section.path("verdict").asText()).isEqualTo("passed");
        assertThat(section.path("reason").asText()).isEqualTo("no figure beyond its limit");
        assertThat(section.path("source").asText())
                .isEqualTo(base.toAbsolutePath().toString());
        assertThat(section.path("runId").asText()).isEqualTo("base-run");
        assertThat(section.path("margin").asDouble()).isEqualTo(0.15);
        assertThat(section.path("rows").findValuesAsText("metric"))
                .containsExactly("p50", "p95", "p99", "errorRate", "rps");
        assertThat(section.path("rows").findValuesAsText("request")).containsOnly("iteration");
        assertThat(section.path("rows").findValuesAsText("regressed")).containsOnly("false");
        assertThat(section.has("forced")).isFalse();
    }

    @Test
    void aPlantedRegressionFailsWithTheDiffTable() throws IOException {
        Path base = baseline("fast.json", firstRun("steady"), t -> scale(t, 0.01));
        Events events = run("steady", Map.of("loadtest.baseline", base.toString()));
        events.assertStatistics(s -> s.started(1).failed(1));
        String message = TestKit.failureMessage(events);
        assertThat(message)
                .startsWith("BaselineTestCases.steady regressed against its baseline " + base.toAbsolutePath()
                        + " (run base-run, margin 10 % from ")
                .contains("iteration p50 ")
                .containsPattern("request\\s+metric\\s+baseline\\s+actual\\s+change\\s+limit")
                .containsPattern(
                        "iteration\\s+p95\\s+[0-9.]+ ms\\s+[0-9.]+ ms\\s+\\+[0-9.]+ %\\s+[0-9.]+ ms\\s+✗ regressed")
                .containsPattern("iteration\\s+rps\\s+")
                .doesNotContain("failed its load verdict");
        JsonNode written = MAPPER.readTree(json("steady").toFile());
        assertThat(written.path("verdict").asText()).isEqualTo("failed");
        assertThat(written.path("failure").asText()).contains("regressed against its baseline");
        assertThat(written.at("/baseline/verdict").asText()).isEqualTo("regressed");
        assertThat(written.at("/baseline/rows/1/regressed").asBoolean()).isTrue();
    }

    @Test
    void anSloBreachAndARegressionAreBothReported() throws IOException {
        Path base = baseline("fast.json", firstRun("breachesItsSlo"), t -> scale(t, 0.01));
        String message = TestKit.failureMessage(run("breachesItsSlo", Map.of("loadtest.baseline", base.toString())));
        assertThat(message).contains("failed its load verdict").contains("✗ p50 of iterations");
        assertThat(message.indexOf("regressed against its baseline"))
                .isGreaterThan(message.indexOf("failed its load verdict"));
    }

    @Test
    void anotherEnvironmentIsRefusedBeforeAnyLoad() throws IOException {
        Path base = baseline("elsewhere.json", firstRun("steady"), t -> {
            ((ObjectNode) t.at("/environment/host")).put("cores", 999);
            ((ObjectNode) t.path("environment")).put("profile", "heavy");
        });
        Files.delete(json("steady"));
        ITERATIONS.set(0);
        Events events = run("steady", Map.of("loadtest.baseline", base.toString()));
        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(TestKit.failureMessage(events))
                .startsWith("BaselineTestCases.steady: refused to compare with the baseline " + base.toAbsolutePath()
                        + " (run base-run): these differ (baseline vs this run):")
                .contains("host.cores: 999 vs " + Runtime.getRuntime().availableProcessors())
                .contains("profile: heavy vs default")
                .contains("-Dloadtest.baseline.force=true to compare anyway");
        assertThat(ITERATIONS).hasValue(0);
        assertThat(json("steady")).doesNotExist();
    }

    @Test
    void forceComparesAnotherEnvironmentAnywayAndSaysSo() throws IOException {
        Path base = baseline("elsewhere.json", firstRun("steady"), t -> {
            scale(t, 100); // a baseline the run meets (see aRunWithinItsBaselinePasses)
            ((ObjectNode) t.at("/environment/host")).put("cores", 999);
        });
        Events events = run("steady", Map.of("loadtest.baseline", base.toString(), "loadtest.baseline.force", "true"));
        events.assertStatistics(s -> s.started(1).succeeded(1));
        JsonNode section = section("steady");
        assertThat(section.path("forced").asBoolean()).isTrue();
        assertThat(section.path("differences").get(0).asText()).startsWith("host.cores: 999 vs ");
        assertThat(section.path("verdict").asText()).isEqualTo("passed");
    }

    @Test
    void anotherPlanIsRefusedBeforeAnyLoad() throws IOException {
        Path base = baseline("plan.json", firstRun("steady"), t -> ((ObjectNode) t.path("plan")).put("users", 7));
        ITERATIONS.set(0);
        String message = TestKit.failureMessage(run("steady", Map.of("loadtest.baseline", base.toString())));
        assertThat(message).contains("refused to compare").contains("plan.users: 7 vs 4");
        assertThat(ITERATIONS).hasValue(0);
    }

    @Test
    void aTestMissingFromTheBaselineRunsAndIsNoted() throws IOException {
        Path base = baseline("other.json", firstRun("steady"), t -> {
            t.put("test", "elsewhere.OtherIT.other");
            t.put("id", "OtherIT.other");
        });
        Events events = run("steady", Map.of("loadtest.baseline", base.toString()));
        events.assertStatistics(s -> s.started(1).succeeded(1));
        JsonNode section = section("steady");
        assertThat(section.path("verdict").asText()).isEqualTo("missing");
        assertThat(section.path("reason").asText()).isEqualTo("not in the baseline");
        assertThat(section.path("rows")).isEmpty();
    }

    @Test
    void aBadBaselineIsAClearErrorBeforeAnyLoad() throws IOException {
        Path missing = dir.resolve("nope.json");
        assertThat(TestKit.failureMessage(run("steady", Map.of("loadtest.baseline", missing.toString()))))
                .startsWith("-Dloadtest.baseline=" + missing + ": no such file")
                .contains("expected the report.json of an earlier voiceload run");
        Path perTest = Files.writeString(dir.resolve("test.json"), "{\"schemaVersion\": 1, \"test\": \"A.b\"}");
        assertThat(TestKit.failureMessage(run("steady", Map.of("loadtest.baseline", perTest.toString()))))
                .contains(perTest + ": not a voiceload run report (no \"kind\")");
        Path base = baseline("ok.json", firstRun("steady"), t -> {});
        ITERATIONS.set(0);
        assertThat(TestKit.failureMessage(run(
                        "steady", Map.of("loadtest.baseline", base.toString(), "loadtest.baseline.margin", "lots"))))
                .contains("-Dloadtest.baseline.margin=lots: a baseline margin is a percentage from 0% to 100%");
        assertThat(TestKit.failureMessage(
                        run("steady", Map.of("loadtest.baseline", base.toString(), "loadtest.baseline.force", "yes"))))
                .contains("-Dloadtest.baseline.force=yes: must be true or false");
        assertThat(ITERATIONS).hasValue(0);
    }

    @Test
    void aCapacitySearchThatHoldsFewerUsersRegresses() throws IOException {
        ObjectNode first = firstRun("search");
        assertThat(first.at("/capacity/highestHeld").asInt()).isEqualTo(2);
        Path base = baseline("held.json", first, t -> ((ObjectNode) t.path("capacity")).put("highestHeld", 50));
        Events events = run("search", Map.of("loadtest.baseline", base.toString()));
        events.assertStatistics(s -> s.started(1).failed(1));
        assertThat(TestKit.failureMessage(events))
                .contains("BaselineTestCases.search regressed against its baseline")
                .contains("capacity highestHeld 50 → 2")
                .containsPattern("capacity\\s+highestHeld\\s+50\\s+2\\s+-96.0 %\\s+45\\s+✗ regressed");
        assertThat(section("search").path("verdict").asText()).isEqualTo("regressed");
    }

    @Test
    void aCapacitySearchWithAnotherStepIsRefused() throws IOException {
        Path base = baseline(
                "steps.json", firstRun("search"), t -> ((ObjectNode) t.at("/capacity/plan")).put("stepUsers", 5));
        ITERATIONS.set(0);
        assertThat(TestKit.failureMessage(run("search", Map.of("loadtest.baseline", base.toString()))))
                .contains("refused to compare")
                .contains("capacity.plan.stepUsers: 5 vs 1");
        assertThat(ITERATIONS).hasValue(0);
    }

    /** Iteration latencies multiplied and throughput divided by {@code worse} (0.01: a hundred times better). */
    private static void scale(ObjectNode test, double worse) {
        ObjectNode iterations = (ObjectNode) test.path("iterations");
        ObjectNode latency = (ObjectNode) iterations.path("latencyMs");
        for (String p : new String[] {"p50", "p95", "p99"}) {
            latency.put(p, latency.path(p).asDouble() * worse);
        }
        iterations.put("rps", iterations.path("rps").asDouble() / worse);
    }

    @FixtureOnly
    static class BaselineTestCases {
        // 1,000 iterations: enough beyond p99 for every percentile to be judged (BaselineRules.MIN_TAIL_SAMPLES).
        @LoadTest(users = 4, requests = 250)
        void steady() throws InterruptedException {
            ITERATIONS.incrementAndGet();
            Thread.sleep(3);
        }

        @LoadTest(users = 2, requests = 5)
        @Slo(p50 = "1ms")
        void breachesItsSlo() throws InterruptedException {
            ITERATIONS.incrementAndGet();
            Thread.sleep(5);
        }

        @CapacityTest(startUsers = 1, stepUsers = 1, maxUsers = 2, stepDuration = "300ms", thinkTime = "5ms")
        void search(VirtualUser user) {
            ITERATIONS.incrementAndGet();
        }
    }
}
