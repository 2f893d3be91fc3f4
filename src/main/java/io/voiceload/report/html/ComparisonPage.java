package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.model.Format;

/**
 * The {@code comparison.html} of two runs: verdict, both runs and their environments, why a
 * comparison was refused, and per test the rows with regressions in red; missing and new tests.
 */
public final class ComparisonPage {
    private ComparisonPage() {}

    /** The whole page for a comparison document; every field is optional. */
    public static String render(JsonNode c) {
        String verdict = c.path("verdict").asText("unknown");
        JsonNode base = c.path("baseline");
        JsonNode cur = c.path("current");
        Html h = new Html();
        h.raw("<header class=\"run\" id=\"top\"><div><h1>Comparison ")
                .text(base.path("runId").asText("?"))
                .raw(" → ")
                .text(cur.path("runId").asText("?"))
                .raw(" ")
                .el("span", "badge " + verdict, verdict)
                .raw("</h1></div><div class=\"meta\">");
        StringBuilder meta = new StringBuilder();
        if (c.has("margin")) {
            meta.append("regression margin ").append(Format.pct(c.path("margin")));
        }
        if (c.has("generatedAt")) {
            meta.append(meta.isEmpty() ? "" : " · ")
                    .append("generated ")
                    .append(c.path("generatedAt").asText());
        }
        h.text(meta.toString()).raw("</div></header>");

        int regressed = 0;
        int missing = 0;
        int added = 0;
        for (JsonNode t : c.path("tests")) {
            switch (t.path("verdict").asText()) {
                case "regressed" -> regressed++;
                case "missing" -> missing++;
                case "new" -> added++;
                default -> {}
            }
        }
        h.raw("<div class=\"cards\">");
        card(h, "passed".equals(verdict) ? "good" : "bad", "verdict", verdict, "");
        card(h, null, "tests compared", Format.count(c.path("tests").size()), "");
        card(h, regressed > 0 ? "bad" : null, "regressed", Format.count(regressed), "tests beyond the margin");
        card(h, null, "missing / new", missing + " / " + added, "tests in one run only");
        h.raw("</div>");

        h.raw("<section class=\"box\"><h2>Runs</h2>");
        Table runs = new Table("", "baseline", "current");
        runs.row(null, "run", base.path("runId").asText("–"), cur.path("runId").asText("–"));
        runs.row(null, "report", base.path("path").asText("–"), cur.path("path").asText("–"));
        runs.writeTo(h);
        JsonNode diffs = c.path("environmentDifferences");
        if (diffs.isArray() && !diffs.isEmpty()) {
            h.el(
                    "h3",
                    null,
                    "refused".equals(verdict)
                            ? "Refused: the environments differ, so the numbers are not comparable"
                            : "Environment differences");
            h.raw("<ul>");
            diffs.forEach(d -> h.el("li", null, d.asText()));
            h.raw("</ul>");
        }
        h.raw("<details")
                .raw(diffs.isArray() && !diffs.isEmpty() ? " open" : "")
                .raw("><summary>Both environments</summary>");
        EnvironmentView.writeBoth(h, base.path("environment"), cur.path("environment"));
        h.raw("</details></section>");

        JsonNode tests = c.path("tests");
        if (tests.isArray() && !tests.isEmpty()) {
            h.raw("<section class=\"box\"><h2>Tests</h2>");
            for (JsonNode t : tests) {
                String v = t.path("verdict").asText("unknown");
                h.raw("<h3>")
                        .text(t.path("id").asText("?"))
                        .raw(" ")
                        .el("span", "badge " + v, v)
                        .raw("</h3>");
                switch (v) {
                    case "missing" -> h.el("p", "note", "In the baseline, not in the current run.");
                    case "new" -> h.el("p", "note", "In the current run, not in the baseline: nothing to compare.");
                    default -> BaselineTable.write(h, t.path("rows"));
                }
            }
            h.raw("</section>");
        }
        return Page.wrap("voiceload comparison · " + verdict, h.toString());
    }

    private static void card(Html h, String cls, String label, String value, String sub) {
        h.open("div", "card" + (cls == null ? "" : " " + cls));
        h.el("div", "label", label).el("div", "value", value).el("div", "sub", sub);
        h.close("div");
    }
}
