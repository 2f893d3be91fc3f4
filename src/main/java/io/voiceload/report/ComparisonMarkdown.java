package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Text forms of a comparison: the Markdown of a comparison document ({@code comparison.md}, for pull-request
 * comments) and the plain diff table a regressed test fails with.
 */
public final class ComparisonMarkdown {
    private static final String[] HEADERS = {"request", "metric", "baseline", "actual", "change", "limit", ""};

    private ComparisonMarkdown() {}

    /** The Markdown of a {@link Comparison} document: verdict, environment differences, one table. */
    public static String render(JsonNode doc) {
        StringBuilder sb = new StringBuilder();
        String base = doc.at("/baseline/runId").asText();
        String cur = doc.at("/current/runId").asText();
        sb.append("## voiceload comparison: ")
                .append(base)
                .append(" → ")
                .append(cur)
                .append("\n\n");
        sb.append("**Verdict: ")
                .append(doc.path("verdict").asText().toUpperCase(Locale.ROOT))
                .append("** (margin ")
                .append(BaselineSettings.formatMargin(doc.path("margin").asDouble()))
                .append(doc.path("forced").asBoolean() ? ", forced despite environment differences" : "")
                .append(")\n\n");
        sb.append("- baseline: `")
                .append(doc.at("/baseline/path").asText())
                .append("` (run ")
                .append(base)
                .append(")\n");
        sb.append("- current: `")
                .append(doc.at("/current/path").asText())
                .append("` (run ")
                .append(cur)
                .append(")\n\n");
        JsonNode diffs = doc.path("environmentDifferences");
        if (!diffs.isEmpty()) {
            sb.append("### Environment differences\n\n");
            diffs.forEach(d -> sb.append("- ").append(d.asText()).append('\n'));
            sb.append('\n');
        }
        sb.append("| test | verdict | request | metric | baseline | actual | change | limit |\n");
        sb.append("|---|---|---|---|---:|---:|---:|---:|\n");
        for (JsonNode t : doc.path("tests")) {
            String verdict =
                    mark(t.path("verdict").asText()) + " " + t.path("verdict").asText();
            if (t.path("rows").isEmpty()) {
                sb.append("| ")
                        .append(t.path("id").asText())
                        .append(" | ")
                        .append(verdict)
                        .append(" | ")
                        .append(cell(t.path("reason").asText("")))
                        .append(" | | | | | |\n");
                continue;
            }
            boolean first = true;
            for (JsonNode r : t.path("rows")) {
                String metric = r.path("metric").asText();
                sb.append("| ")
                        .append(first ? t.path("id").asText() : "")
                        .append(" | ")
                        .append(first ? verdict : "")
                        .append(" | ")
                        .append(cell(r.path("request").asText()))
                        .append(" | ")
                        .append(metric)
                        .append(" | ")
                        .append(value(metric, r.path("baseline").asDouble()))
                        .append(" | ")
                        .append(r.path("regressed").asBoolean() ? "**" : "")
                        .append(value(metric, r.path("actual").asDouble()))
                        .append(r.path("regressed").asBoolean() ? "** ✗" : "")
                        .append(
                                r.path("note").asText("").isEmpty()
                                        ? ""
                                        : " (" + r.path("note").asText() + ")")
                        .append(" | ")
                        .append(change(r.path("changePct")))
                        .append(" | ")
                        .append(value(metric, r.path("limit").asDouble()))
                        .append(" |\n");
                first = false;
            }
        }
        return sb.toString();
    }

    /**
     * A fixed-width table of rows (request, metric, baseline, actual, change, limit), regressed rows marked
     * {@code ✗}, for console output and failure messages.
     */
    public static String table(List<BaselineRow> rows) {
        List<String[]> lines = new ArrayList<>();
        lines.add(HEADERS);
        for (BaselineRow r : rows) {
            lines.add(new String[] {
                r.request(),
                r.metric(),
                value(r.metric(), r.baseline()),
                value(r.metric(), r.actual()),
                change(r.changePct()),
                value(r.metric(), r.limit()),
                r.regressed() ? "✗ regressed" : r.note().isEmpty() ? "✓" : "– " + r.note()
            });
        }
        int[] width = new int[HEADERS.length];
        for (String[] l : lines) {
            for (int i = 0; i < l.length; i++) {
                width[i] = Math.max(width[i], l[i].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String[] l : lines) {
            StringBuilder line = new StringBuilder("  ");
            for (int i = 0; i < l.length; i++) {
                String cell = l[i];
                boolean right = i >= 2 && i <= 5;
                String pad = " ".repeat(width[i] - cell.length());
                line.append(right ? pad + cell : cell + pad).append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    /** One line naming each regressed figure, e.g. {@code iteration p95 12.30 ms → 20.00 ms (+62.6 %)}. */
    public static String regressions(List<BaselineRow> rows) {
        List<String> parts = new ArrayList<>();
        for (BaselineRow r : rows) {
            if (r.regressed()) {
                parts.add(r.request() + " " + r.metric() + " " + value(r.metric(), r.baseline()) + " → "
                        + value(r.metric(), r.actual()) + " (" + change(r.changePct()) + ", limit "
                        + value(r.metric(), r.limit()) + ")");
            }
        }
        return String.join("; ", parts);
    }

    /** A figure with its unit: ms, %, /s or users. */
    public static String value(String metric, double v) {
        return switch (metric) {
            case "errorRate" -> String.format(Locale.ROOT, "%.2f %%", v * 100);
            case "rps" -> String.format(Locale.ROOT, "%.1f/s", v);
            case "highestHeld" -> String.format(Locale.ROOT, "%.0f", v);
            default -> String.format(Locale.ROOT, "%.2f ms", v);
        };
    }

    private static String change(Double pct) {
        return pct == null ? "new" : String.format(Locale.ROOT, "%+.1f %%", pct);
    }

    /** A change in percent, or {@code new} when the baseline was 0 and the figure is not. */
    static String change(JsonNode pct) {
        return pct.isNumber() ? change(pct.asDouble()) : "new";
    }

    private static String mark(String verdict) {
        return switch (verdict) {
            case "passed" -> "✅";
            case "regressed", "refused" -> "❌";
            default -> "➖";
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
