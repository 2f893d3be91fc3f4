package io.voiceload.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.ConfigException;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.OverrideKey;
import io.voiceload.config.Overrides;
import io.voiceload.report.RunReport;
import io.voiceload.report.RunReportWriter;
import io.voiceload.report.TestResultJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Writes the run report ({@code report.json}, {@code report.html}, {@code report.md}, CSVs, {@code latest/}) of the
 * tests a JUnit Platform launcher ran: Maven Surefire/Failsafe and IDEs find it through {@code ServiceLoader}
 * ({@code META-INF/services/org.junit.platform.launcher.TestExecutionListener}).
 *
 * <p>After each test it adds the JUnit outcome ({@code "junit": {status, message, durationSeconds}}) to the test's
 * per-test JSON; a failed or aborted test of one of the six categories that wrote no per-test JSON (the platform did
 * not start, …) gets a minimal one so the report lists it. It writes the report when the test plan finishes, after a
 * test when {@link #WRITE_EVERY} passed since the last write (a killed run keeps what it had), and from a shutdown
 * hook (Ctrl-C) with {@code "complete": false} and the tests still running marked {@code interrupted}.
 *
 * <p>Only runs whose directory ({@code <loadtest.reports.dir>/<loadtest.runId>}) has a {@code tests/} directory get
 * a report, and only a plan that ran at least one test writes it: a run that selected none (a mistyped
 * {@code -Dgroups}) leaves the report and {@code latest/} as they were. It never fails the run: a failure to write is
 * printed as {@code [report] could not write …}.
 */
public final class RunReportListener implements TestExecutionListener {
    /** Least time between two reports written while the plan runs. */
    public static final Duration WRITE_EVERY = Duration.ofSeconds(10);

    /** Lines of a failure message kept in {@code junit.message}. */
    static final int MESSAGE_LINES = 12;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private volatile long lastWriteNanos = System.nanoTime();
    private volatile boolean planFinished;
    /** Whether this plan ran a test, or failed one with its class's set-up: only then is there a report to write. */
    private volatile boolean ranTests;
    /** Set by the shutdown hook: tests that end from now on were cut short by the stop (Ctrl-C), not failed. */
    private volatile boolean stopping;
    /** Tests that were running when the JVM began to stop, or ran while it stopped. */
    private final Set<String> interrupted = ConcurrentHashMap.newKeySet();

    private volatile Thread hook;
    private volatile TestPlan plan;

    /** A test that started: its full name ({@code com.example.CallsIT.createCalls}), tags and start. */
    private record Running(String className, String method, List<String> tags, long startNanos) {
        String name() {
            return className + "." + method;
        }
    }

    /** Public for {@code ServiceLoader}. */
    public RunReportListener() {}

    @Override
    public void testPlanExecutionStarted(TestPlan testPlan) {
        if (!enabled()) {
            return;
        }
        plan = testPlan;
        planFinished = false;
        ranTests = false;
        stopping = false;
        interrupted.clear();
        lastWriteNanos = System.nanoTime();
        Thread h = new Thread(this::writeInterrupted, "voiceload-run-report");
        try {
            Runtime.getRuntime().addShutdownHook(h);
            hook = h;
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: nothing to guard.
        }
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        if (plan != null && id.isTest()) {
            ranTests = true;
        }
        if (plan != null && id.isTest() && id.getSource().orElse(null) instanceof MethodSource source) {
            running.put(
                    id.getUniqueId(),
                    new Running(
                            source.getClassName(),
                            source.getMethodName(),
                            id.getTags().stream().map(TestTag::getName).toList(),
                            System.nanoTime()));
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (plan == null) {
            return;
        }
        if (id.isContainer() && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            containerFailed(id, result);
            return;
        }
        Running test = running.remove(id.getUniqueId());
        if (test == null) {
            return;
        }
        if (stopping) {
            interrupted.add(test.name());
        }
        try {
            recordOutcome(test, result);
        } catch (IOException | RuntimeException e) {
            System.err.println("[report] could not write the JUnit outcome of " + test.name() + ": " + e);
        }
        // Between tests, never while another load runs (JUnit parallel execution): it would skew that load.
        if (System.nanoTime() - lastWriteNanos >= WRITE_EVERY.toNanos() && !LoadExecution.generatorBusy()) {
            write(false, Set.copyOf(interrupted));
        }
    }

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (plan == null) {
            return;
        }
        plan = null;
        planFinished = true;
        Thread h = hook;
        hook = null;
        if (h != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException e) {
                // Shutting down already: the hook sees planFinished and does nothing.
            }
        }
        if (!ranTests) {
            return;
        }
        // A plan that finishes while the JVM stops (its remaining tests failing fast) is still an interrupted run.
        write(!stopping, Set.copyOf(interrupted)).ifPresent(System.out::println);
    }

    /**
     * Whether {@code -Dloadtest.runReport} (default {@code true}) asks for the run report; the framework's own
     * tests turn it off, their fixtures fail on purpose. Any other value is named and the report is written.
     */
    static boolean enabled() {
        try {
            return Overrides.fromSystem(OverrideKey.RUN_REPORT).flag(OverrideKey.RUN_REPORT, true);
        } catch (ConfigException e) {
            // Refused, naming the key and the allowed values, by the configuration check every load test runs
            // first (Preflight); the report of that failed run is still written.
            return true;
        }
    }

    /**
     * A class whose {@code @BeforeAll} failed (the platform or the infrastructure did not start) never starts
     * its tests: each categorised one gets a minimal per-test JSON with the class's failure, so the report
     * lists it instead of leaving it out.
     */
    private void containerFailed(TestIdentifier container, TestExecutionResult result) {
        TestPlan p = plan;
        if (p == null) {
            return;
        }
        String verdict = result.getStatus() == TestExecutionResult.Status.FAILED ? "failed" : "aborted";
        String message = result.getThrowable().map(RunReportListener::message).orElse(verdict);
        for (TestIdentifier id : p.getDescendants(container)) {
            if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource source) {
                ranTests = true;
                Running test = new Running(
                        source.getClassName(),
                        source.getMethodName(),
                        id.getTags().stream().map(TestTag::getName).toList(),
                        System.nanoTime());
                ObjectNode junit = MAPPER.createObjectNode();
                junit.put("status", result.getStatus().name());
                junit.put("message", message);
                junit.put("durationSeconds", 0.0);
                try {
                    writeMinimalIfMissing(test, verdict, message, junit);
                } catch (IOException | RuntimeException e) {
                    System.err.println("[report] could not write " + test.name() + ": " + e);
                }
            }
        }
    }

    /**
     * The shutdown hook's work: when the plan did not finish, writes the report with {@code complete: false} and the
     * tests that started but never finished as {@code interrupted}.
     */
    void writeInterrupted() {
        if (planFinished) {
            return;
        }
        stopping = true;
        if (!ranTests) {
            return; // nothing ran yet; a test that ends from now on is interrupted, and the plan's end writes it
        }
        running.values().stream().map(Running::name).forEach(interrupted::add);
        for (Running test : running.values()) {
            try {
                writeMinimalIfMissing(
                        test, "interrupted", "interrupted: the run stopped before this test finished", null);
            } catch (IOException | RuntimeException e) {
                System.err.println("[report] could not write " + test.name() + ": " + e);
            }
        }
        write(false, Set.copyOf(interrupted)).ifPresent(System.out::println);
    }

    private java.util.Optional<String> write(boolean complete, Set<String> interrupted) {
        Path runDir = ResultFiles.runDirectory();
        lastWriteNanos = System.nanoTime();
        if (!Files.isDirectory(runDir.resolve("tests"))) {
            return java.util.Optional.empty();
        }
        try {
            return java.util.Optional.of(
                    RunReportWriter.write(runDir, complete, interrupted).summaryLine());
        } catch (IOException | RuntimeException | LinkageError e) {
            System.err.println("[report] could not write " + runDir.resolve("report.json") + ": " + e);
            return java.util.Optional.empty();
        } finally {
            lastWriteNanos = System.nanoTime();
        }
    }

    private static void recordOutcome(Running test, TestExecutionResult result) throws IOException {
        ObjectNode junit = MAPPER.createObjectNode();
        junit.put("status", result.getStatus().name());
        String message = result.getThrowable().map(RunReportListener::message).orElse("");
        if (!message.isEmpty()) {
            junit.put("message", message);
        }
        junit.put("durationSeconds", (System.nanoTime() - test.startNanos()) / 1e9);
        Path json = jsonOf(test);
        if (Files.isRegularFile(json)) {
            JsonNode existing = MAPPER.readTree(json.toFile());
            if (existing instanceof ObjectNode document) {
                document.set("junit", junit);
                TestResultJson.write(json, document);
                return;
            }
        }
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            String verdict = result.getStatus() == TestExecutionResult.Status.FAILED ? "failed" : "aborted";
            writeMinimalIfMissing(test, verdict, message, junit);
        }
    }

    /** A per-test JSON with tags, verdict, failure and junit, for a categorised test that wrote none. */
    private static void writeMinimalIfMissing(Running test, String verdict, String failure, ObjectNode junit)
            throws IOException {
        Path json = jsonOf(test);
        if (Files.exists(json) || test.tags().stream().noneMatch(LoadTestConfig.CATEGORIES::contains)) {
            return;
        }
        ObjectNode document = MAPPER.createObjectNode();
        document.put("schemaVersion", TestResultJson.SCHEMA_VERSION);
        document.put("runId", ResultFiles.runId());
        document.put("test", test.name());
        test.tags().forEach(document.putArray("tags")::add);
        document.put("verdict", verdict);
        document.put("failure", failure);
        if (junit != null) {
            document.set("junit", junit);
        }
        TestResultJson.write(json, document);
    }

    private static Path jsonOf(Running test) {
        return ResultFiles.runDirectory().resolve("tests").resolve(test.name() + ".json");
    }

    /** The first lines of a failure: its message, or its type when it has none. */
    static String message(Throwable t) {
        String text = t.getMessage() == null || t.getMessage().isBlank() ? t.toString() : t.getMessage();
        return RunReport.firstLines(text, MESSAGE_LINES);
    }
}
