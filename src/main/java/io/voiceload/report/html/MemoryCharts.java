package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.html.SvgChart.Series;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.Memory;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of a test's {@code memory} section (JFR capture of one JVM, times in seconds since the capture
 * started), each as an SVG string, empty when the section lacks its data: heap after GC per collection, the leak
 * fit over the cycles, GC pauses, allocation rate. Sizes in MiB on the axes.
 */
final class MemoryCharts {
    static final String YOUNG = TestCharts.BLUE;
    static final String MIXED = TestCharts.ORANGE;
    static final String FULL = TestCharts.RED;
    static final String FAINT = "#b8c7d9";
    /** The slope limit: apart from the fit's red (leak) and green (flat). */
    static final String LIMIT = "#b07aa1";

    /** The caption of the leak chart: what its lines are. */
    static final String LEAK_CAPTION = "Points: heap after the full GC that closes each cycle (grey: warm-up, not"
            + " judged). Solid line: the fit intercept + slope·x over the judged cycles. Dashed: the 95 % bounds of"
            + " the slope (lower, upper), drawn through the fitted line at the judged cycles' mean x; they show how"
            + " steep the floor may truly rise, not where single points may fall. Purple dashed: the slope limit through"
            + " the same point; the verdict is leak when even the lower bound is steeper than the limit.";

    private final JsonNode memory;

    MemoryCharts(JsonNode memory) {
        this.memory = memory;
    }

    /** Heap after each GC as a marker coloured by kind (young, mixed, full), heap used per second as a faint line. */
    String heapAfterGc() {
        JsonNode gcs = memory.path("gcs");
        JsonNode series = memory.path("series");
        SvgChart c = timeChart("Heap after GC").y("heap (MiB)", v -> Format.num(v, 4));
        if (has(series, "heapUsedBytes")) {
            c.add(Series.line("heap used", FAINT, column(series, "t", 1), column(series, "heapUsedBytes", MIB)));
        }
        for (String kind : List.of("young", "mixed", "full")) {
            List<double[]> points = new ArrayList<>();
            for (JsonNode g : gcs) {
                if (kind.equals(g.path("kind").asText())
                        && g.path("heapAfterBytes").isNumber()) {
                    points.add(new double[] {
                        g.path("t").asDouble(),
                        Format.mib(g.path("heapAfterBytes").asDouble())
                    });
                }
            }
            if (!points.isEmpty()) {
                c.add(Series.line("after " + kind + " GC", kindColour(kind), xs(points), ys(points))
                        .as(SvgChart.Kind.MARKERS));
            }
        }
        return c.isEmpty() || !has(gcs, "heapAfterBytes") ? "" : c.svg();
    }

    /**
     * Heap after full GC per cycle against the fit's x (thousands of iterations, or minutes), warm-up cycles grey,
     * the fitted line, the 95 % bounds of its slope and the slope limit (see {@link #LEAK_CAPTION}); empty without
     * a heap fit or cycles.
     */
    String leak() {
        JsonNode leak = memory.path("leak");
        JsonNode fit = heapFit(leak);
        JsonNode cycles = leak.path("cycles");
        if (fit == null || !cycles.isArray() || cycles.isEmpty()) {
            return "";
        }
        boolean perMinute = fit.path("axis").asText("").contains("minute");
        List<double[]> warm = new ArrayList<>();
        List<double[]> judged = new ArrayList<>();
        for (JsonNode cycle : cycles) {
            if (!cycle.path("heapAfterGcBytes").isNumber()) {
                continue;
            }
            double x = perMinute
                    ? cycle.path("t").asDouble() / 60
                    : cycle.path("iterations").asDouble() / 1000;
            double[] p = {x, Format.mib(cycle.path("heapAfterGcBytes").asDouble())};
            (cycle.path("warmup").asBoolean(false) ? warm : judged).add(p);
        }
        if (warm.isEmpty() && judged.isEmpty()) {
            return "";
        }
        String verdict = leak.path("verdict").asText(fit.path("verdict").asText(""));
        SvgChart c = new SvgChart("Heap after full GC per cycle" + (verdict.isEmpty() ? "" : ": " + verdict))
                .x(perMinute ? "minutes since the capture started" : "thousands of iterations", v -> Format.num(v, 3))
                .y("heap after full GC (MiB)", v -> Format.num(v, 4));
        if (!judged.isEmpty()
                && fit.path("slope").isNumber()
                && fit.path("intercept").isNumber()) {
            double[] x = xs(judged);
            double x0 = min(x);
            double x1 = max(x);
            double mean = 0;
            for (double v : x) {
                mean += v;
            }
            mean /= x.length;
            double slope = fit.path("slope").asDouble();
            double intercept = fit.path("intercept").asDouble();
            double pivot = intercept + slope * mean;
            c.add(line("fit " + Memory.slope(fit, slope), verdictColour(verdict), x0, x1, mean, pivot, slope));
            if (fit.path("lower").isNumber() && fit.path("upper").isNumber()) {
                c.add(line(
                                "95 % lower",
                                TestCharts.GREY,
                                x0,
                                x1,
                                mean,
                                pivot,
                                fit.path("lower").asDouble())
                        .dashedLine());
                c.add(line(
                                "95 % upper",
                                TestCharts.GREY,
                                x0,
                                x1,
                                mean,
                                pivot,
                                fit.path("upper").asDouble())
                        .dashedLine());
            }
            if (fit.path("limit").isNumber()) {
                c.add(line(
                                "limit " + Memory.slope(fit, fit.path("limit").asDouble()),
                                LIMIT,
                                x0,
                                x1,
                                mean,
                                pivot,
                                fit.path("limit").asDouble())
                        .dashedLine());
            }
        }
        // the points last: on top of the lines
        if (!warm.isEmpty()) {
            c.add(Series.line("warm-up cycle", TestCharts.GREY, xs(warm), ys(warm))
                    .as(SvgChart.Kind.MARKERS));
        }
        if (!judged.isEmpty()) {
            c.add(Series.line("judged cycle", TestCharts.BLUE, xs(judged), ys(judged))
                    .as(SvgChart.Kind.MARKERS));
        }
        return c.svg();
    }

    /** Each GC pause as a marker (coloured by kind) at its time, the p99 of all pauses as a dashed line. */
    String pauses() {
        JsonNode gcs = memory.path("gcs");
        if (!has(gcs, "pauseMs")) {
            return "";
        }
        SvgChart c = timeChart("GC pauses").y("pause", Format::ms);
        double first = Double.POSITIVE_INFINITY;
        double last = Double.NEGATIVE_INFINITY;
        for (String kind : List.of("young", "mixed", "full", "other")) {
            List<double[]> points = new ArrayList<>();
            for (JsonNode g : gcs) {
                String k = g.path("kind").asText("other");
                boolean mine = kind.equals("other")
                        ? !List.of("young", "mixed", "full").contains(k)
                        : kind.equals(k);
                if (mine && g.path("pauseMs").isNumber()) {
                    double t = g.path("t").asDouble();
                    first = Math.min(first, t);
                    last = Math.max(last, t);
                    points.add(new double[] {t, g.path("pauseMs").asDouble()});
                }
            }
            if (!points.isEmpty()) {
                c.add(Series.line(kind + " GC", kindColour(kind), xs(points), ys(points))
                        .as(SvgChart.Kind.MARKERS));
            }
        }
        // The load's own collections, when the summary has them: the requested full GCs are the recording's doing.
        JsonNode loadP99 = memory.path("summary").path("loadGcPauseP99Ms");
        JsonNode p99 = loadP99.isNumber() ? loadP99 : memory.path("summary").path("gcPauseP99Ms");
        if (p99.isNumber() && last >= first) {
            c.add(Series.line(
                            (loadP99.isNumber() ? "p99 of the load's collections " : "p99 ")
                                    + Format.ms(p99.asDouble()),
                            TestCharts.RED,
                            new double[] {first, last},
                            new double[] {p99.asDouble(), p99.asDouble()})
                    .dashedLine());
        }
        return c.svg();
    }

    /** Allocation rate per second, MiB/s. */
    String allocation() {
        JsonNode series = memory.path("series");
        if (!has(series, "allocationBytesPerSecond")) {
            return "";
        }
        return timeChart("Allocation rate")
                .y("allocated (MiB/s)", v -> Format.num(v, 4))
                .add(Series.line(
                        "allocation rate",
                        TestCharts.GREEN,
                        column(series, "t", 1),
                        column(series, "allocationBytesPerSecond", MIB)))
                .svg();
    }

    /** The heap fit of a leak verdict: per 1,000 iterations when there is one, else the first heap fit. */
    static JsonNode heapFit(JsonNode leak) {
        JsonNode found = null;
        for (JsonNode fit : leak.path("fits")) {
            if ("heap".equals(fit.path("resource").asText())) {
                if (fit.path("axis").asText("").contains("iteration")) {
                    return fit;
                }
                if (found == null) {
                    found = fit;
                }
            }
        }
        return found;
    }

    private static final double MIB = 1024.0 * 1024.0;

    private SvgChart timeChart(String title) {
        SvgChart c = new SvgChart(title).x("time since the capture started", TestCharts::clock);
        double end = max(column(memory.path("series"), "t", 1));
        for (JsonNode g : memory.path("gcs")) {
            end = Math.max(end, g.path("t").asDouble(0));
        }
        for (JsonNode mark : memory.path("marks")) {
            if (mark.path("t").isNumber()) {
                double t = mark.path("t").asDouble();
                // a band of 0.3 % of the axis: a thin line with its name at the top
                c.band(t, t + Math.max(0.05, end * 0.003), mark.path("name").asText(""));
            }
        }
        return c;
    }

    /** The line through {@code (mean, pivot)} with {@code slope}, from x0 to x1, in MiB. */
    private static Series line(
            String name, String colour, double x0, double x1, double mean, double pivot, double slope) {
        return Series.line(name, colour, new double[] {x0, x1}, new double[] {
            Format.mib(pivot + slope * (x0 - mean)), Format.mib(pivot + slope * (x1 - mean))
        });
    }

    private static String verdictColour(String verdict) {
        return switch (verdict) {
            case "leak" -> TestCharts.RED;
            case "flat" -> TestCharts.GREEN;
            default -> TestCharts.BLUE;
        };
    }

    static String kindColour(String kind) {
        return switch (kind) {
            case "young" -> YOUNG;
            case "mixed" -> MIXED;
            case "full" -> FULL;
            default -> TestCharts.GREY;
        };
    }

    static boolean has(JsonNode array, String field) {
        for (JsonNode p : array) {
            if (p.path(field).isNumber()) {
                return true;
            }
        }
        return false;
    }

    /** {@code field} of each point divided by {@code divisor}; NaN where it is missing. */
    private static double[] column(JsonNode array, String field, double divisor) {
        if (!array.isArray()) {
            return new double[0];
        }
        double[] out = new double[array.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = array.get(i).path(field);
            out[i] = v.isNumber() ? v.asDouble() / divisor : Double.NaN;
        }
        return out;
    }

    private static double[] xs(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[0]).toArray();
    }

    private static double[] ys(List<double[]> points) {
        return points.stream().mapToDouble(p -> p[1]).toArray();
    }

    private static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double d : v) {
            m = Math.min(m, d);
        }
        return m;
    }

    private static double max(double[] v) {
        double m = 0;
        for (double d : v) {
            if (!Double.isNaN(d)) {
                m = Math.max(m, d);
            }
        }
        return m;
    }
}
