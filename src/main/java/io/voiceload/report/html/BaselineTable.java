package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.model.Format;

/** The before/after rows of a baseline comparison: baseline, actual, change, limit; regressions red. */
final class BaselineTable {
    private BaselineTable() {}

    /** The {@code baseline} section of a test, when the run was compared with one. */
    static void writeForTest(Html h, JsonNode baseline) {
        if (!baseline.isObject()) {
            return;
        }
        String verdict = baseline.path("verdict").asText("unknown");
        h.raw("<h3>Compared with the baseline ")
                .el("span", "badge " + verdict, verdict)
                .raw("</h3>");
        StringBuilder line =
                new StringBuilder("run ").append(baseline.path("runId").asText("?"));
        if (baseline.has("source")) {
            line.append(" (").append(baseline.path("source").asText()).append(')');
        }
        if (baseline.has("margin")) {
            line.append("; margin ").append(Format.pct(baseline.path("margin")));
        }
        h.el("p", "note", line.toString());
        if (!baseline.path("reason").asText("").isEmpty()) {
            h.el("pre", null, baseline.path("reason").asText());
        }
        write(h, baseline.path("rows"));
    }

    /** The rows of one test; nothing when there are none. */
    static void write(Html h, JsonNode rows) {
        if (!rows.isArray() || rows.isEmpty()) {
            return;
        }
        Table t = new Table("status", "of", "metric", "#baseline", "#actual", "#change", "#limit");
        for (JsonNode r : rows) {
            boolean regressed = r.path("regressed").asBoolean();
            String metric = r.path("metric").asText();
            Html row = new Html().raw(regressed ? "<tr class=\"breach\">" : "<tr>");
            String note = r.path("note").asText("");
            row.el("td", "status", regressed ? "✗ regressed" : note.isEmpty() ? "✓ within" : "– " + note);
            row.el("td", null, r.path("request").asText(""));
            row.el("td", null, metric);
            row.el("td", "num", value(metric, r.path("baseline")));
            row.el("td", "num", value(metric, r.path("actual")));
            row.el("td", "num", Format.change(r.path("changePct")));
            row.el("td", "num", value(metric, r.path("limit")));
            t.tr(row.raw("</tr>"));
        }
        t.writeTo(h);
    }

    private static String value(String metric, JsonNode v) {
        return switch (metric) {
            case "errorRate" -> Format.pct(v);
            case "rps" -> Format.rate(v);
            case "highestHeld" -> Format.count(v);
            default -> Format.ms(v);
        };
    }
}
