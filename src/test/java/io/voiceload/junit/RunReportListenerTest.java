package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.report.RunReportWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TagFilter;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/** The listener, through a real launcher: outcomes in the per-test JSON, the report files, the interrupted path. */
class RunReportListenerTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String RUN_ID = "listener-run";

    @TempDir
    Path reports;

    private final Map<String, String> saved = new HashMap<>();

    @BeforeEach
    void pointTheRunHere() {
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("loadtest.") && !key.equals("loadtest.config")) { // loadtest.runReport=false too
                saved.put(key, System.getProperty(key));
                System.clearProperty(key);
            }
        }
        System.setProperty("loadtest.reports.dir", reports.toString());
        System.setProperty("loadtest.runId", RUN_ID);
    }

    @AfterEach
    void restore() {
        System.clearProperty("loadtest.reports.dir");
        System.clearProperty("loadtest.runId");
        System.clearProperty("loadtest.runReport");
        saved.forEach(System::setProperty);
    }

    @Test
    void aRunWritesTheReportWithEveryTestItsVerdictAndTheFailureReasons() throws IOException {
        run(new RunReportListener());
        Path run = reports.resolve(RUN_ID);
        for (String name : RunReportWriter.FILES) {
            assertThat(run.resolve(name)).isNotEmptyFile();
            assertThat(reports.resolve("latest").resolve(name)).isNotEmptyFile();
        }
        JsonNode report = MAPPER.readTree(run.resolve("report.json").toFile());
        assertThat(report.path("complete").asBoolean()).isTrue();
        assertThat(report.path("verdict").asText()).isEqualTo("failed");
        Map<String, String> verdicts = new HashMap<>();
        report.path("tests")
                .forEach(t ->
                        verdicts.put(t.path("id").asText(), t.path("verdict").asText()));
        assertThat(verdicts)
                .containsOnly(
                        Map.entry("ReportTestCases.quick", "passed"),
                        Map.entry("ReportTestCases.tooSlow", "failed"),
                        Map.entry("ReportTestCases.platformDidNotStart", "failed"));
        JsonNode quick = test(report, "ReportTestCases.quick");
        assertThat(quick.path("junit").path("status").asText()).isEqualTo("SUCCESSFUL");
        assertThat(quick.path("junit").path("durationSeconds").asDouble()).isPositive();
        assertThat(quick.path("iterations").path("count").asLong()).isEqualTo(6);
        assertThat(quick.path("category").asText()).isEqualTo("concurrent-calls");
        JsonNode broken = test(report, "ReportTestCases.platformDidNotStart");
        assertThat(broken.has("iterations")).isFalse();
        assertThat(broken.path("junit").path("status").asText()).isEqualTo("FAILED");
        assertThat(reasons(report))
                .containsEntry("ReportTestCases.platformDidNotStart", "platform did not start: port 8080 in use")
                .hasEntrySatisfying(
                        "ReportTestCases.tooSlow", r -> assertThat(r).contains("✗ p99 of iterations: required ≤ 1ms"));
        assertThat(Files.readString(run.resolve("report.md"))).contains("ReportTestCases.tooSlow");
        assertThat(Files.readString(run.resolve("stats.csv")))
                .contains("ReportTestCases.quick,concurrent-calls,iteration,iteration,6,0");
        assertThat(MAPPER.readTree(reports.resolve("latest/report.json").toFile())
                        .path("runId")
                        .asText())
                .isEqualTo(RUN_ID);
        JsonNode perTest = MAPPER.readTree(run.resolve("tests/" + ReportTestCases.class.getName() + ".quick.json")
                .toFile());
        assertThat(perTest.path("junit").path("status").asText()).isEqualTo("SUCCESSFUL");
    }

    /** Every test of the plan, whichever engines discovered them (ArchUnit's engine is on the class path too). */
    private static java.util.stream.Stream<TestIdentifier> testsOf(TestPlan plan) {
        return plan.getRoots().stream().flatMap(root -> plan.getDescendants(root).stream());
    }

    @Test
    void aRunWithoutATestsDirectoryWritesNothing() {
        RunReportListener listener = new RunReportListener();
        listener.testPlanExecutionFinished(null);
        assertThat(reports.resolve(RUN_ID)).doesNotExist();
        assertThat(reports.resolve("latest")).doesNotExist();
    }

    @Test
    void theShutdownHookWritesAnIncompleteReportWithTheRunningTestsInterrupted() throws IOException {
        run(new RunReportListener());
        TestPlan plan = launcher().discover(request());
        RunReportListener listener = new RunReportListener();
        TestIdentifier quick = testsOf(plan)
                .filter(id -> id.isTest() && id.getDisplayName().startsWith("quick"))
                .findFirst()
                .orElseThrow();
        TestIdentifier fresh = testsOf(plan)
                .filter(id -> id.isTest() && id.getDisplayName().startsWith("noResults"))
                .findFirst()
                .orElseThrow();
        listener.testPlanExecutionStarted(plan);
        listener.executionStarted(quick);
        listener.executionStarted(fresh);
        listener.writeInterrupted();
        JsonNode report =
                MAPPER.readTree(reports.resolve(RUN_ID).resolve("report.json").toFile());
        assertThat(report.path("complete").asBoolean()).isFalse();
        assertThat(test(report, "ReportTestCases.quick").path("verdict").asText())
                .isEqualTo("interrupted");
        assertThat(test(report, "ReportTestCases.noResults").path("verdict").asText())
                .isEqualTo("interrupted");
        assertThat(reasons(report))
                .containsEntry("ReportTestCases.noResults", "interrupted: the run stopped before this test finished");
        assertThat(report.path("overall").path("interrupted").asInt()).isEqualTo(2);
        listener.testPlanExecutionFinished(plan); // removes the shutdown hook
    }

    @Test
    void aPlanThatRanNoTestLeavesTheReportAndLatestAlone() throws IOException {
        run(new RunReportListener());
        String leftover = ReportTestCases.class.getName() + ".quick.json";
        // The same run id again (-Dloadtest.runId=nightly), its tests/ holding what an earlier attempt left.
        System.setProperty("loadtest.runId", "second-run");
        Path tests = Files.createDirectories(reports.resolve("second-run/tests"));
        Files.copy(reports.resolve(RUN_ID).resolve("tests").resolve(leftover), tests.resolve(leftover));

        TestKit.running = true;
        try {
            launcher()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(selectClass(ReportTestCases.class))
                                    .filters(TagFilter.includeTags("concurent-calls"))
                                    .build(),
                            new RunReportListener());
        } finally {
            TestKit.running = false;
        }

        assertThat(reports.resolve("second-run/report.json")).doesNotExist();
        assertThat(MAPPER.readTree(reports.resolve("latest/report.json").toFile())
                        .path("runId")
                        .asText())
                .isEqualTo(RUN_ID);
    }

    @Test
    void loadtestRunReportFalseWritesNothing() {
        System.setProperty("loadtest.runReport", "false");
        run(new RunReportListener());
        assertThat(reports.resolve(RUN_ID).resolve("report.json")).doesNotExist();
        assertThat(reports.resolve(RUN_ID).resolve("tests")).isDirectory();
    }

    @Test
    void aPlanThatFinishesWhileTheJvmStopsIsStillAnInterruptedRun() throws IOException {
        run(new RunReportListener());
        TestPlan plan = launcher().discover(request());
        TestIdentifier tooSlow = testsOf(plan)
                .filter(id -> id.isTest() && id.getDisplayName().startsWith("tooSlow"))
                .findFirst()
                .orElseThrow();
        RunReportListener listener = new RunReportListener();
        listener.testPlanExecutionStarted(plan);
        listener.writeInterrupted(); // Ctrl-C: the hook runs while JUnit goes on
        listener.executionStarted(tooSlow);
        listener.executionFinished(
                tooSlow, TestExecutionResult.failed(new IllegalStateException("Connection refused: postgres stopped")));
        listener.testPlanExecutionFinished(plan);
        JsonNode report =
                MAPPER.readTree(reports.resolve(RUN_ID).resolve("report.json").toFile());
        assertThat(report.path("complete").asBoolean()).isFalse();
        assertThat(test(report, "ReportTestCases.tooSlow").path("verdict").asText())
                .as("a test that failed because the JVM was stopping was cut short, not failed")
                .isEqualTo("interrupted");
    }

    private void run(RunReportListener listener) {
        TestKit.running = true;
        try {
            launcher().execute(request(), listener);
        } finally {
            TestKit.running = false;
        }
    }

    private static Launcher launcher() {
        return LauncherFactory.create(LauncherConfig.builder()
                .enableTestExecutionListenerAutoRegistration(false)
                .build());
    }

    private static LauncherDiscoveryRequest request() {
        return LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(ReportTestCases.class))
                .build();
    }

    private static JsonNode test(JsonNode report, String id) {
        for (JsonNode t : report.path("tests")) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no test " + id + " in the report");
    }

    private static Map<String, String> reasons(JsonNode report) {
        Map<String, String> reasons = new HashMap<>();
        report.path("failures")
                .forEach(f ->
                        reasons.put(f.path("test").asText(), f.path("reason").asText()));
        return reasons;
    }

    @Test
    void testsOfAClassWhoseSetUpFailedAreListedWithItsFailure() throws IOException {
        TestKit.running = true;
        try {
            launcher()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(
                                            selectClass(ReportTestCases.class), selectClass(BrokenSetUpTestCases.class))
                                    .build(),
                            new RunReportListener());
        } finally {
            TestKit.running = false;
        }
        JsonNode report =
                MAPPER.readTree(reports.resolve(RUN_ID).resolve("report.json").toFile());
        assertThat(test(report, "BrokenSetUpTestCases.createCalls")
                        .path("verdict")
                        .asText())
                .isEqualTo("failed");
        assertThat(reasons(report))
                .containsEntry("BrokenSetUpTestCases.createCalls", "the platform did not start: Postgres refused");
        assertThat(report.path("verdict").asText()).isEqualTo("failed");
    }

    @FixtureOnly
    @Tag("concurrent-calls")
    static class BrokenSetUpTestCases {
        @org.junit.jupiter.api.BeforeAll
        static void startThePlatform() {
            throw new IllegalStateException("the platform did not start: Postgres refused");
        }

        @LoadTest(users = 2, requests = 3)
        void createCalls() {}
    }

    @FixtureOnly
    @Tag("concurrent-calls")
    static class ReportTestCases {
        @LoadTest(users = 2, requests = 3)
        void quick() {}

        @LoadTest(users = 2, requests = 3)
        @Slo(p99 = "1ms")
        void tooSlow() throws InterruptedException {
            Thread.sleep(5);
        }

        @Test
        void platformDidNotStart() {
            throw new IllegalStateException("platform did not start: port 8080 in use");
        }

        /** Passes without results, so the report leaves it out; the interrupted case starts it by hand. */
        @Test
        void noResults() {}

        @Test
        void untaggedPlainTestsPass() {}
    }
}
