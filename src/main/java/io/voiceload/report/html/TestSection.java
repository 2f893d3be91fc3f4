package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.load.SloMetric;
import io.voiceload.load.StopReason;
import io.voiceload.report.model.Breakers;
import io.voiceload.report.model.CapacitySlos;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.LocalTimes;
import io.voiceload.report.model.SloHeadroom;
import io.voiceload.report.model.SloValues;
import io.voiceload.report.model.Units;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * One test of the run report: verdict, plan, SLO table, baseline diff, charts, per-request table,
 * error breakdown, capacity steps, generator health, platform signals and effective settings. A
 * test without statistics (it failed before load) shows its reason only.
 */
final class TestSection {
    private TestSection() {}

    /** The id a test is shown and linked by: {@code id}, else the simple class and method of {@code test}. */
    static String id(JsonNode test) {
        String id = test.path("id").asText("");
        if (!id.isEmpty()) {
            return id;
        }
        String full = test.path("test").asText("unnamed test");
        int method = full.lastIndexOf('.');
        int cls = method > 0 ? full.lastIndexOf('.', method - 1) : -1;
        return cls >= 0 ? full.substring(cls + 1) : full;
    }

    static String verdict(JsonNode test) {
        return test.path("verdict").asText("unknown");
    }

    static void write(Html h, JsonNode test, String anchor, ZoneId zone) {
        String verdict = verdict(test);
        String unit = Units.of(test);
        h.raw("<section class=\"box test " + Html.escape(verdict) + "\" id=\"" + anchor + "\">");
        h.raw("<h2>").text(id(test)).raw(" ").el("span", "badge " + verdict, verdict);
        h.raw(" <a class=\"note\" href=\"#top\">↑ top</a></h2>");

        Html meta = new Html();
        String category = test.path("category").asText("");
        if (!category.isEmpty()) {
            meta.raw("<dt>category</dt><dd>").text(category).raw("</dd>");
        }
        JsonNode plan = test.path("plan");
        if (plan.has("description")) {
            meta.raw("<dt>plan</dt><dd>")
                    .text(plan.path("description").asText())
                    .raw("</dd>");
        }
        if (test.has("profile")) {
            meta.raw("<dt>profile</dt><dd>")
                    .text(
                            test.path("profile").isTextual()
                                    ? test.path("profile").asText()
                                    : "none")
                    .raw("</dd>");
        }
        if (!Units.ITERATIONS.equals(unit)) {
            meta.raw("<dt>one iteration</dt><dd>")
                    .text("one " + Units.singular(unit))
                    .raw("</dd>");
        }
        if (test.path("startedAt").isTextual()) {
            meta.raw("<dt>started</dt><dd>")
                    .text(LocalTimes.dateTime(test.path("startedAt").asText(), zone))
                    .raw("</dd>");
        }
        if (test.has("measuredSeconds")) {
            String line = Format.seconds(test.path("measuredSeconds").asDouble()) + " measured";
            if (test.has("totalSeconds")) {
                line += ", " + Format.seconds(test.path("totalSeconds").asDouble()) + " in all";
            }
            if (test.has("stopReason")) {
                line += "; " + stopReason(test.path("stopReason").asText());
            }
            meta.raw("<dt>duration</dt><dd>").text(line).raw("</dd>");
        }
        JsonNode warmup = test.path("warmup");
        if (warmup.has("iterations")) {
            meta.raw("<dt>warm-up</dt><dd>")
                    .text(Units.count(warmup.path("iterations").asLong(), unit) + " excluded, "
                            + Format.count(warmup.path("failures")) + " failed")
                    .raw("</dd>");
        }
        if (plan.has("seed")) {
            meta.raw("<dt>seed</dt><dd>").text(plan.path("seed").asText()).raw("</dd>");
        }
        JsonNode junit = test.path("junit");
        if (junit.has("durationSeconds")) {
            meta.raw("<dt>JUnit</dt><dd>")
                    .text(junit.path("status").asText("").toLowerCase(java.util.Locale.ROOT) + " in "
                            + Format.seconds(junit.path("durationSeconds").asDouble()))
                    .raw("</dd>");
        }
        if (meta.length() > 0) {
            h.raw("<dl class=\"kv\">").raw(meta.toString()).raw("</dl>");
        }
        if (test.has("summary")) {
            h.el("pre", null, test.path("summary").asText());
        }

        String failure = test.path("failure").asText("");
        String junitMessage = junit.path("message").asText("");
        if (!failure.isEmpty() || !junitMessage.isEmpty()) {
            h.el("h3", null, "Why it " + ("passed".equals(verdict) ? "reported" : verdict));
            h.el("pre", null, failure.isEmpty() ? junitMessage : failure);
            if (!failure.isEmpty() && !junitMessage.isEmpty() && !failure.contains(junitMessage)) {
                h.el("pre", null, junitMessage);
            }
        }
        if (test.has("abortReason")) {
            h.el("p", "note", "Aborted: " + test.path("abortReason").asText());
        }
        if (!test.has("iterations")) {
            if (failure.isEmpty() && junitMessage.isEmpty()) {
                h.el("p", "note", "No statistics: the test ended before it produced any.");
            }
            h.raw("</section>");
            return;
        }

        slos(h, test.path("slos"), test.path("capacity"), unit);
        BaselineTable.writeForTest(h, test.path("baseline"));
        charts(h, test, unit);
        breakers(h, test);
        MemorySection.write(h, test);
        PhaseTable.write(h, test, unit);
        requests(h, test, unit);
        errors(h, test, unit);
        capacity(h, test.path("capacity"), unit);
        generator(h, test);
        signals(h, test.path("signals"));
        JsonNode settings = test.path("effectiveSettings");
        if (settings.isArray() && !settings.isEmpty()) {
            StringBuilder lines = new StringBuilder();
            settings.forEach(s -> lines.append(s.asText()).append('\n'));
            h.raw("<details><summary>Effective settings</summary>")
                    .el("pre", null, lines.toString())
                    .raw("</details>");
        }
        h.raw("</section>");
    }

    /** Why the run stopped, in words; a {@link StopReason} this version does not know, as it is written. */
    static String stopReason(String reason) {
        StopReason known;
        try {
            known = StopReason.valueOf(reason);
        } catch (IllegalArgumentException e) {
            return "stopped: " + reason;
        }
        return switch (known) {
            case COMPLETED -> "ended when its plan was done";
            case DURATION_ELAPSED -> "ended when its duration elapsed";
            case MAX_DURATION -> "stopped by the maximum test duration";
            case ABORTED_ON_BREACH -> "aborted on an SLO breach";
            case INTERRUPTED -> "interrupted";
        };
    }

    private static void slos(Html h, JsonNode slos, JsonNode capacity, String unit) {
        if (!slos.isArray() || slos.isEmpty()) {
            return;
        }
        h.el("h3", null, "Service level objectives");
        if (capacity.isObject()) {
            h.el(
                    "p",
                    "note",
                    "A" + CapacitySlos.at(capacity).substring(1)
                            + ": the verdict is the search's (the highest step that held), not this table's; each"
                            + " step's SLOs are in the capacity table.");
        }
        Table t = new Table("status", "metric", "of", "required", "#actual", "#samples", "set by");
        for (JsonNode s : slos) {
            String metric = s.path("metric").asText();
            String required = s.path("required").asText("");
            boolean passed = s.path("passed").asBoolean(true);
            boolean near = SloHeadroom.nearLimit(s);
            String rowClass = !passed ? "breach" : near ? "near" : null;
            String status = !passed ? "✗ breached" : near ? "⚠ near limit" : "✓ met";
            Html row = new Html();
            row.raw("<tr" + (rowClass == null ? "" : " class=\"" + rowClass + "\"") + ">");
            row.el("td", "status", status);
            row.el("td", null, metric);
            row.el(
                    "td",
                    null,
                    s.path("request").isTextual()
                            ? s.path("request").asText()
                            : SloValues.isMemory(s.path("metric").asText()) ? "target JVM" : unit);
            row.el("td", null, required);
            row.el(
                    "td",
                    "num",
                    s.path("actual").isNumber()
                            ? actual(metric, s.path("actual"))
                            : s.path("note").asText("–"));
            row.el("td", "num", Format.count(s.path("samples")));
            row.el("td", "note", s.path("origin").asText(""));
            t.tr(row.raw("</tr>"));
        }
        t.writeTo(h);
    }

    /** An SLO's actual value with its unit, by the metric's kind. */
    private static String actual(String metric, JsonNode value) {
        if (SloValues.isMemory(metric)) {
            return SloValues.format(metric, value.asDouble());
        }
        return switch (SloMetric.kindOf(metric)) {
            case LATENCY -> Format.ms(value);
            case RATIO -> Format.pct(value);
            case THROUGHPUT -> Format.rate(value);
            case COUNT -> Format.plain(value);
            case BYTES -> io.voiceload.config.ByteSizes.display(value.asDouble());
        };
    }

    private static void charts(Html h, JsonNode test, String unit) {
        TestCharts c = new TestCharts(test);
        String errors = c.errors();
        String[] svgs = {
            c.throughput(),
            c.latency(),
            c.distribution(),
            c.requestLatency(),
            errors,
            c.breakers(),
            c.capacity(),
            c.heap(),
            c.gc()
        };
        h.raw("<div class=\"charts\">");
        for (String svg : svgs) {
            if (!svg.isEmpty()) {
                h.raw("<div>").raw(svg).raw("</div>");
            }
        }
        h.raw("</div>");
        if (errors.isEmpty()) {
            h.el("p", "note", "No failed " + unit + " or requests during the measured run.");
        }
    }

    /** Most transitions listed open; more are folded under a summary (a breaker that flapped 50 times). */
    static final int TRANSITIONS_SHOWN = 12;

    /**
     * The circuit breakers' transitions, when one changed state during the run; their timeline is among the charts,
     * their counts and the failovers in the signal table.
     */
    private static void breakers(Html h, JsonNode test) {
        List<Breakers.Transition> transitions = Breakers.transitions(test);
        if (transitions.isEmpty()) {
            return;
        }
        h.el("h3", null, "Circuit breakers");
        for (Breakers.Endpoint e : Breakers.of(test)) {
            if (e.lostEarlier()) {
                h.el(
                        "p",
                        "note",
                        e.name() + ": the run's first transitions are not shown; the platform keeps only its latest"
                                + " ones, and the first it kept starts from "
                                + Breakers.state(e.transitions().getFirst().from())
                                + ", not from " + Breakers.state(e.stateAtStart()) + ".");
            }
        }
        Table t = new Table("#time since the test started", "endpoint", "from", "", "to");
        for (Breakers.Transition tr : transitions) {
            t.row(
                    "open".equals(tr.to()) ? "breach" : null,
                    Double.isNaN(tr.atSeconds()) ? tr.at() : TestCharts.clock(tr.atSeconds()),
                    tr.endpoint(),
                    Breakers.state(tr.from()),
                    "→",
                    Breakers.state(tr.to()));
        }
        if (transitions.size() <= TRANSITIONS_SHOWN) {
            t.writeTo(h);
        } else {
            h.raw("<details><summary>")
                    .text(transitions.size() + " transitions")
                    .raw("</summary>");
            t.writeTo(h);
            h.raw("</details>");
        }
    }

    private static void requests(Html h, JsonNode test, String unit) {
        h.el("h3", null, "Per request");
        Table t = new Table(
                "request",
                "#count",
                "#failed",
                "#error rate",
                "#per second",
                "#avg",
                "#p50",
                "#p75",
                "#p90",
                "#p95",
                "#p99",
                "#p99.9",
                "#max");
        statsRow(t, "total", Units.ITERATIONS.equals(unit) ? unit : unit + " (iterations)", test.path("iterations"));
        for (Map.Entry<String, JsonNode> e : test.path("requests").properties()) {
            statsRow(t, null, e.getKey(), e.getValue());
        }
        t.writeTo(h);
    }

    static void statsRow(Table t, String rowClass, String name, JsonNode s) {
        JsonNode l = s.path("latencyMs");
        t.row(
                rowClass,
                name,
                Format.count(s.path("count")),
                Format.count(s.path("failures")),
                Format.pct(s.path("errorRate")),
                Format.rate(s.path("rps")),
                Format.ms(l.get("avg")),
                Format.ms(l.get("p50")),
                Format.ms(l.get("p75")),
                Format.ms(l.get("p90")),
                Format.ms(l.get("p95")),
                Format.ms(l.get("p99")),
                Format.ms(l.get("p99.9")),
                Format.ms(l.get("max")));
    }

    private static void errors(Html h, JsonNode test, String unit) {
        Table t = new Table("of", "error", "#count", "sample");
        errorRows(t, unit, test.path("iterations"));
        for (Map.Entry<String, JsonNode> e : test.path("requests").properties()) {
            errorRows(t, e.getKey(), e.getValue());
        }
        if (!t.isEmpty()) {
            h.el("h3", null, "Errors");
            t.writeTo(h);
        }
    }

    private static void errorRows(Table t, String of, JsonNode stats) {
        for (Map.Entry<String, JsonNode> e : stats.path("errors").properties()) {
            String sample = stats.path("errorSamples").path(e.getKey()).asText("");
            t.row(null, of, e.getKey(), Format.count(e.getValue()), sample.equals(e.getKey()) ? "" : sample);
        }
    }

    private static void capacity(Html h, JsonNode capacity, String unit) {
        if (!capacity.isObject()) {
            return;
        }
        h.el("h3", null, "Capacity");
        if (capacity.has("headline")) {
            h.el("p", null, capacity.path("headline").asText());
        }
        Table t = new Table(
                "step",
                "#concurrent " + capacity.path("unit").asText("users"),
                "verdict",
                "#" + unit,
                "#" + unit + " per second",
                "#p95",
                "#p99",
                "#error rate",
                "reason");
        for (JsonNode s : capacity.path("steps")) {
            JsonNode it = s.path("iterations");
            boolean held = s.path("held").asBoolean();
            t.row(
                    held ? null : "breach",
                    s.path("step").asText()
                            + (s.path("kind").asText("climb").equals("climb")
                                    ? ""
                                    : " " + s.path("kind").asText()),
                    Format.count(s.path("users")),
                    held ? "held" : "broke",
                    Format.count(it.path("count")),
                    it.path("rps").isNumber() ? Format.num(it.path("rps").asDouble(), 3) : "–",
                    Format.ms(it.path("latencyMs").get("p95")),
                    Format.ms(it.path("latencyMs").get("p99")),
                    Format.pct(it.path("errorRate")),
                    s.path("reason").asText(""));
        }
        t.writeTo(h);
    }

    private static void generator(Html h, JsonNode test) {
        JsonNode g = test.path("generator");
        if (!g.isObject()) {
            return;
        }
        boolean saturated = g.path("saturated").asBoolean();
        h.raw("<h3>Load generator health ")
                .el("span", "badge " + (saturated ? "saturated" : "passed"), saturated ? "saturated" : "healthy")
                .raw("</h3>");
        if (saturated) {
            h.el(
                    "p",
                    null,
                    "The generator was saturated, so the latencies may be its own: "
                            + g.path("reason").asText(""));
        }
        Table t = new Table(
                "#scheduling lag p99",
                "#scheduling lag max",
                "#GC pauses",
                "#GC share",
                "#CPU share",
                "#arrivals",
                "#dropped");
        t.row(
                null,
                Format.ms(g.get("schedulingLagP99Ms")),
                Format.ms(g.get("schedulingLagMaxMs")),
                Format.ms(g.get("gcPauseMs")),
                Format.pct(g.get("gcShare")),
                Format.pct(g.get("cpuShare")),
                Format.count(test.get("arrivals")),
                Format.count(test.get("dropped")));
        t.writeTo(h);
        if (TestCharts.whoseJvm(test).equals(TestCharts.GENERATOR_AND_PLATFORM)) {
            h.el(
                    "p",
                    "note",
                    "GC and CPU are those of the " + TestCharts.GENERATOR_AND_PLATFORM
                            + ": the platform's own work counts in them.");
        }
    }

    private static void signals(Html h, JsonNode signals) {
        Map<String, JsonNode> flat = EnvironmentView.flatten(signals);
        // The breakers' transitions have a chart and a table of their own.
        flat.keySet().removeIf(k -> k.startsWith("platform.pmsBreakers.") && k.endsWith(".transitions"));
        if (flat.isEmpty()) {
            return;
        }
        boolean platformOnly = flat.keySet().stream().allMatch(k -> k.startsWith("platform."));
        h.el("h3", null, platformOnly ? "What the platform reported" : "What the system under test reported");
        h.el("p", "note", "Over the run, warm-up included, as the system counted it.");
        Table t = new Table("signal", "#value");
        flat.forEach((k, v) -> t.row(null, Labels.signal(k), Labels.signalValue(k, v)));
        t.writeTo(h);
    }
}
