package io.voiceload.report;

import static io.voiceload.report.HtmlReportTest.MAPPER;
import static io.voiceload.report.HtmlReportTest.rowOf;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class HtmlReportComparisonTest {
    static JsonNode comparison() throws Exception {
        return MAPPER.readTree("""
                {"kind": "voiceload-comparison", "generatedAt": "2026-11-22T17:00:00Z", "margin": 0.10, "verdict": "regressed",
                 "baseline": {"path": "/r/a/report.json", "runId": "20261121-101500",
                              "environment": {"profile": "default", "host": {"cores": 2}, "java": {"version": "25.0.1"}}},
                 "current": {"path": "/r/b/report.json", "runId": "20261122-153012",
                             "environment": {"profile": "default", "host": {"cores": 2}, "java": {"version": "25.0.2"}}},
                 "environmentDifferences": [],
                 "tests": [
                   {"id": "CallCreationLoadIT.createAndFetchCalls", "verdict": "regressed", "rows": [
                     {"request": "iteration", "metric": "p95", "baseline": 100.0, "actual": 131.2, "changePct": 31.2, "limit": 110.0, "regressed": true},
                     {"request": "iteration", "metric": "errorRate", "baseline": 0.0, "actual": 0.0, "changePct": 0.0, "limit": 0.001, "regressed": false},
                     {"request": "iteration", "metric": "rps", "baseline": 2321.9, "actual": 2300.0, "changePct": -0.94, "limit": 2089.7, "regressed": false}]},
                   {"id": "CallRoutingLoadIT.decideAndTransfer", "verdict": "passed", "rows": [
                     {"request": "GET /routing/decide", "metric": "p99", "baseline": 169.1, "actual": 160.0, "changePct": -5.4, "limit": 186.0, "regressed": false}]},
                   {"id": "OldIT.gone", "verdict": "missing", "rows": []},
                   {"id": "NewIT.added", "verdict": "new", "rows": []}]}
                """);
    }

    @Test
    void showsVerdictRunsAndEachTestsRowsWithRegressionsInRed() throws Exception {
        String html = HtmlReport.renderComparison(comparison());

        assertThat(html)
                .contains(
                        "Comparison 20261121-101500 → 20261122-153012", "badge regressed", "regression margin 10.00 %")
                .contains("/r/a/report.json", "/r/b/report.json")
                .contains("CallCreationLoadIT.createAndFetchCalls", "CallRoutingLoadIT.decideAndTransfer")
                .contains("In the baseline, not in the current run.", "In the current run, not in the baseline")
                .doesNotContain("Refused");
        assertThat(rowOf(html, "+31.2 %")).contains("class=\"breach\"", "✗ regressed", "100 ms", "131 ms", "110 ms");
        assertThat(rowOf(html, "−5.4 %")).startsWith("<tr>").contains("✓ within");
        assertThat(rowOf(html, "2,300/s")).contains("2,322/s", "2,090/s");
        assertThat(rowOf(html, "Java version")).contains("25.0.1", "25.0.2", "differs");
    }

    @Test
    void aRefusedComparisonSaysWhichEnvironmentPropertiesDiffer() throws Exception {
        ObjectNode c = (ObjectNode) comparison();
        c.put("verdict", "refused");
        c.putArray("environmentDifferences").add("host.cores: 2 vs 4").add("profile: default vs <b>heavy</b>");

        String html = HtmlReport.renderComparison(c);

        assertThat(html)
                .contains("badge refused", "Refused: the environments differ")
                .contains("<li>host.cores: 2 vs 4</li>", "profile: default vs &lt;b&gt;heavy&lt;/b&gt;")
                .doesNotContain("<b>heavy");
    }
}
