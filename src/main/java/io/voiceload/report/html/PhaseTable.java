package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.model.Format;
import java.util.Map;

/**
 * The phases of a test with faults (its per-test JSON's {@code phases}: before, during each fault, after each heal)
 * as a table, one row per phase and request, and its recovery figures ({@code recovery}).
 */
final class PhaseTable {
    private PhaseTable() {}

    static void write(Html h, JsonNode test, String unit) {
        JsonNode phases = test.path("phases");
        if (phases.isArray() && !phases.isEmpty()) {
            h.el("h3", null, "Phases");
            Table t = new Table(
                    "phase", "from → to", "of", "#count", "#failed", "#error rate", "#p50", "#p95", "#p99", "#max");
            for (JsonNode p : phases) {
                String name = p.path("name").asText();
                String span = Format.seconds(p.path("fromSeconds").asDouble()) + " → "
                        + Format.seconds(p.path("toSeconds").asDouble());
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : p.path("requests").properties()) {
                    JsonNode s = e.getValue();
                    t.row(
                            first ? "total" : null,
                            first ? name : "",
                            first ? span : "",
                            "iterations".equals(e.getKey()) ? unit : e.getKey(),
                            Format.count(s.path("count")),
                            Format.count(s.path("errors")),
                            Format.pct(s.path("errorRate")),
                            Format.ms(s.get("p50Ms")),
                            Format.ms(s.get("p95Ms")),
                            Format.ms(s.get("p99Ms")),
                            Format.ms(s.get("maxMs")));
                    first = false;
                }
            }
            t.writeTo(h);
        }
        JsonNode recovery = test.path("recovery");
        if (recovery.isArray() && !recovery.isEmpty()) {
            h.el("h3", null, "Recovery");
            Table t = new Table("", "fault", "#detection", "#time to recover", "#budget");
            for (JsonNode r : recovery) {
                boolean ok = r.path("recovered").asBoolean();
                t.row(
                        ok ? null : "breach",
                        ok ? "✅" : "❌",
                        r.path("fault").asText()
                                + (ok ? "" : ": " + r.path("problem").asText("")),
                        seconds(r.path("detectionSeconds")),
                        seconds(r.path("timeToRecoverSeconds")),
                        seconds(r.path("withinSeconds")));
            }
            t.writeTo(h);
        }
    }

    private static String seconds(JsonNode value) {
        return value == null || !value.isNumber() ? "–" : Format.seconds(value.asDouble());
    }
}
