package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The comparison document of two run reports (what {@code compare a.json b.json} writes as
 * {@code comparison.json}, and {@link HtmlReport#renderComparison} and {@link ComparisonMarkdown} render):
 *
 * <pre class="language-json">{@code
 * {"kind": "voiceload-comparison", "generatedAt": ISO, "margin": 0.10, "verdict": "passed|regressed|refused",
 *  "forced": false,
 *  "baseline": {"path", "runId", "environment"}, "current": {"path", "runId", "environment"},
 *  "environmentDifferences": ["host.cores: 2 vs 4", ...],
 *  "tests": [{"id", "test", "verdict": "passed|regressed|refused|missing|new", "reason", "planDifferences", "rows": [ROW...]}]}
 * }</pre>
 *
 * <p>Verdict: {@code refused} when the environments differ (unless forced); else {@code regressed} when a
 * test regressed ({@link BaselineRules}); else {@code refused} when a test's plan differs (unless forced);
 * else {@code passed}. A test only in the baseline is {@code missing}, only in the current run {@code new};
 * neither fails the comparison.
 */
public final class Comparison {
    /** The {@code kind} of a comparison document. */
    public static final String KIND = "voiceload-comparison";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Comparison() {}

    /**
     * Compares {@code current} with {@code baseline}.
     *
     * @param margin a fraction ({@code 0.10} = 10 %)
     * @param force compare even when environments or plans differ; the document says {@code "forced": true}
     */
    public static ObjectNode compare(BaselineReport baseline, BaselineReport current, double margin, boolean force) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("kind", KIND);
        doc.put("generatedAt", Instant.now().toString());
        doc.put("margin", margin);
        List<String> envDiffs =
                BaselineComparability.environmentDifferences(baseline.environment(), current.environment());
        doc.put("verdict", "passed");
        doc.put("forced", force && !envDiffs.isEmpty());
        doc.set("baseline", side(baseline));
        doc.set("current", side(current));
        ArrayNode diffs = doc.putArray("environmentDifferences");
        envDiffs.forEach(diffs::add);

        ArrayNode tests = doc.putArray("tests");
        boolean regressed = false;
        boolean refusedTest = false;
        Set<String> seen = new HashSet<>();
        for (JsonNode cur : current.tests()) {
            String key = BaselineReport.key(cur);
            seen.add(key);
            ObjectNode t = tests.addObject();
            t.put("id", BaselineReport.displayId(cur));
            t.put("test", key);
            JsonNode base = baseline.tests().stream()
                    .filter(b -> BaselineReport.key(b).equals(key))
                    .findFirst()
                    .orElse(null);
            ArrayNode rows = MAPPER.createArrayNode();
            if (base == null) {
                t.put("verdict", "new");
                t.put("reason", "not in the baseline");
            } else if (!cur.has("iterations")) {
                t.put("verdict", "missing");
                t.put(
                        "reason",
                        "no statistics in the current run ("
                                + cur.path("verdict").asText("no verdict") + ")");
            } else if (!base.has("iterations")) {
                t.put("verdict", "new");
                t.put(
                        "reason",
                        "no statistics in the baseline (" + base.path("verdict").asText("no verdict") + ")");
            } else {
                List<String> planDiffs =
                        BaselineComparability.planDifferences(base, cur.path("plan"), capacityPlan(cur));
                List<BaselineRow> compared = BaselineRules.compare(base, cur, margin);
                compared.forEach(r -> rows.add(r.toJson()));
                boolean testRegressed = compared.stream().anyMatch(BaselineRow::regressed);
                if (!planDiffs.isEmpty()) {
                    ArrayNode pd = t.putArray("planDifferences");
                    planDiffs.forEach(pd::add);
                }
                if (!planDiffs.isEmpty() && !force) {
                    t.put("verdict", "refused");
                    t.put("reason", "the plan differs: " + String.join("; ", planDiffs));
                    refusedTest = true;
                } else if (testRegressed) {
                    t.put("verdict", "regressed");
                    t.put("reason", ComparisonMarkdown.regressions(compared));
                    regressed = true;
                } else {
                    t.put("verdict", "passed");
                }
            }
            t.set("rows", rows);
        }
        for (JsonNode base : baseline.tests()) {
            if (!seen.contains(BaselineReport.key(base))) {
                ObjectNode t = tests.addObject();
                t.put("id", BaselineReport.displayId(base));
                t.put("test", BaselineReport.key(base));
                t.put("verdict", "missing");
                t.put("reason", "not in the current run");
                t.putArray("rows");
            }
        }
        String verdict;
        if (!envDiffs.isEmpty() && !force) {
            verdict = "refused";
        } else if (regressed) {
            verdict = "regressed";
        } else if (refusedTest) {
            verdict = "refused";
        } else {
            verdict = "passed";
        }
        doc.put("verdict", verdict);
        return doc;
    }

    private static JsonNode capacityPlan(JsonNode test) {
        JsonNode p = test.at("/capacity/plan");
        return p.isMissingNode() ? null : p;
    }

    private static ObjectNode side(BaselineReport r) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("path", r.path().toString());
        n.put("runId", r.runId());
        n.set("environment", r.environment().isMissingNode() ? MAPPER.nullNode() : r.environment());
        return n;
    }
}
