package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.config.Durations;
import io.voiceload.report.model.Breakers;
import io.voiceload.report.model.CapacitySlos;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.LocalTimes;
import io.voiceload.report.model.Memory;
import io.voiceload.report.model.ProfilesUsed;
import io.voiceload.report.model.SloValues;
import io.voiceload.report.model.Units;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.md}: a run report short enough for a pull-request comment (GitHub markdown): verdict line, counts
 * (tests, iterations, HTTP requests), start and profile, categories (those without a test in this run as such),
 * tests with their own units and latencies, each test's SLO table, failures, recommendations, baseline differences
 * and one environment line. No time series.
 */
public final class MarkdownReport {
    /** Lines of a failure reason shown. */
    static final int REASON_LINES = 6;

    private MarkdownReport() {}

    /** The markdown of a report.json document; times in the zone the tests ran in ({@link LocalTimes#zoneOf}). */
    public static String render(JsonNode report) {
        StringBuilder md = new StringBuilder();
        JsonNode o = report.path("overall");
        ZoneId zone = LocalTimes.zoneOf(report);
        String verdict = report.path("verdict").asText();
        md.append("## ")
                .append(icon(verdict))
                .append(" voiceload run ")
                .append(report.path("runId").asText())
                .append(": ")
                .append(verdict)
                .append("\n\n");
        if (!report.path("complete").asBoolean(true)) {
            md.append("> ⚠️ **Interrupted run**: the report holds what was recorded before the run stopped.\n\n");
        }
        List<String> outcome = new ArrayList<>();
        outcome.add(o.path("passed").asLong() + " passed");
        for (String other : List.of("failed", "aborted", "interrupted")) {
            if (o.path(other).asLong() > 0) {
                outcome.add(o.path(other).asLong() + " " + other);
            }
        }
        md.append(Units.count(o.path("tests").asLong(), "tests"))
                .append(": ")
                .append(String.join(", ", outcome))
                .append(" · ")
                .append(Units.count(o.path("iterations").asLong(), "iterations"))
                .append(", ")
                .append(o.path("failedIterations").asLong())
                .append(" failed · ")
                .append(Units.count(o.path("httpRequests").asLong(), "HTTP requests"))
                .append(", ")
                .append(o.path("failedHttpRequests").asLong())
                .append(" failed\n\n");
        md.append("Started ")
                .append(LocalTimes.dateTime(report.path("startedAt").asText(""), zone))
                .append(", took ")
                .append(Durations.display(Duration.ofMillis(
                        Math.round(report.path("durationSeconds").asDouble() * 1000))))
                .append(" · ")
                .append(ProfilesUsed.describe(report))
                .append("\n\n");

        if (report.path("categories").size() > 0) {
            md.append("### Categories\n\n| Category | Verdict | Tests | Passed | Failed | Iterations | Error rate |"
                    + " Headline |\n|---|---|---:|---:|---:|---:|---:|---|\n");
            for (JsonNode c : report.path("categories")) {
                if (RunReport.EMPTY.equals(c.path("verdict").asText())) {
                    md.append("| ")
                            .append(cell(c.path("name").asText()))
                            .append(" | ➖ no tests in this run | 0 | | | | | |\n");
                    continue;
                }
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s %s | %d | %d | %d | %,d | %s %% | %s |%n",
                        cell(c.path("name").asText()),
                        icon(c.path("verdict").asText()),
                        c.path("verdict").asText(),
                        c.path("tests").asLong(),
                        c.path("passed").asLong(),
                        c.path("failed").asLong(),
                        c.path("iterations").asLong(),
                        pct(c.path("errorRate")),
                        cell(c.path("headline").asText(""))));
            }
            md.append('\n');
        }

        if (report.path("tests").size() > 0) {
            md.append("### Tests\n\nLatency per test: the tests time different things (a voice call of seconds, an"
                    + " HTTP request of milliseconds), so no percentile is taken across them.\n\n"
                    + "| Test | Verdict | Measured | Error rate | Throughput | p50 | p95 | p99 |\n"
                    + "|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode t : report.path("tests")) {
                JsonNode it = t.path("iterations");
                JsonNode lat = it.path("latencyMs");
                String unit = Units.of(t);
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s %s | %s | %s | %s | %s | %s | %s |%n",
                        cell(t.path("id").asText()),
                        icon(t.path("verdict").asText()),
                        t.path("verdict").asText(),
                        it.has("count") ? Units.count(it.path("count").asLong(), unit) : "–",
                        it.has("errorRate") ? pct(it.path("errorRate")) + " %" : "–",
                        it.has("rps") ? Format.num(it.path("rps").asDouble(), 3) + " " + unit + "/s" : "–",
                        Format.ms(lat.path("p50")),
                        Format.ms(lat.path("p95")),
                        Format.ms(lat.path("p99"))));
            }
            md.append('\n');
        }

        for (JsonNode t : report.path("tests")) {
            if (t.path("slos").size() == 0) {
                continue;
            }
            md.append("<details><summary>SLOs of ")
                    .append(escapeHtml(t.path("id").asText()))
                    .append(
                            t.has("capacity")
                                    ? " " + escapeHtml(CapacitySlos.at(t.path("capacity")))
                                            + " (the verdict is the search's: the highest step that held)"
                                    : "")
                    .append(
                            "</summary>\n\n| | Metric | Request | Required | Actual | Samples |\n|---|---|---|---|---:|---:|\n");
            for (JsonNode s : t.path("slos")) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %,d |%n",
                        s.path("passed").asBoolean() ? "✅" : "❌",
                        cell(s.path("metric").asText()),
                        cell(
                                s.path("request").isNull()
                                        ? SloValues.isMemory(s.path("metric").asText()) ? "target JVM" : Units.of(t)
                                        : s.path("request").asText()),
                        cell(s.path("required").asText()),
                        s.path("actual").isNumber()
                                ? Recommendations.sloValue(
                                        s.path("metric").asText(),
                                        s.path("actual").asDouble())
                                : cell(s.path("note").asText("–")),
                        s.path("samples").asLong()));
            }
            md.append("\n</details>\n\n");
        }

        for (JsonNode t : report.path("tests")) {
            phases(md, t);
        }

        memory(md, report.path("tests"));
        breakers(md, report.path("tests"));

        if (report.path("failures").size() > 0) {
            md.append("### Failures\n\n");
            for (JsonNode f : report.path("failures")) {
                md.append("- **")
                        .append(f.path("test").asText())
                        .append("** (")
                        .append(f.path("verdict").asText("failed"))
                        .append(")\n  ```\n");
                RunReport.firstLines(f.path("reason").asText(""), REASON_LINES)
                        .lines()
                        .forEach(l ->
                                md.append("  ").append(l.replace("```", "'''")).append('\n'));
                md.append("  ```\n");
            }
            md.append('\n');
        }

        md.append("### Recommendations\n\n");
        if (report.path("recommendations").size() == 0) {
            md.append("Nothing notable: no rule found a signal worth acting on.\n\n");
        }
        for (JsonNode r : report.path("recommendations")) {
            md.append("- ")
                    .append(r.path("severity").asText().equals("warning") ? "⚠️" : "ℹ️")
                    .append(" **")
                    .append(r.path("title").asText())
                    .append("**: ")
                    .append(r.path("evidence").asText())
                    .append(". ")
                    .append(r.path("advice").asText())
                    .append('\n');
        }
        md.append('\n');

        baseline(md, report);

        JsonNode env = report.path("environment");
        md.append(String.format(
                Locale.ROOT,
                "<sub>Java %s · %s CPU cores · seed %s · commit %s · times in %s</sub>%n",
                env.path("java").path("version").asText(env.path("javaVersion").asText("?")),
                env.path("host").path("cores").asText(env.path("cores").asText("?")),
                env.path("seed").asText("?"),
                env.path("gitCommit").isTextual()
                        ? env.path("gitCommit")
                                .asText()
                                .substring(
                                        0,
                                        Math.min(
                                                10,
                                                env.path("gitCommit").asText().length()))
                        : "?",
                zone.getId()));
        return md.toString();
    }

    private static void baseline(StringBuilder md, JsonNode report) {
        boolean header = false;
        for (JsonNode t : report.path("tests")) {
            JsonNode b = t.path("baseline");
            if (!b.isObject()) {
                continue;
            }
            if (!header) {
                md.append("### Baseline\n\n");
                header = true;
            }
            md.append(String.format(
                    Locale.ROOT,
                    "**%s** against %s: %s %s%s%n%n",
                    t.path("id").asText(),
                    b.path("runId").asText("?"),
                    icon(b.path("verdict").asText()),
                    b.path("verdict").asText(),
                    b.path("reason").asText("").isEmpty()
                            ? ""
                            : " (" + b.path("reason").asText() + ")"));
            if (b.path("rows").size() == 0) {
                continue;
            }
            md.append(
                    "| | Request | Metric | Baseline | Actual | Change | Limit |\n|---|---|---|---:|---:|---:|---:|\n");
            for (JsonNode r : b.path("rows")) {
                String metric = r.path("metric").asText();
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %s | %s |%n",
                        r.path("regressed").asBoolean()
                                ? "❌"
                                : r.path("note").asText("").isEmpty() ? "✅" : "➖",
                        cell(r.path("request").asText()),
                        metric,
                        ComparisonMarkdown.value(metric, r.path("baseline").asDouble()),
                        ComparisonMarkdown.value(metric, r.path("actual").asDouble()),
                        ComparisonMarkdown.change(r.path("changePct")),
                        ComparisonMarkdown.value(metric, r.path("limit").asDouble())));
            }
            md.append('\n');
        }
    }

    private static String icon(String verdict) {
        return switch (verdict) {
            case "passed" -> "✅";
            case "failed", "regressed" -> "❌";
            case "interrupted", "refused", "missing" -> "⚠️";
            default -> "➖";
        };
    }

    /** The phase table and the recovery figures of a test with faults, folded; nothing for a test without. */
    private static void phases(StringBuilder md, JsonNode t) {
        JsonNode phases = t.path("phases");
        if (!phases.isArray() || phases.isEmpty()) {
            return;
        }
        md.append("<details><summary>Phases of ")
                .append(escapeHtml(t.path("id").asText()))
                .append(
                        "</summary>\n\n| Phase | From → to | Of | Count | Errors | Error rate (%) | p50 | p95 | p99 | Max |\n")
                .append("|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (JsonNode p : phases) {
            boolean first = true;
            for (Map.Entry<String, JsonNode> e : p.path("requests").properties()) {
                JsonNode s = e.getValue();
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %,d | %,d | %s | %s | %s | %s | %s |%n",
                        first ? cell(p.path("name").asText()) : "",
                        first
                                ? Format.seconds(p.path("fromSeconds").asDouble()) + " → "
                                        + Format.seconds(p.path("toSeconds").asDouble())
                                : "",
                        cell("iterations".equals(e.getKey()) ? Units.of(t) : e.getKey()),
                        s.path("count").asLong(),
                        s.path("errors").asLong(),
                        pct(s.path("errorRate")),
                        Format.ms(s.get("p50Ms")),
                        Format.ms(s.get("p95Ms")),
                        Format.ms(s.get("p99Ms")),
                        Format.ms(s.get("maxMs"))));
                first = false;
            }
        }
        JsonNode recovery = t.path("recovery");
        if (recovery.isArray() && !recovery.isEmpty()) {
            md.append("\n| | Fault | Detection | Time to recover | Budget |\n|---|---|---:|---:|---:|\n");
            for (JsonNode r : recovery) {
                boolean ok = r.path("recovered").asBoolean();
                md.append("| ")
                        .append(ok ? "✅" : "❌")
                        .append(" | ")
                        .append(cell(r.path("fault").asText()
                                + (ok ? "" : ": " + r.path("problem").asText(""))))
                        .append(" | ")
                        .append(secondsOrDash(r.path("detectionSeconds")))
                        .append(" | ")
                        .append(secondsOrDash(r.path("timeToRecoverSeconds")))
                        .append(" | ")
                        .append(secondsOrDash(r.path("withinSeconds")))
                        .append(" |\n");
            }
        }
        md.append("\n</details>\n\n");
    }

    /**
     * Per test with a {@code memory} section a few lines: whose JVM, heap after GC (peak, last), GC pause p99 and
     * CPU share, bytes allocated per iteration, the leak verdict; then the run's tests by bytes allocated per
     * iteration, dearest first, when two or more carry it.
     */
    private static void memory(StringBuilder md, JsonNode tests) {
        boolean header = false;
        for (JsonNode t : tests) {
            JsonNode m = t.path("memory");
            if (!m.isObject()) {
                continue;
            }
            if (!header) {
                md.append("### Memory\n\n");
                header = true;
            }
            JsonNode s = m.path("summary");
            md.append("**").append(cell(t.path("id").asText())).append("**: ").append(cell(Memory.target(m)));
            if (Memory.inProcess(m)) {
                md.append(" · ⚠️ in-process: generator and platform share this heap");
            }
            md.append("\n");
            List<String> figures = new ArrayList<>();
            if (s.has("heapAfterGcPeakBytes") || s.has("heapAfterGcLastBytes")) {
                figures.add("heap after GC peak " + Format.bytes(s.get("heapAfterGcPeakBytes")) + ", last "
                        + Format.bytes(s.get("heapAfterGcLastBytes")));
            }
            if (s.has("gcPauseP99Ms")) {
                figures.add("GC pause p99 " + Format.ms(s.get("gcPauseP99Ms")));
            }
            if (s.has("gcCpuShare")) {
                figures.add("GC CPU share " + Format.pct(s.get("gcCpuShare")));
            }
            if (s.has("allocationPerIterationBytes")) {
                figures.add(Format.bytes(s.get("allocationPerIterationBytes")) + " allocated per "
                        + Units.singular(Units.of(t)));
            }
            if (!figures.isEmpty()) {
                md.append("- ").append(cell(String.join(" · ", figures))).append('\n');
            }
            String verdict = Memory.verdictLine(m);
            if (verdict != null) {
                String v = m.path("leak").path("verdict").asText("");
                md.append("- Leak verdict: ")
                        .append(v.equals("leak") ? "❌ " : v.equals("flat") ? "✅ " : "")
                        .append(cell(verdict))
                        .append('\n');
            }
            md.append('\n');
        }
        List<JsonNode> ranking = Memory.allocationRanking(tests);
        if (!ranking.isEmpty()) {
            md.append("Allocated per iteration, dearest first:\n\n| Test | Allocated per iteration | One iteration |"
                    + " Allocation rate |\n|---|---:|---|---:|\n");
            for (JsonNode t : ranking) {
                JsonNode s = t.path("memory").path("summary");
                md.append("| ")
                        .append(cell(t.path("id").asText()))
                        .append(" | ")
                        .append(Format.bytes(s.get("allocationPerIterationBytes")))
                        .append(" | ")
                        .append(cell(Units.singular(Units.of(t))))
                        .append(" | ")
                        .append(
                                s.has("allocationRateBytesPerSecond")
                                        ? Format.bytes(s.get("allocationRateBytesPerSecond")) + "/s"
                                        : "–")
                        .append(" |\n");
            }
            md.append('\n');
        }
    }

    /** Most transitions listed open per test; more are folded under a summary (a breaker that flapped 50 times). */
    static final int TRANSITIONS_SHOWN = 12;

    /**
     * Per test whose PMS circuit breakers changed state during the run: the failovers and each transition, in
     * time order, at its seconds since the test started.
     */
    private static void breakers(StringBuilder md, JsonNode tests) {
        boolean header = false;
        for (JsonNode t : tests) {
            List<Breakers.Transition> transitions = Breakers.transitions(t);
            if (transitions.isEmpty()) {
                continue;
            }
            if (!header) {
                md.append("### Circuit breakers\n\n");
                header = true;
            }
            JsonNode failovers = t.path("signals").path("platform").path("pmsFailovers");
            md.append("**")
                    .append(cell(t.path("id").asText()))
                    .append("**: ")
                    .append(transitions.size())
                    .append(transitions.size() == 1 ? " transition" : " transitions")
                    .append(failovers.isNumber() ? " · " + Format.count(failovers) + " PMS failovers" : "")
                    .append("\n\n");
            boolean fold = transitions.size() > TRANSITIONS_SHOWN;
            if (fold) {
                md.append("<details><summary>All ").append(transitions.size()).append(" transitions</summary>\n\n");
            }
            for (Breakers.Transition tr : transitions) {
                md.append("- ")
                        .append(Double.isNaN(tr.atSeconds()) ? cell(tr.at()) : Format.seconds(tr.atSeconds()))
                        .append(" · ")
                        .append(cell(tr.endpoint()))
                        .append(": ")
                        .append(cell(Breakers.state(tr.from())))
                        .append(" → ")
                        .append("open".equals(tr.to()) ? "**open**" : cell(Breakers.state(tr.to())))
                        .append('\n');
            }
            md.append(fold ? "\n</details>\n\n" : "\n");
        }
    }

    private static String secondsOrDash(JsonNode value) {
        return value.isNumber() ? Format.seconds(value.asDouble()) : "–";
    }

    private static String pct(JsonNode fraction) {
        return String.format(Locale.ROOT, "%.2f", fraction.asDouble() * 100);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
