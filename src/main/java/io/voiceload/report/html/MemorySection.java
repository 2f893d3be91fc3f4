package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * The memory block of a test (its per-test JSON's {@code memory} section, a JFR capture of one JVM): whose JVM it
 * measured, the leak verdict, the summary figures with their units, heap after GC, the leak fit, GC pauses and
 * allocation rate charts, GC by collector and by cause, the top allocation sites and the leak suspects, and a link
 * to the recording. Every field is optional: it shows what is there.
 */
final class MemorySection {
    /** Frames of a stack shown before it is folded. */
    static final int FIRST_FRAMES = 3;

    private MemorySection() {}

    static void write(Html h, JsonNode test) {
        JsonNode m = test.path("memory");
        if (!m.isObject()) {
            return;
        }
        h.raw("<div class=\"memory\">");
        h.el("h3", null, "Memory of the " + Memory.target(m));
        if (Memory.inProcess(m)) {
            h.el(
                    "p",
                    "warn",
                    "⚠ in-process: generator and platform share this heap, so every figure below mixes the load"
                            + " generator's allocations and GCs with the platform's.");
        }
        Html meta = new Html();
        kv(meta, "capture", m.path("capture"));
        if (m.has("collector") || m.has("explicitGc")) {
            meta.raw("<dt>collector</dt><dd>")
                    .text(m.path("collector").asText("–")
                            + (m.has("explicitGc")
                                    ? "; explicit GC " + m.path("explicitGc").asText()
                                    : ""))
                    .raw("</dd>");
        }
        if (m.path("jvmArguments").isArray() && !m.path("jvmArguments").isEmpty()) {
            List<String> args = new ArrayList<>();
            m.path("jvmArguments").forEach(a -> args.add(a.asText()));
            meta.raw("<dt>JVM arguments</dt><dd><code>")
                    .text(String.join(" ", args))
                    .raw("</code></dd>");
        }
        String jfr = Memory.jfrPath(test);
        if (jfr != null) {
            meta.raw("<dt>recording</dt><dd><a href=\"")
                    .text(jfr)
                    .raw("\">")
                    .text(m.path("jfr").asText())
                    .raw("</a> <span class=\"note\">open in JDK Mission Control</span></dd>");
        }
        if (meta.length() > 0) {
            h.raw("<dl class=\"kv\">").raw(meta.toString()).raw("</dl>");
        }
        leakVerdict(h, m.path("leak"));
        summary(h, m.path("summary"));

        MemoryCharts c = new MemoryCharts(m);
        String leak = c.leak();
        String[] svgs = {c.heapAfterGc(), leak, c.pauses(), c.allocation()};
        h.raw("<div class=\"charts\">");
        for (String svg : svgs) {
            if (!svg.isEmpty()) {
                h.raw("<div>").raw(svg).raw("</div>");
            }
        }
        h.raw("</div>");
        if (!leak.isEmpty()) {
            h.el("p", "note", MemoryCharts.LEAK_CAPTION);
        }
        fits(h, m.path("leak"));
        gcTables(h, m);
        allocationSites(h, m.path("allocationSites"));
        suspects(h, m.path("suspects"));
        h.raw("</div>");
    }

    private static void leakVerdict(Html h, JsonNode leak) {
        if (!leak.isObject()) {
            return;
        }
        String verdict = leak.path("verdict").asText("not judged");
        h.raw("<p>Leak verdict ").el("span", "badge " + badge(verdict), verdict);
        if (leak.path("reason").isTextual()) {
            h.raw(" ").text(leak.path("reason").asText());
        }
        if (leak.path("warmupCycles").isNumber()) {
            h.raw(" ").el("span", "note", "(" + leak.path("warmupCycles").asInt() + " warm-up cycles not judged)");
        }
        h.raw("</p>");
    }

    static String badge(String verdict) {
        return switch (verdict) {
            case "flat" -> "held";
            case "leak" -> "failed";
            default -> "empty";
        };
    }

    private static void summary(Html h, JsonNode s) {
        if (!s.isObject() || s.isEmpty()) {
            return;
        }
        Table t = new Table("figure", "#value", "figure", "#value");
        List<String[]> cells = new ArrayList<>();
        add(cells, "heap after GC, peak", Format.bytes(s.get("heapAfterGcPeakBytes")), s.has("heapAfterGcPeakBytes"));
        add(cells, "heap after GC, last", Format.bytes(s.get("heapAfterGcLastBytes")), s.has("heapAfterGcLastBytes"));
        add(cells, "heap committed, max", Format.bytes(s.get("heapCommittedMaxBytes")), s.has("heapCommittedMaxBytes"));
        if (s.has("gcCount")) {
            add(
                    cells,
                    "GCs",
                    Format.count(s.get("gcCount")) + " (" + Format.count(s.get("youngGcCount")) + " young, "
                            + Format.count(s.get("mixedGcCount")) + " mixed, " + Format.count(s.get("fullGcCount"))
                            + " full)",
                    true);
        }
        add(cells, "GC pauses, total", Format.ms(s.get("gcPauseTotalMs")), s.has("gcPauseTotalMs"));
        add(cells, "GC pause p99", Format.ms(s.get("gcPauseP99Ms")), s.has("gcPauseP99Ms"));
        add(
                cells,
                "GC pause p99 of the load's collections (the requested full GCs left out)",
                Format.ms(s.get("loadGcPauseP99Ms")),
                s.has("loadGcPauseP99Ms"));
        add(cells, "GC pause max", Format.ms(s.get("gcPauseMaxMs")), s.has("gcPauseMaxMs"));
        add(
                cells,
                "GC CPU share" + source(s, "gcCpuShareSource"),
                Format.pct(s.get("gcCpuShare")),
                s.has("gcCpuShare"));
        add(
                cells,
                "allocated" + source(s, "allocatedBytesSource"),
                Format.bytes(s.get("allocatedBytes")),
                s.has("allocatedBytes"));
        add(
                cells,
                "allocation rate",
                Format.bytes(s.get("allocationRateBytesPerSecond")) + "/s",
                s.has("allocationRateBytesPerSecond"));
        add(
                cells,
                "allocated per iteration",
                Format.bytes(s.get("allocationPerIterationBytes")),
                s.has("allocationPerIterationBytes"));
        add(cells, "metaspace used", Format.bytes(s.get("metaspaceUsedBytes")), s.has("metaspaceUsedBytes"));
        add(cells, "direct buffers", Format.bytes(s.get("directBufferBytes")), s.has("directBufferBytes"));
        add(cells, "mapped buffers", Format.bytes(s.get("mappedBufferBytes")), s.has("mappedBufferBytes"));
        add(cells, "live threads, max", Format.count(s.get("liveThreadsMax")), s.has("liveThreadsMax"));
        add(
                cells,
                "open file descriptors, max",
                Format.count(s.get("openFileDescriptorsMax")),
                s.has("openFileDescriptorsMax"));
        add(cells, "resident set, max", Format.bytes(s.get("rssMaxBytes")), s.has("rssMaxBytes"));
        // Two figures a row: the block stays short.
        for (int i = 0; i < cells.size(); i += 2) {
            String[] a = cells.get(i);
            String[] b = i + 1 < cells.size() ? cells.get(i + 1) : new String[] {"", ""};
            t.row(null, a[0], a[1], b[0], b[1]);
        }
        t.writeTo(h);
    }

    private static String source(JsonNode s, String field) {
        return s.path(field).isTextual() ? " (from " + s.path(field).asText() + ")" : "";
    }

    private static void add(List<String[]> cells, String name, String value, boolean present) {
        if (present) {
            cells.add(new String[] {name, value});
        }
    }

    private static void fits(Html h, JsonNode leak) {
        JsonNode fits = leak.path("fits");
        if (!fits.isArray() || fits.isEmpty()) {
            return;
        }
        Table t = new Table(
                "resource",
                "verdict",
                "#slope",
                "#95 % interval",
                "#limit",
                "#noise",
                "first → last judged cycle",
                "why");
        for (JsonNode f : fits) {
            String verdict = f.path("verdict").asText("");
            Html row = new Html().raw(verdict.equals("leak") ? "<tr class=\"breach\">" : "<tr>");
            row.el("td", null, f.path("resource").asText(""));
            row.raw("<td>").el("span", "badge " + badge(verdict), verdict).raw("</td>");
            row.el(
                    "td",
                    "num",
                    f.path("slope").isNumber() ? Memory.slope(f, f.path("slope").asDouble()) : "–");
            row.el(
                    "td",
                    "num",
                    f.path("lower").isNumber() && f.path("upper").isNumber()
                            ? value(f, f.path("lower").asDouble()) + " … "
                                    + value(f, f.path("upper").asDouble())
                            : "–");
            row.el(
                    "td",
                    "num",
                    f.path("limit").isNumber() ? value(f, f.path("limit").asDouble()) : "–");
            row.el(
                    "td",
                    "num",
                    f.path("noise").isNumber() ? value(f, f.path("noise").asDouble()) : "–");
            row.el(
                    "td",
                    null,
                    f.path("first").isNumber()
                            ? value(f, f.path("first").asDouble()) + " → "
                                    + value(f, f.path("last").asDouble())
                            : "");
            row.el("td", "note", f.path("message").asText(""));
            t.tr(row.raw("</tr>"));
        }
        h.el("h4", null, "Leak fits");
        t.writeTo(h);
        JsonNode cycles = leak.path("cycles");
        if (cycles.isArray() && !cycles.isEmpty()) {
            Table c = new Table(
                    "cycle",
                    "#iterations",
                    "#t",
                    "#heap after full GC",
                    "#metaspace",
                    "#direct buffers",
                    "#threads",
                    "#file descriptors",
                    "");
            for (JsonNode y : cycles) {
                boolean warm = y.path("warmup").asBoolean(false);
                c.row(
                        warm ? "empty" : null,
                        y.path("cycle").asText(""),
                        Format.count(y.get("iterations")),
                        y.path("t").isNumber() ? TestCharts.clock(y.path("t").asDouble()) : "–",
                        Format.bytes(y.get("heapAfterGcBytes")),
                        Format.bytes(y.get("metaspaceBytes")),
                        Format.bytes(y.get("directBufferBytes")),
                        Format.count(y.get("liveThreads")),
                        Format.count(y.get("openFileDescriptors")),
                        warm ? "warm-up" : "");
            }
            h.raw("<details><summary>Cycles (" + cycles.size() + ")</summary>");
            c.writeTo(h);
            h.raw("</details>");
        }
    }

    /** A value in a fit's unit, without the axis. */
    private static String value(JsonNode fit, double v) {
        return fit.path("unit").asText("").equals("bytes")
                ? (v < 0 ? "−" + Format.bytes(-v) : Format.bytes(v))
                : (v < 0 ? "−" + Format.num(-v, 3) : Format.num(v, 3));
    }

    private static void gcTables(Html h, JsonNode m) {
        JsonNode collectors = m.path("gcByCollector");
        if (collectors.isArray() && !collectors.isEmpty()) {
            h.el("h4", null, "GC by collector");
            Table t = new Table("collector", "#count", "#total pause", "#p99", "#max");
            for (JsonNode c : collectors) {
                t.row(
                        null,
                        c.path("name").asText(""),
                        Format.count(c.get("count")),
                        Format.ms(c.get("totalMs")),
                        Format.ms(c.get("p99Ms")),
                        Format.ms(c.get("maxMs")));
            }
            t.writeTo(h);
        }
        JsonNode causes = m.path("gcByCause");
        if (causes.isArray() && !causes.isEmpty()) {
            h.el("h4", null, "GC by cause");
            Table t = new Table("cause", "#count", "#total pause");
            for (JsonNode c : causes) {
                t.row(null, c.path("cause").asText(""), Format.count(c.get("count")), Format.ms(c.get("totalMs")));
            }
            t.writeTo(h);
        }
    }

    private static void allocationSites(Html h, JsonNode sites) {
        if (!sites.isArray() || sites.isEmpty()) {
            return;
        }
        h.el("h4", null, "Top allocation sites");
        Table t = new Table("class", "#allocated", "#share", "where");
        for (JsonNode s : sites) {
            Html row = new Html().raw("<tr>");
            row.el("td", null, s.path("class").asText(""));
            row.el("td", "num", Format.bytes(s.get("bytes")));
            row.el("td", "num", Format.pct(s.get("share")));
            stack(row, s.path("stack"));
            t.tr(row.raw("</tr>"));
        }
        t.writeTo(h);
    }

    private static void suspects(Html h, JsonNode suspects) {
        if (!suspects.isArray() || suspects.isEmpty()) {
            return;
        }
        h.el("h4", null, "Leak suspects (old objects still alive)");
        Table t = new Table("class", "#samples", "#oldest", "allocated at");
        for (JsonNode s : suspects) {
            Html row = new Html().raw("<tr>");
            row.el("td", null, s.path("class").asText(""));
            row.el("td", "num", Format.count(s.get("samples")));
            row.el(
                    "td",
                    "num",
                    s.path("oldestAgeSeconds").isNumber()
                            ? Format.seconds(s.path("oldestAgeSeconds").asDouble())
                            : "–");
            stack(row, s.path("stack"));
            t.tr(row.raw("</tr>"));
        }
        t.writeTo(h);
    }

    /** The first frames of a stack in a cell, the whole stack folded in {@code <details>} when longer. */
    private static void stack(Html row, JsonNode stack) {
        List<String> frames = new ArrayList<>();
        stack.forEach(f -> frames.add(f.asText()));
        row.raw("<td><code>")
                .text(String.join("\n", frames.subList(0, Math.min(FIRST_FRAMES, frames.size())))
                        .replace("\n", " ← "))
                .raw("</code>");
        if (frames.size() > FIRST_FRAMES) {
            row.raw("<details><summary>whole stack (" + frames.size() + " frames)</summary><pre>")
                    .text(String.join("\n", frames))
                    .raw("</pre></details>");
        }
        row.raw("</td>");
    }

    private static void kv(Html meta, String name, JsonNode value) {
        if (value.isTextual()) {
            meta.raw("<dt>").text(name).raw("</dt><dd>").text(value.asText()).raw("</dd>");
        }
    }
}
