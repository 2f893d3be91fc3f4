package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.LoadResult;
import io.voiceload.load.SloOutcome;
import io.voiceload.load.SloReport;
import io.voiceload.load.SloRule;
import io.voiceload.report.TestResultJson;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.MediaType;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How the {@link LoadExecution} pipeline tells a run's outcome: the per-test JSON file, JUnit report
 * entries and attached files, and the texts printed before and after the run.
 */
final class ResultPublisher {
    private ResultPublisher() {}

    /**
     * The per-test JSON document ({@link TestResultJson}) of one run.
     *
     * @param settings the effective plan as printed, one setting a line
     */
    static ObjectNode toJson(
            ExtensionContext context,
            Class<?> testClass,
            Method method,
            LoadResult result,
            SloReport report,
            String settings) {
        return TestResultJson.toJson(
                testClass.getName() + "." + method.getName(),
                new ArrayList<>(context.getTags()),
                result,
                report,
                settings.lines().toList(),
                ResultFiles.runId());
    }

    /** Writes {@code document} to {@code json}; a failure to write is printed, never fails the test. */
    static void writeJson(Path json, ObjectNode document) {
        try {
            TestResultJson.write(json, document);
        } catch (IOException e) {
            System.err.println("[load] could not write " + json + ": " + e);
        }
    }

    /** The report entries every load run publishes. */
    static Map<String, String> entries(LoadResult result, boolean passed, Path json) {
        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("voiceload.verdict", passed ? "passed" : "failed");
        entry.put("voiceload.summary", result.summaryLine());
        entry.put("voiceload.iterations", String.valueOf(result.iterations().count()));
        entry.put(
                "voiceload.errorRate",
                String.format(Locale.ROOT, "%.4f", result.iterations().errorRate()));
        entry.put(
                "voiceload.rps",
                String.format(Locale.ROOT, "%.1f", result.iterations().throughput()));
        entry.put("voiceload.p95Ms", ms(result.iterations().percentile(95)));
        entry.put("voiceload.p99Ms", ms(result.iterations().percentile(99)));
        entry.put("voiceload.seed", String.valueOf(result.seed()));
        entry.put(
                "voiceload.generatorSaturated",
                String.valueOf(result.generatorHealth().saturated()));
        entry.put("voiceload.results", json.toString());
        return entry;
    }

    /** Report entries reach IDEs and Open Test Reporting; Surefire XML keeps only stdout and failures. */
    static void publish(ExtensionContext context, Map<String, String> entries, Path json, Path hlog) {
        context.publishReportEntry(entries);
        publishCopy(context, json);
        publishCopy(context, hlog);
    }

    /** Attaches {@code file} (a {@code .jfr} recording) to the test's report, where the engine accepts files. */
    static void publishFile(ExtensionContext context, Path file) {
        if (file == null || !file.toFile().isFile()) {
            return;
        }
        try {
            context.publishFile(
                    file.getFileName().toString(),
                    MediaType.APPLICATION_OCTET_STREAM,
                    target -> Files.copy(file, target));
        } catch (RuntimeException e) {
            // Only engines with an output directory provider (Open Test Reporting) accept files.
        }
    }

    private static void publishCopy(ExtensionContext context, Path file) {
        if (!file.toFile().isFile()) {
            return;
        }
        try {
            String name = file.getFileName().toString();
            // The per-test JSON, and the .hlog (HdrHistogram's text log: one base64 histogram a line).
            MediaType type = name.endsWith(".json") ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN_UTF_8;
            context.publishFile(name, type, target -> Files.copy(file, target));
        } catch (RuntimeException e) {
            // Only engines with an output directory provider (Open Test Reporting) accept files.
        }
    }

    /** The SLOs that will judge the run, after {@code @Slo}s override configured thresholds. */
    static String slos(List<SloRule> rules) {
        if (rules.isEmpty()) {
            return "SLOs: none (the test still fails if no iteration succeeds)";
        }
        StringBuilder sb = new StringBuilder("SLOs applied:");
        for (SloRule rule : rules) {
            sb.append("\n  ").append(rule.subject()).append(' ').append(rule.requirement());
            if (!rule.origin().isEmpty()) {
                sb.append("  (").append(rule.origin()).append(')');
            }
        }
        return sb.toString();
    }

    /**
     * The SLO table of a judged run, one {@code PASS}/{@code FAIL} line per SLO with required vs actual,
     * printed so that it reaches the test's {@code <system-out>} in Surefire/Failsafe XML, passing or not.
     */
    static String outcomes(String testName, SloReport report) {
        StringBuilder sb = new StringBuilder("[load] ")
                .append(testName)
                .append(report.passed() ? ": passed" : ": FAILED")
                .append(report.outcomes().isEmpty() ? " (no SLOs)" : "");
        for (SloOutcome outcome : report.outcomes()) {
            sb.append("\n  ").append(outcome.passed() ? "PASS " : "FAIL ").append(outcome.describe());
        }
        if (report.noSuccess()) {
            sb.append("\n  FAIL no successful iteration");
        }
        return sb.toString();
    }

    /** The most frequent error kinds of the iterations, so a failure says what went wrong. */
    static String topErrors(LoadResult result) {
        Map<String, Long> errors = result.iterations().errors();
        if (errors.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\nmost frequent errors:");
        errors.entrySet().stream()
                .limit(5)
                .forEach(e ->
                        sb.append("\n  ").append(e.getValue()).append(" × ").append(e.getKey()));
        if (errors.size() > 5) {
            sb.append("\n  … and ").append(errors.size() - 5).append(" more kinds");
        }
        return sb.toString();
    }

    static String ms(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toNanos() / 1e6);
    }

    static String indent(String text) {
        return text.lines().map(l -> "  " + l).reduce((a, b) -> a + "\n" + b).orElse("");
    }
}
