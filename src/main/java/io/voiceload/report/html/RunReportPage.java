package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.LocalTimes;
import io.voiceload.report.model.Memory;
import io.voiceload.report.model.ProfilesUsed;
import io.voiceload.report.model.Units;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The {@code report.html} of a run: header, summary cards, categories, failures, recommendations, tests, environment. */
public final class RunReportPage {
    private RunReportPage() {}

    /**
     * The whole page for a {@code report.json} document; every field is optional. Times are shown in the zone the
     * tests ran in ({@link LocalTimes#zoneOf}).
     */
    public static String render(JsonNode report) {
        String runId = report.path("runId").asText("unknown run");
        ZoneId zone = LocalTimes.zoneOf(report);
        Html h = new Html();
        Map<JsonNode, String> anchors = anchors(report.path("tests"));
        header(h, report, runId, zone);
        cards(h, report);
        categories(h, report.path("categories"));
        failures(h, report, anchors);
        recommendations(h, report.path("recommendations"), anchors);
        contents(h, report.path("tests"), anchors);
        allocationRanking(h, report.path("tests"), anchors);
        for (JsonNode test : report.path("tests")) {
            TestSection.write(h, test, anchors.get(test), zone);
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

    private static void header(Html h, JsonNode report, String runId, ZoneId zone) {
        String verdict = report.path("verdict").asText("unknown");
        boolean complete = report.path("complete").asBoolean(true);
        h.raw("<header class=\"run\" id=\"top\"><div><h1>voiceload run ")
                .text(runId)
                .raw(" ");
        h.el("span", "badge " + verdict, verdict).raw(" ");
        h.el("span", "badge " + (complete ? "complete" : "interrupted"), complete ? "complete" : "interrupted");
        h.raw("</h1></div><div class=\"meta\">");
        List<String> meta = new ArrayList<>();
        String started = report.path("startedAt").asText("");
        if (!started.isEmpty()) {
            meta.add("started " + LocalTimes.dateTime(started, zone));
        }
        if (report.has("finishedAt")) {
            meta.add("finished "
                    + LocalTimes.timeOnSameDay(report.path("finishedAt").asText(), started, zone));
        }
        if (report.has("durationSeconds")) {
            meta.add("took " + Format.seconds(report.path("durationSeconds").asDouble()));
        }
        meta.add(ProfilesUsed.describe(report));
        JsonNode env = report.path("environment");
        if (env.path("gitCommit").isTextual()) {
            String c = env.path("gitCommit").asText();
            meta.add("commit " + c.substring(0, Math.min(10, c.length()))
                    + (env.path("gitDirty").asBoolean(false) ? " (with uncommitted changes)" : ""));
        }
        if (report.has("generatedAt")) {
            meta.add("report written "
                    + LocalTimes.timeOnSameDay(report.path("generatedAt").asText(), started, zone));
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
        long interrupted = o.path("interrupted").asLong(0);
        List<String> notPassed = new ArrayList<>();
        notPassed.add(failed + " failed");
        if (aborted > 0) {
            notPassed.add(aborted + " aborted");
        }
        if (interrupted > 0) {
            notPassed.add(interrupted + " interrupted");
        }
        card(
                h,
                failed + interrupted > 0 ? "bad" : null,
                "tests passed",
                o.path("passed").asLong(0) + " / " + o.path("tests").asLong(0),
                String.join(", ", notPassed));
        card(
                h,
                null,
                "iterations",
                Format.count(o.path("iterations")),
                Format.count(o.path("failedIterations")) + " failed" + units(report.path("tests")));
        card(
                h,
                o.path("errorRate").asDouble(0) > 0 ? "bad" : null,
                "error rate",
                Format.pct(o.path("errorRate")),
                "of all iterations");
        card(
                h,
                o.path("failedHttpRequests").asLong(0) > 0 ? "bad" : null,
                "HTTP requests",
                Format.count(o.path("httpRequests")),
                Format.count(o.path("failedHttpRequests")) + " failed");
        card(
                h,
                null,
                "duration",
                report.has("durationSeconds")
                        ? Format.seconds(report.path("durationSeconds").asDouble())
                        : "–",
                "first test's start to last test's end");
        h.raw("</div>");
    }

    /** {@code  · calls, operations and iterations}: what the iterations of the tests are, when any test names it. */
    private static String units(JsonNode tests) {
        Set<String> units = new LinkedHashSet<>();
        for (JsonNode t : tests) {
            if (t.has("iterations")) {
                units.add(Units.of(t));
            }
        }
        if (units.isEmpty() || units.equals(Set.of(Units.ITERATIONS))) {
            return "";
        }
        List<String> list = new ArrayList<>(units);
        String last = list.removeLast();
        return " · " + (list.isEmpty() ? last : String.join(", ", list) + " and " + last);
    }

    private static void card(Html h, String cls, String label, String value, String sub) {
        h.open("div", "card" + (cls == null ? "" : " " + cls));
        h.el("div", "label", label).el("div", "value", value).el("div", "sub", sub);
        h.close("div");
    }

    /** Every category, one without a test in this run as such (it has none yet, or the tag expression left it out). */
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
                "#iterations",
                "#failed iterations",
                "#error rate",
                "headline");
        for (JsonNode c : categories) {
            String verdict = c.path("verdict").asText("");
            boolean empty = "empty".equals(verdict);
            Html row = new Html().raw(empty ? "<tr class=\"empty\">" : "<tr>");
            row.el("td", null, c.path("name").asText());
            row.raw("<td>")
                    .el("span", "badge " + verdict, empty ? "no tests" : verdict)
                    .raw("</td>");
            row.el("td", "num", Format.count(c.path("tests")));
            row.el("td", "num", empty ? "" : Format.count(c.path("passed")));
            row.el("td", "num", empty ? "" : Format.count(c.path("failed")));
            row.el("td", "num", empty ? "" : Format.count(c.path("iterations")));
            row.el("td", "num", empty ? "" : Format.count(c.path("failedIterations")));
            row.el("td", "num", empty ? "" : Format.pct(c.path("errorRate")));
            row.el(
                    "td",
                    empty ? "note" : null,
                    empty
                            ? "no tests in this run"
                            : c.path("headline").isTextual()
                                    ? c.path("headline").asText()
                                    : "");
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
        h.el(
                "p",
                "note",
                "Latency is given per test: the tests time different things (a voice call of seconds, an HTTP"
                        + " request of milliseconds), so no percentile is taken across them.");
        Table t = new Table("verdict", "test", "#measured", "#error rate", "#throughput", "#p50", "#p95", "#p99");
        for (JsonNode test : tests) {
            String verdict = TestSection.verdict(test);
            String unit = Units.of(test);
            JsonNode it = test.path("iterations");
            JsonNode l = it.path("latencyMs");
            Html row = new Html()
                    .raw("<tr><td>")
                    .el("span", "badge " + verdict, verdict)
                    .raw("</td><td>");
            link(row, anchors.get(test), TestSection.id(test));
            row.raw("</td>");
            row.el(
                    "td",
                    "num",
                    it.path("count").isNumber() ? Units.count(it.path("count").asLong(), unit) : "–");
            row.el("td", "num", Format.pct(it.get("errorRate")));
            row.el("td", "num", Format.rate(it.get("rps"), unit));
            row.el("td", "num", Format.ms(l.get("p50")));
            row.el("td", "num", Format.ms(l.get("p95")));
            row.el("td", "num", Format.ms(l.get("p99")));
            t.tr(row.raw("</tr>"));
        }
        t.writeTo(h);
        h.raw("</section>");
    }

    /**
     * The tests of the run by bytes allocated per iteration, dearest first, each with what one of its iterations
     * is: which request costs the most memory; shown when two tests or more carry the figure.
     */
    private static void allocationRanking(Html h, JsonNode tests, Map<JsonNode, String> anchors) {
        List<JsonNode> ranking = Memory.allocationRanking(tests);
        if (ranking.isEmpty()) {
            return;
        }
        h.raw("<section class=\"box\" id=\"allocation-ranking\"><h2>Allocated per iteration</h2>");
        h.el(
                "p",
                "note",
                "Dearest first: bytes allocated by the measured JVM per iteration of each test. A test measured"
                        + " in-process counts the load generator's allocations too.");
        Table t = new Table("test", "#allocated per iteration", "one iteration", "#allocation rate", "measured JVM");
        for (JsonNode test : ranking) {
            JsonNode m = test.path("memory");
            JsonNode s = m.path("summary");
            Html row = new Html().raw("<tr><td>");
            link(row, anchors.get(test), TestSection.id(test));
            row.raw("</td>");
            row.el("td", "num", Format.bytes(s.get("allocationPerIterationBytes")));
            row.el("td", null, "one " + Units.singular(Units.of(test)));
            row.el(
                    "td",
                    "num",
                    s.has("allocationRateBytesPerSecond")
                            ? Format.bytes(s.get("allocationRateBytesPerSecond")) + "/s"
                            : "–");
            row.el("td", Memory.inProcess(m) ? "warn" : null, Memory.target(m));
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
