package io.voiceload.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.ConfigException;
import io.voiceload.report.BaselineComparability;
import io.voiceload.report.BaselineReport;
import io.voiceload.report.BaselineRow;
import io.voiceload.report.BaselineRules;
import io.voiceload.report.BaselineSettings;
import io.voiceload.report.ComparisonMarkdown;
import io.voiceload.report.Environment;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A load test's comparison with its baseline ({@code -Dloadtest.baseline=<earlier report.json>}), in two
 * halves around the run:
 *
 * <ol>
 *   <li>{@link #before}: reads the baseline (once per JVM), and refuses (the test fails before any load) when
 *       the path or file is bad, or when the test is in the baseline but the environment or the test's plan
 *       differ, unless {@code -Dloadtest.baseline.force=true};
 *   <li>{@link #addSections}: adds {@code environment} and {@code baseline} to the per-test JSON and says
 *       whether the run regressed ({@link BaselineRules}), with a diff table.
 * </ol>
 *
 * A test absent from the baseline runs normally; its {@code baseline.verdict} is {@code missing}.
 */
final class BaselineCheck {
    private final String testName;
    private final BaselineSettings settings;
    private final BaselineReport report;
    private final JsonNode baselineTest;
    private final List<String> forcedDifferences;

    private BaselineCheck(
            String testName,
            BaselineSettings settings,
            BaselineReport report,
            JsonNode baselineTest,
            List<String> forcedDifferences) {
        this.testName = testName;
        this.settings = settings;
        this.report = report;
        this.baselineTest = baselineTest;
        this.forcedDifferences = forcedDifferences;
    }

    /**
     * Prepares the comparison of one test before its load starts; null when no baseline is asked for.
     *
     * @param plan the test's plan as {@link BaselineComparability#planOf} writes it
     * @param capacityPlan the capacity search's plan ({@link BaselineComparability#capacityPlanOf}), or null
     * @throws ExtensionConfigurationException for a bad setting or baseline file, or a refused comparison
     */
    static BaselineCheck before(
            Class<?> testClass, String method, String testName, ObjectNode plan, ObjectNode capacityPlan) {
        Optional<BaselineSettings> asked;
        try {
            asked = BaselineSettings.fromSystem();
        } catch (IllegalArgumentException | ConfigException e) {
            throw new ExtensionConfigurationException(testName + ": " + e.getMessage(), e);
        }
        if (asked.isEmpty()) {
            return null;
        }
        BaselineSettings settings = asked.get();
        BaselineReport report;
        try {
            report = BaselineReport.cached(settings.report());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(
                    testName + ": -D" + BaselineSettings.BASELINE + "=" + e.getMessage(), e);
        }
        JsonNode test = report.test(testClass.getName(), method).orElse(null);
        if (test == null) {
            System.out.println("[baseline] " + testName + " is not in the baseline " + report.path() + " (run "
                    + report.runId() + "): it runs without a comparison");
            return new BaselineCheck(testName, settings, report, null, List.of());
        }
        List<String> differences = new ArrayList<>(
                BaselineComparability.environmentDifferences(report.environmentOf(test), Environment.capture()));
        if (test.has("plan")) {
            differences.addAll(BaselineComparability.planDifferences(test, plan, capacityPlan));
        }
        if (!differences.isEmpty() && !settings.force()) {
            throw new ExtensionConfigurationException(testName + ": refused to compare with the baseline "
                    + report.path() + " (run " + report.runId() + "): these differ (baseline vs this run):\n  "
                    + String.join("\n  ", differences)
                    + "\nRun where the baseline ran, with the same plan, or set -D" + BaselineSettings.FORCE
                    + "=true to compare anyway (the comparison is then marked forced). Nothing ran.");
        }
        if (!differences.isEmpty()) {
            System.out.println("[baseline] " + testName + ": compared despite these differences (-D"
                    + BaselineSettings.FORCE + "=true):\n  " + String.join("\n  ", differences));
        }
        return new BaselineCheck(testName, settings, report, test, differences);
    }

    /**
     * Adds {@code environment} ({@link Environment#capture()}) and, when {@code check} is not null, the
     * {@code baseline} section to a per-test JSON document made after the run; a regression also sets the
     * document's {@code verdict} to {@code failed} and adds to its {@code failure}.
     *
     * @return why the run regressed, with the diff table; empty when it did not (or no baseline is set)
     */
    static String addSections(BaselineCheck check, ObjectNode document) {
        document.set("environment", Environment.capture());
        return check == null ? "" : check.compare(document);
    }

    private String compare(ObjectNode document) {
        ObjectNode section = document.putObject("baseline");
        section.put("source", report.path().toString());
        section.put("runId", report.runId());
        section.put("margin", settings.margin());
        if (!forcedDifferences.isEmpty()) {
            section.put("forced", true);
            ArrayNode d = section.putArray("differences");
            forcedDifferences.forEach(d::add);
        }
        ArrayNode rows = section.putArray("rows");
        if (baselineTest == null || !baselineTest.has("iterations")) {
            section.put("verdict", "missing");
            section.put(
                    "reason",
                    baselineTest == null
                            ? "not in the baseline"
                            : "the baseline has no statistics for this test (it "
                                    + baselineTest.path("verdict").asText("failed") + " before any load)");
            return "";
        }
        List<BaselineRow> compared = BaselineRules.compare(baselineTest, document, settings.margin());
        compared.forEach(r -> rows.add(r.toJson()));
        String where = "baseline " + report.path() + " (run " + report.runId() + ", margin "
                + settings.marginText() + " from " + settings.marginOrigin()
                + (forcedDifferences.isEmpty() ? "" : ", forced") + ")";
        String table = ComparisonMarkdown.table(compared);
        if (compared.stream().noneMatch(BaselineRow::regressed)) {
            section.put("verdict", "passed");
            section.put("reason", "no figure beyond its limit");
            System.out.println("[baseline] " + testName + ": no regression against the " + where + "\n" + table);
            return "";
        }
        String regressions = ComparisonMarkdown.regressions(compared);
        section.put("verdict", "regressed");
        section.put("reason", regressions);
        List<BaselineRow> regressed =
                compared.stream().filter(BaselineRow::regressed).toList();
        String first = ComparisonMarkdown.regressions(regressed.subList(0, Math.min(3, regressed.size())));
        String message = testName + " regressed against its " + where + ": " + regressed.size() + " of "
                + compared.size() + " figures beyond their limits (" + first + (regressed.size() > 3 ? "; …" : "")
                + ")\n" + table;
        document.put("verdict", "failed");
        String failure = document.path("failure").asText("");
        document.put("failure", failure.isEmpty() ? message : failure + "\n" + message);
        return message;
    }

    /** The SLO (or capacity) failure and the regression, either of which may be empty, in that order. */
    static String join(String verdictFailure, String regression) {
        if (verdictFailure.isEmpty() || regression.isEmpty()) {
            return verdictFailure + regression;
        }
        return verdictFailure + "\n" + regression;
    }
}
