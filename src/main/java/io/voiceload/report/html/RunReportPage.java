package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code report.html} of a run: header, summary cards, categories, failures, recommendations, tests, environment. */
public final class RunReportPage {
    private RunReportPage() {}

    /** The whole page for a {@code report.json} document; every field is optional. */
    public static String render(JsonNode report) {
        String runId = report.path("runId").asText("unknown run");
        Html h = new Html();
        Map<JsonNode, String> anchors = anchors(report.path("tests"));
        header(h, report, runId);
        cards(h, report);
        categories(h, report.path("categories"));
        failures(h, report, anchors);
        recommendations(h, report.path("recommendations"), anchors);
        contents(h, report.path("tests"), anchors);
        for (JsonNode test : report.path("tests")) {
            TestSection.write(h, test, anchors.get(test));
        }
        h.raw("<section class=\"box\" id=\"environment\"><h2>Environment</h2>");
        EnvironmentView.write(h, report.path("environment"));
        h.raw("</section>");
        return Page.wrap(
                "voiceload run " + runId + " · " + report.path("verdict").asText(""), h.toString());
    }

    /** A unique, safe anchor per test, in report order (identity-keyed: two tests may look alike). */
    private static Map<JsonNode, String> anchors(JsonNode tests) {
        Map<JsonNode, String> out = new java.util.IdentityHashMap<>();
        Set<String> used = new HashSet<>();
        for (JsonNode t : tests) {
            String base = Html.anchor("test-", TestSection.id(t));
            String a = base;
            for (int i = 2; !used.add(a); i++) {
                a = base + "-" + i;
            }
            out.put(t, a);
        }
        return out;
    }

    private static void header(Html h, JsonNode report, String runId) {
        String verdict = report.path("verdict").asText("unknown");
        boolean complete = report.path("complete").asBoolean(true);
        h.raw("<header class=\"run\" id=\"top\"><div><h1>voiceload run ")
                .text(runId)
                .raw(" ");
        h.el("span", "badge " + verdict, verdict).raw(" ");
        h.el("span", "badge " + (complete ? "complete" : "interrupted"), complete ? "complete" : "interrupted");
        h.raw("</h1></div><div class=\"meta\">");
        List<String> meta = new ArrayList<>();
        if (report.has("startedAt")) {
            meta.add("started " + report.path("startedAt").asText());
        }
        if (report.has("finishedAt")) {
            meta.add("finished " + report.path("finishedAt").asText());
        }
        if (report.has("durationSeconds")) {
            meta.add("took " + Format.seconds(report.path("durationSeconds").asDouble()));
        }
        if (report.has("generatedAt")) {
            meta.add("generated " + report.path("generatedAt").asText());
        }
        JsonNode env = report.path("environment");
        if (env.has("profile")) {
            meta.add("profile " + env.path("profile").asText());
        }
        if (env.path("gitCommit").isTextual()) {
            String c = env.path("gitCommit").asText();
            meta.add("commit " + c.substring(0, Math.min(10, c.length()))
                    + (env.path("gitDirty").asBoolean(false) ? " (dirty)" : ""));
        }
        h.text(String.join(" · ", meta)).raw("</div>");
        if (!complete) {
            h.el("p", null, "The run was interrupted: this report holds the tests that finished before it stopped.");
        }
        h.raw("</header>");
    }

    private static void cards(Html h, JsonNode report) {
        JsonNode o = report.path("overall");
        String verdict = report.path("verdict").asText("unknown");
        h.raw("<div class=\"cards\">");
        card(h, "passed".equals(verdict) ? "good" : "failed".equals(verdict) ? "bad" : null, "verdict", verdict, "");
        long failed = o.path("failed").asLong(0);
        long aborted = o.path("aborted").asLong(0);
        card(
                h,
                failed > 0 ? "bad" : null,
                "tests passed",
                o.path("passed").asLong(0) + " / " + o.path("tests").asLong(0),
                failed + " failed" + (aborted > 0 ? ", " + aborted + " aborted" : ""));
        card(h, null, "requests", Format.count(o.path("requests")), Format.count(o.path("failures")) + " failed");
        card(
                h,
                o.path("errorRate").asDouble(0) > 0 ? "bad" : null,
                "error rate",
                Format.pct(o.path("errorRate")),
                "of all iterations");
        card(h, null, "throughput", Format.rate(o.path("rps")), "iterations, mean");
        card(h, null, "p95", Format.ms(o.get("p95Ms")), "p50 " + Format.ms(o.get("p50Ms")));
        card(h, null, "p99", Format.ms(o.get("p99Ms")), "max " + Format.ms(o.get("maxMs")));
        h.raw("</div>");
    }

    private static void card(Html h, String cls, String label, String value, String sub) {
        h.open("div", "card" + (cls == null ? "" : " " + cls));
        h.el("div", "label", label).el("div", "value", value).el("div", "sub", sub);
        h.close("div");
    }

    private static void categories(Html h, JsonNode categories) {
        if (!categories.isArray() || categories.isEmpty()) {
            return;
        }
        h.raw("<section class=\"box\"><h2>Categories</h2>");
        Table t = new Table(
                "category",
                "verdict",
                "#tests",
                "#passed",
                "#failed",
                "#requests",
                "#failures",
                "#error %",
                "#p95",
                "headline");
        for (JsonNode c : categories) {
            String verdict = c.path("verdict").asText("");
            Html row = new Html().raw("<tr>");
            row.el("td", null, c.path("name").asText());
            row.raw("<td>").el("span", "badge " + verdict, verdict).raw("</td>");
            row.el("td", "num", Format.count(c.path("tests")));
            row.el("td", "num", Format.count(c.path("passed")));
            row.el("td", "num", Format.count(c.path("failed")));
            row.el("td", "num", Format.count(c.path("requests")));
            row.el("td", "num", Format.count(c.path("failures")));
            row.el("td", "num", Format.pct(c.path("errorRate")));
            row.el("td", "num", Format.ms(c.get("p95Ms")));
            row.el(
                    "td",
                    null,
                    c.path("headline").isTextual() ? c.path("headline").asText() : "");
            t.tr(row.raw("</tr>"));
        }
        t.writeTo(h);
        h.raw("</section>");
    }

    private static void failures(Html h, JsonNode report, Map<JsonNode, String> anchors) {
        JsonNode failures = report.path("failures");
        if (!failures.isArray() || failures.isEmpty()) {
            return;
        }
        Map<String, String> byId = new LinkedHashMap<>();
        anchors.forEach((t, a) -> byId.put(TestSection.id(t), a));
        h.raw("<section class=\"box\"><h2>Failed tests</h2>");
        for (JsonNode f : failures) {
            String test = f.path("test").asText("");
            h.raw("<h3>");
            link(h, byId.get(test), test);
            if (f.has("category")) {
                h.raw(" ").el("span", "note", f.path("category").asText());
            }
            h.raw("</h3>").el("pre", null, f.path("reason").asText(""));
        }
        h.raw("</section>");
    }

    private static void recommendations(Html h, JsonNode recs, Map<JsonNode, String> anchors) {
        if (!recs.isArray() || recs.isEmpty()) {
            return;
        }
        Map<String, String> byId = new LinkedHashMap<>();
        anchors.forEach((t, a) -> byId.put(TestSection.id(t), a));
        h.raw("<section class=\"box\"><h2>Recommendations</h2>");
        for (JsonNode r : recs) {
            String severity = r.path("severity").asText("info");
            h.raw("<div class=\"rec\"><div>")
                    .el("span", "badge " + severity, severity)
                    .raw(" ");
            h.el("span", "title", r.path("title").asText(""));
            if (r.path("test").isTextual()) {
                h.raw(" · ");
                link(h, byId.get(r.path("test").asText()), r.path("test").asText());
            }
            h.raw("</div><dl class=\"kv\"><dt>evidence</dt><dd>")
                    .text(r.path("evidence").asText(""))
                    .raw("</dd><dt>advice</dt><dd>")
                    .text(r.path("advice").asText(""))
                    .raw("</dd></dl></div>");
        }
        h.raw("</section>");
    }

    private static void contents(Html h, JsonNode tests, Map<JsonNode, String> anchors) {
        if (!tests.isArray() || tests.isEmpty()) {
            h.raw("<section class=\"box\"><h2>Tests</h2>")
                    .el("p", "note", "No test of this run produced a result.")
                    .raw("</section>");
            return;
        }
        h.raw("<section class=\"box\"><h2>Tests</h2>");
        Table t = new Table("verdict", "test", "#iterations", "#error %", "#RPS", "#p95", "#p99");
        for (JsonNode test : tests) {
            String verdict = TestSection.verdict(test);
            JsonNode it = test.path("iterations");
            JsonNode l = it.path("latencyMs");
            Html row = new Html()
                    .raw("<tr><td>")
                    .el("span", "badge " + verdict, verdict)
                    .raw("</td><td>");
            link(row, anchors.get(test), TestSection.id(test));
            row.raw("</td>");
            row.el("td", "num", Format.count(it.get("count")));
            row.el("td", "num", Format.pct(it.get("errorRate")));
            row.el("td", "num", Format.rate(it.get("rps")));
            row.el("td", "num", Format.ms(l.get("p95")));
            row.el("td", "num", Format.ms(l.get("p99")));
            t.tr(row.raw("</tr>"));
        }
        t.writeTo(h);
        h.raw("</section>");
    }

    private static void link(Html h, String anchor, String text) {
        if (anchor == null) {
            h.text(text);
        } else {
            h.raw("<a href=\"#" + anchor + "\">").text(text).raw("</a>");
        }
    }
}
