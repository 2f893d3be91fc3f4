package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * {@code report.md}: a run report short enough for a pull-request comment (GitHub markdown): verdict line, summary,
 * categories, tests, each test's SLO table, failures, recommendations, baseline differences and one environment line.
 * No time series.
 */
public final class MarkdownReport {
    /** Lines of a failure reason shown. */
    static final int REASON_LINES = 6;

    private MarkdownReport() {}

    /** The markdown of a report.json document. */
    public static String render(JsonNode report) {
        StringBuilder md = new StringBuilder();
        JsonNode o = report.path("overall");
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
        md.append(String.format(
                Locale.ROOT,
                "%d tests: %d passed, %d failed, %d aborted, %d interrupted · %s s%n%n",
                o.path("tests").asLong(),
                o.path("passed").asLong(),
                o.path("failed").asLong(),
                o.path("aborted").asLong(),
                o.path("interrupted").asLong(),
                num(report.path("durationSeconds").asDouble())));
        md.append("| Requests | Failures | Error % | RPS | p50 ms | p95 ms | p99 ms | max ms |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        md.append(String.format(
                Locale.ROOT,
                "| %d | %d | %s | %s | %s | %s | %s | %s |%n%n",
                o.path("requests").asLong(),
                o.path("failures").asLong(),
                pct(o.path("errorRate")),
                num(o.path("rps").asDouble()),
                ms(o.path("p50Ms")),
                ms(o.path("p95Ms")),
                ms(o.path("p99Ms")),
                ms(o.path("maxMs"))));

        if (report.path("categories").size() > 0) {
            md.append("### Categories\n\n| Category | Verdict | Tests | Passed | Failed | Requests | Error % | p95 ms |"
                    + " Headline |\n|---|---|---:|---:|---:|---:|---:|---:|---|\n");
            for (JsonNode c : report.path("categories")) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s %s | %d | %d | %d | %d | %s | %s | %s |%n",
                        cell(c.path("name").asText()),
                        icon(c.path("verdict").asText()),
                        c.path("verdict").asText(),
                        c.path("tests").asLong(),
                        c.path("passed").asLong(),
                        c.path("failed").asLong(),
                        c.path("requests").asLong(),
                        pct(c.path("errorRate")),
                        ms(c.path("p95Ms")),
                        cell(c.path("headline").asText(""))));
            }
            md.append('\n');
        }

        if (report.path("tests").size() > 0) {
            md.append("### Tests\n\n| Test | Verdict | Requests | Error % | RPS | p50 ms | p95 ms | p99 ms |\n"
                    + "|---|---|---:|---:|---:|---:|---:|---:|\n");
            for (JsonNode t : report.path("tests")) {
                JsonNode it = t.path("iterations");
                JsonNode lat = it.path("latencyMs");
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s %s | %s | %s | %s | %s | %s | %s |%n",
                        cell(t.path("id").asText()),
                        icon(t.path("verdict").asText()),
                        t.path("verdict").asText(),
                        it.has("count") ? String.valueOf(it.path("count").asLong()) : "–",
                        it.has("errorRate") ? pct(it.path("errorRate")) : "–",
                        it.has("rps") ? num(it.path("rps").asDouble()) : "–",
                        ms(lat.path("p50")),
                        ms(lat.path("p95")),
                        ms(lat.path("p99"))));
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
                                    ? " over the whole search (its verdict is the highest step that held)"
                                    : "")
                    .append(
                            "</summary>\n\n| | Metric | Request | Required | Actual | Samples |\n|---|---|---|---|---:|---:|\n");
            for (JsonNode s : t.path("slos")) {
                md.append(String.format(
                        Locale.ROOT,
                        "| %s | %s | %s | %s | %s | %d |%n",
                        s.path("passed").asBoolean() ? "✅" : "❌",
                        cell(s.path("metric").asText()),
                        cell(
                                s.path("request").isNull()
                                        ? "iterations"
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
                "<sub>Java %s · %s cores · profile %s · seed %s · commit %s</sub>%n",
                env.path("java").path("version").asText(env.path("javaVersion").asText("?")),
                env.path("host").path("cores").asText(env.path("cores").asText("?")),
                env.path("profile").asText("?"),
                env.path("seed").asText("?"),
                env.path("gitCommit").isTextual()
                        ? env.path("gitCommit")
                                .asText()
                                .substring(
                                        0,
                                        Math.min(
                                                10,
                                                env.path("gitCommit").asText().length()))
                        : "?"));
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

    private static String pct(JsonNode fraction) {
        return String.format(Locale.ROOT, "%.2f", fraction.asDouble() * 100);
    }

    private static String ms(JsonNode v) {
        return v.isNumber() ? num(v.asDouble()) : "–";
    }

    private static String num(double v) {
        if (Math.abs(v) >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String cell(String s) {
        return s.replace("|", "\\|").replace("\n", " ");
    }

    private static String escapeHtml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
