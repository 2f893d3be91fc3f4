package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.voiceload.report.html.SvgChart.Series;
import io.voiceload.report.html.SvgChart.Tick;
import io.voiceload.report.model.Breakers;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.SeriesDownsampler;
import io.voiceload.report.model.Units;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The charts of one test of the run report, each as an SVG string, empty when the test has no data
 * for it: throughput and users, latency percentiles, p95 per request, errors over time, the latency
 * distribution (HdrHistogram percentile plot), capacity steps, heap and GC of the JVM they measured. Counts are
 * named by the test's unit ("calls per second").
 */
final class TestCharts {
    static final String BLUE = "#4e79a7";
    static final String ORANGE = "#f28e2b";
    static final String RED = "#e15759";
    static final String GREEN = "#59a14f";
    static final String GREY = "#8c8c8c";

    /** The JVM of the heap and GC charts when the target is a deployment elsewhere. */
    static final String GENERATOR = "load generator";

    /** ... when the reference platform runs embedded in the test JVM, beside the generator. */
    static final String GENERATOR_AND_PLATFORM = "test JVM (load generator and embedded platform)";

    /** ... when nothing says whether a platform shared the JVM. */
    static final String TEST_JVM = "test JVM (load generator)";

    /** A latency limit this many times above every plotted value is named, not drawn. */
    static final int LIMIT_SCALE = 4;

    private final JsonNode test;
    /** What one iteration is, plural: "calls", "iterations". */
    private final String unit;
    /** Each request keeps its colour across the charts of its test. */
    private final Map<String, Integer> requestIndex = new HashMap<>();

    TestCharts(JsonNode test) {
        this.test = test;
        this.unit = Units.of(test);
        for (String name : test.path("requests").properties().stream()
                .map(Map.Entry::getKey)
                .toList()) {
            requestIndex.put(name, requestIndex.size());
        }
    }

    /**
     * Whose heap, GC and CPU the {@code jvm} series measured: the test JVM runs the load generator and, when the
     * target is {@code embedded} and the platform served the test (it reported signals, or the test JVM started
     * the infrastructure it needs), the embedded platform too; with a deployment as target, the generator only.
     */
    static String whoseJvm(JsonNode test) {
        JsonNode env = test.path("environment");
        String target = env.path("target").asText("");
        if (target.isEmpty()) {
            return TEST_JVM;
        }
        if (!target.equals("embedded")) {
            return GENERATOR;
        }
        boolean platform = test.path("signals").has("platform")
                || env.path("infrastructure").isObject();
        return platform ? GENERATOR_AND_PLATFORM : TEST_JVM;
    }

    String throughput() {
        JsonNode ts = series(test.path("iterations").path("timeSeries"));
        SvgChart c = timeChart("Throughput and active users", ts)
                .y(unit + " per second", v -> Format.num(v, 3))
                .right("active users", v -> Format.num(v, 3));
        c.add(Series.line(unit + "/s over the last second", BLUE, column(ts, "t"), movingRate(ts)));
        if (has(ts, "users")) {
            c.add(Series.line("active users", GREY, column(ts, "t"), column(ts, "users"))
                    .dashedLine()
                    .onRight());
        }
        return c.svg();
    }

    /**
     * p50/p95/p99 of iterations per interval, with the iteration SLO limits of those percentiles dashed. A limit
     * more than {@value #LIMIT_SCALE} times above every value is named in the title instead: drawn, it would squash
     * 5 ms iterations under a 2 s line.
     */
    String latency() {
        JsonNode ts = series(test.path("iterations").path("timeSeries"));
        double[] t = column(ts, "t");
        double[] p50 = noZero(ts, "p50");
        double[] p95 = noZero(ts, "p95");
        double[] p99 = noZero(ts, "p99");
        double top = Math.max(peak(p50), Math.max(peak(p95), peak(p99)));
        List<Series> limits = new ArrayList<>();
        List<String> offScale = new ArrayList<>();
        for (JsonNode slo : test.path("slos")) {
            String metric = slo.path("metric").asText();
            if (t.length == 0
                    || slo.path("request").isTextual()
                    || !slo.path("threshold").isNumber()) {
                continue;
            }
            String colour =
                    switch (metric) {
                        case "p50" -> BLUE;
                        case "p95" -> ORANGE;
                        case "p99" -> RED;
                        default -> null;
                    };
            if (colour == null) {
                continue;
            }
            double limit = slo.path("threshold").asDouble();
            String name = metric + " " + slo.path("required").asText();
            if (top > 0 && limit > LIMIT_SCALE * top) {
                offScale.add(name);
                continue;
            }
            limits.add(Series.line(
                            metric + " limit " + slo.path("required").asText(),
                            colour,
                            new double[] {t[0], t[t.length - 1]},
                            new double[] {limit, limit})
                    .dashedLine());
        }
        String title = Units.title(unit) + " latency over time"
                + (offScale.isEmpty() ? "" : "; limits far above: " + String.join(", ", offScale));
        SvgChart c = timeChart(title, ts)
                .y("latency", Format::ms)
                .add(Series.line("p50", BLUE, t, p50))
                .add(Series.line("p95", ORANGE, t, p95))
                .add(Series.line("p99", RED, t, p99));
        limits.forEach(c::add);
        return c.svg();
    }

    String requestLatency() {
        JsonNode requests = test.path("requests");
        if (requests.size() == 0) {
            return "";
        }
        SvgChart c = timeChart("p95 latency per request over time", null).y("p95 latency", Format::ms);
        for (Map.Entry<String, JsonNode> e : requests.properties()) {
            JsonNode ts = series(e.getValue().path("timeSeries"));
            c.add(request(e.getKey(), column(ts, "t"), noZero(ts, "p95")));
        }
        return c.svg();
    }

    /**
     * Failed iterations per second as bars, failed requests per second as markers; empty when nothing failed. Per
     * second, not per point: a short test's points are 100 ms apart, a long one's 1 s.
     */
    String errors() {
        JsonNode ts = series(test.path("iterations").path("timeSeries"));
        double total = sum(ts, "ko");
        SvgChart c = timeChart("Errors over time", ts).y("failures per second", v -> Format.num(v, 3));
        c.add(Series.line("failed " + unit, RED, column(ts, "t"), perSecond(ts, "ko"))
                .as(SvgChart.Kind.BARS));
        for (Map.Entry<String, JsonNode> e : test.path("requests").properties()) {
            JsonNode rts = series(e.getValue().path("timeSeries"));
            double ko = sum(rts, "ko");
            if (ko > 0) {
                total += ko;
                c.add(Series.line(
                                "failed " + e.getKey(),
                                colour(index(e.getKey())),
                                column(rts, "t"),
                                perSecond(rts, "ko"))
                        .as(SvgChart.Kind.MARKERS));
            }
        }
        return total > 0 ? c.svg() : "";
    }

    /**
     * The latency distribution: x is log10(1/(1−p)), so 90 %, 99 %, 99.9 % are equally spaced, as in
     * HdrHistogram's own plotter; the 100 % point is drawn at the right edge.
     */
    String distribution() {
        JsonNode percentiles = test.path("percentiles");
        if (!percentiles.isObject() || percentiles.size() == 0) {
            return "";
        }
        double maxX = 2;
        for (JsonNode pairs : percentiles) {
            for (JsonNode pair : pairs) {
                double p = pair.path(0).asDouble();
                if (p < 100) {
                    maxX = Math.max(maxX, Math.ceil(toLogX(p) - 1e-9));
                }
            }
        }
        maxX = Math.min(maxX, 6);
        List<Tick> ticks = new ArrayList<>();
        ticks.add(new Tick(Math.log10(2), "50 %"));
        String[] labels = {"90 %", "99 %", "99.9 %", "99.99 %", "99.999 %", "99.9999 %"};
        for (int d = 1; d <= maxX; d++) {
            ticks.add(new Tick(d, labels[d - 1]));
        }
        SvgChart c = new SvgChart("Latency distribution (all intervals)")
                .x("percentile (log scale of 1/(1−p))", v -> "")
                .y("latency (log scale)", Format::ms)
                .logY()
                .xTicks(ticks, 0, maxX);
        for (Map.Entry<String, JsonNode> e : percentiles.properties()) {
            JsonNode pairs = e.getValue();
            int n = Math.min(pairs.size(), 400);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int k = 0; k < n; k++) {
                double p = pairs.get(k).path(0).asDouble();
                x[k] = p >= 100 ? maxX : Math.min(maxX, toLogX(p));
                y[k] = pairs.get(k).path(1).asDouble();
            }
            boolean iteration = "iteration".equals(e.getKey());
            c.add(iteration ? Series.line(unit, "#222", x, y) : request(e.getKey(), x, y));
        }
        return c.svg();
    }

    /** Users of each capacity step against its iteration p99; green held, red broke. */
    String capacity() {
        JsonNode steps = test.path("capacity").path("steps");
        if (!steps.isArray() || steps.isEmpty()) {
            return "";
        }
        int n = steps.size();
        double[] users = new double[n];
        double[] p99 = new double[n];
        String[] colours = new String[n];
        for (int i = 0; i < n; i++) {
            JsonNode s = steps.get(i);
            users[i] = s.path("users").asDouble();
            JsonNode v = s.path("iterations").path("latencyMs").path("p99");
            p99[i] = v.isNumber() ? v.asDouble() : Double.NaN;
            colours[i] = s.path("held").asBoolean() ? GREEN : RED;
        }
        String concurrent = test.path("capacity").path("unit").asText("users");
        String one = Units.singular(unit);
        // A search that refines steps back down: the last step is not always the largest.
        double lo = Arrays.stream(users).min().orElse(0);
        double hi = Arrays.stream(users).max().orElse(0);
        double pad = Math.max(1, (hi - lo) * 0.05);
        SvgChart c = new SvgChart("Capacity steps: " + one + " p99 per step (green held, red broke)")
                .x("concurrent " + concurrent + " in the step", v -> Format.num(v, 3))
                .y(one + " p99", Format::ms)
                .xRange(lo - pad, hi + pad)
                .add(Series.line("p99 of the step", GREY, users, p99)
                        .as(SvgChart.Kind.POINTS)
                        .withPointColours(colours));
        for (JsonNode slo : test.path("slos")) {
            if ("p99".equals(slo.path("metric").asText())
                    && !slo.path("request").isTextual()
                    && slo.path("threshold").isNumber()) {
                double limit = slo.path("threshold").asDouble();
                c.add(Series.line(
                                "p99 limit (" + slo.path("required").asText() + ")",
                                RED,
                                new double[] {lo - pad, hi + pad},
                                new double[] {limit, limit})
                        .dashedLine());
                break;
            }
        }
        return c.svg();
    }

    String heap() {
        JsonNode jvm = test.path("jvm");
        JsonNode ts = series(jvm.path("timeSeries"));
        if (!ts.isArray() || ts.isEmpty()) {
            return "";
        }
        double[] t = column(ts, "t");
        double[] committed = column(ts, "heapCommittedMb");
        JsonNode max = jvm.path("heapMaxMb");
        // The maximum is drawn only when the heap comes near it; far above, it would flatten the lines that matter.
        boolean drawMax = max.isNumber() && t.length > 0 && peak(committed) >= max.asDouble() / 2;
        String title = "Heap of the " + whoseJvm(test)
                + (max.isNumber() && !drawMax ? ", max " + Format.num(max.asDouble(), 4) + " MB" : "");
        SvgChart c = timeChart(title, ts)
                .y("heap (MB)", v -> Format.num(v, 4))
                .add(Series.line("heap used", BLUE, t, column(ts, "heapUsedMb")))
                .add(Series.line("heap committed", ORANGE, t, committed));
        if (drawMax) {
            c.add(Series.line("heap max", GREY, new double[] {t[0], t[t.length - 1]}, new double[] {
                        max.asDouble(), max.asDouble()
                    })
                    .dashedLine());
        }
        return c.svg();
    }

    private static double peak(double[] values) {
        double peak = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                peak = Math.max(peak, v);
            }
        }
        return peak;
    }

    String gc() {
        JsonNode ts = series(test.path("jvm").path("timeSeries"));
        if (!ts.isArray() || ts.isEmpty() || !has(ts, "gcPauseMs")) {
            return "";
        }
        double[] t = column(ts, "t");
        double[] paused = perSecond(ts, "gcPauseMs");
        for (int i = 0; i < paused.length; i++) {
            paused[i] = Math.min(100, paused[i] / 10); // ms per second → % of the time
        }
        SvgChart c = timeChart("GC pauses and CPU of the " + whoseJvm(test), ts)
                .y("time in GC pauses (%)", v -> Format.num(v, 3) + " %")
                .add(Series.line("GC pauses", RED, t, paused).as(SvgChart.Kind.BARS));
        if (has(ts, "cpuShare")) {
            double[] cpu = movingAverage(ts, "cpuShare");
            for (int i = 0; i < cpu.length; i++) {
                cpu[i] *= 100;
            }
            c.right("process CPU (% of all cores)", v -> Format.num(v, 3) + " %");
            c.add(Series.line("CPU over the last second", BLUE, t, cpu).onRight());
        }
        return c.svg();
    }

    /** The colour of a breaker state: closed green, half open amber, open red, disabled and forced open grey. */
    static final Map<String, String> BREAKER_COLOURS =
            Map.of("closed", GREEN, "half_open", "#f0b323", "open", RED, "disabled", "#bab0ac", "forced_open", GREY);

    /**
     * One lane per circuit breaker of the PMS connector ({@code signals.platform.pmsBreakers}) coloured by its state
     * over the test's time, on the x axis of the throughput chart, with the fault windows outlined; empty when no
     * breaker changed state (or the test says not when it started).
     */
    String breakers() {
        List<Breakers.Endpoint> endpoints = Breakers.of(test);
        boolean any =
                endpoints.stream().flatMap(e -> e.transitions().stream()).anyMatch(t -> !Double.isNaN(t.atSeconds()));
        if (!any) {
            return "";
        }
        double[] t = column(series(test.path("iterations").path("timeSeries")), "t");
        double min = t.length > 1 ? t[0] : 0;
        double max = t.length > 1 ? t[t.length - 1] : test.path("totalSeconds").asDouble(0);
        if (t.length <= 1) {
            for (Breakers.Endpoint e : endpoints) {
                for (Breakers.Transition tr : e.transitions()) {
                    max = Double.isNaN(tr.atSeconds()) ? max : Math.max(max, tr.atSeconds());
                }
            }
        }
        StateBands c = new StateBands("Circuit breakers of the PMS connector")
                .x("time since the test started", TestCharts::clock, min, max);
        for (String state : Breakers.STATES) {
            c.state(state, Breakers.state(state), BREAKER_COLOURS.get(state));
        }
        for (Breakers.Endpoint e : endpoints) {
            List<StateBands.Segment> segments = new ArrayList<>();
            double from = Double.NEGATIVE_INFINITY;
            String state = e.transitions().isEmpty()
                    ? e.stateAtStart()
                    : e.transitions().getFirst().from();
            for (Breakers.Transition tr : e.transitions()) {
                if (Double.isNaN(tr.atSeconds())) {
                    continue;
                }
                segments.add(new StateBands.Segment(from, tr.atSeconds(), state));
                from = tr.atSeconds();
                state = tr.to();
            }
            segments.add(new StateBands.Segment(from, Double.POSITIVE_INFINITY, state));
            c.lane(e.name(), segments);
        }
        faultWindows(c::band);
        return c.svg();
    }

    /**
     * A chart over the test's time, with each fault's window shaded (from the per-test JSON's {@code faults}: where
     * it was on, in seconds since the test started, the axis of every time chart).
     */
    private SvgChart timeChart(String title, JsonNode ts) {
        SvgChart c = new SvgChart(title).x("time since the test started", TestCharts::clock);
        faultWindows(c::band);
        return c;
    }

    /** Seconds as {@code 45 s} or {@code 12:30} (minutes:seconds) past five minutes. */
    static String clock(double s) {
        if (s < 300) {
            return Format.num(s, 4) + " s";
        }
        long whole = Math.round(s);
        return String.format("%d:%02d", whole / 60, whole % 60);
    }

    /** The line of the i-th request: palette colours, dashed once the palette has been used up. */
    private Series request(String name, double[] x, double[] y) {
        int i = index(name);
        Series s = Series.line(name, colour(i), x, y);
        return i >= SvgChart.PALETTE.length ? s.dashedLine() : s;
    }

    private int index(String request) {
        return requestIndex.computeIfAbsent(request, k -> requestIndex.size());
    }

    static String colour(int i) {
        return SvgChart.PALETTE[i % SvgChart.PALETTE.length];
    }

    /**
     * The series as drawn: downsampled, and without points whose time does not move forward (a
     * capacity search writes an empty point at a step boundary with the previous time; a line
     * drawn back in time would only confuse).
     */
    private static JsonNode series(JsonNode ts) {
        if (!(ts instanceof ArrayNode all)) {
            return ts;
        }
        // The aggregator already downsamples; this guards against a report written by something else.
        JsonNode drawn = SeriesDownsampler.downsample(all, SeriesDownsampler.MAX_POINTS);
        ArrayNode forward = JsonNodeFactory.instance.arrayNode();
        double last = Double.NEGATIVE_INFINITY;
        for (JsonNode p : drawn) {
            double t = p.path("t").asDouble(Double.NaN);
            if (t > last) {
                forward.add(p);
                last = t;
            }
        }
        return forward;
    }

    private static double toLogX(double percentile) {
        return Math.log10(1 / (1 - percentile / 100));
    }

    private static boolean has(JsonNode ts, String field) {
        for (JsonNode p : ts) {
            if (p.path(field).isNumber()) {
                return true;
            }
        }
        return false;
    }

    private static double sum(JsonNode ts, String field) {
        double s = 0;
        for (JsonNode p : ts) {
            s += p.path(field).asDouble(0);
        }
        return s;
    }

    /**
     * {@code field} (a count or a time in ms) per second of each point's interval, which runs from the previous
     * point's {@code t} (the first from 0): series sampled every 100 ms and every second compare.
     */
    static double[] perSecond(JsonNode ts, String field) {
        double[] t = column(ts, "t");
        double[] v = column(ts, field);
        double previous = 0;
        for (int i = 0; i < v.length; i++) {
            double seconds = t[i] - previous;
            previous = t[i];
            v[i] = seconds > 0 && !Double.isNaN(v[i]) ? v[i] / seconds : Double.NaN;
        }
        return v;
    }

    /**
     * Iterations (completed or failed) per second over the second up to each point, or over the point's own
     * interval when that is longer: points 100 ms apart of a short test would otherwise draw a comb of 0 and
     * 10/s for slow iterations; points 1 s apart keep their own rate. A series without counts keeps its
     * {@code rps}.
     */
    static double[] movingRate(JsonNode ts) {
        double[] t = column(ts, "t");
        if (!has(ts, "ok")) {
            return column(ts, "rps");
        }
        double[] n = new double[t.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = ts.get(i).path("ok").asDouble(0) + ts.get(i).path("ko").asDouble(0);
        }
        double[] rate = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            double sum = n[i];
            int first = i;
            while (first > 0 && t[first - 1] > t[i] - 1 + 1e-9) {
                first--;
                sum += n[first];
            }
            double start = first > 0 ? t[first - 1] : 0;
            rate[i] = t[i] > start ? sum / (t[i] - start) : Double.NaN;
        }
        return rate;
    }

    /**
     * {@code field} (a share of each point's interval, such as {@code cpuShare}) averaged over the second up to
     * each point, each interval weighted by its length; points 1 s apart keep their own value.
     */
    static double[] movingAverage(JsonNode ts, String field) {
        double[] t = column(ts, "t");
        double[] v = column(ts, field);
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            double sum = 0;
            double span = 0;
            for (int j = i; j >= 0 && (j == i || t[j] > t[i] - 1 + 1e-9); j--) {
                double length = t[j] - (j > 0 ? t[j - 1] : 0);
                if (!Double.isNaN(v[j]) && length > 0) {
                    sum += v[j] * length;
                    span += length;
                }
            }
            out[i] = span > 0 ? sum / span : Double.NaN;
        }
        return out;
    }

    static double[] column(JsonNode ts, String field) {
        if (ts == null || !ts.isArray()) {
            return new double[0];
        }
        double[] out = new double[ts.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = ts.get(i).path(field);
            out[i] = v.isNumber() ? v.asDouble() : Double.NaN;
        }
        return out;
    }

    /** Latency of an interval without a completed iteration is 0 in the JSON; it is no measurement. */
    private static double[] noZero(JsonNode ts, String field) {
        double[] v = column(ts, field);
        double[] ok = column(ts, "ok");
        for (int i = 0; i < v.length; i++) {
            if (v[i] == 0 && (ok.length == 0 || !(ok[i] > 0))) {
                v[i] = Double.NaN;
            }
        }
        return v;
    }

    /** Where a chart shades a window of its time axis: from, to (seconds since the test started), and its label. */
    @FunctionalInterface
    private interface Shading {
        void band(double from, double to, String label);
    }

    /** Shades each fault's window (the per-test JSON's {@code faults}: where it was on, in seconds since the start). */
    private void faultWindows(Shading chart) {
        for (JsonNode f : test.path("faults")) {
            if (f.path("startSinceTestStartSeconds").isNumber()
                    && f.path("endSinceTestStartSeconds").isNumber()) {
                chart.band(
                        f.path("startSinceTestStartSeconds").asDouble(),
                        f.path("endSinceTestStartSeconds").asDouble(),
                        f.path("kind").asText() + " on " + f.path("proxy").asText());
            }
        }
    }
}
