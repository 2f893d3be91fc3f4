package io.voiceload.report.html;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;

/**
 * A state timeline drawn as inline SVG on the server: one horizontal lane per thing (a circuit breaker per
 * endpoint), coloured by its state over a linear x axis, with shaded windows across the lanes (a fault's) and a
 * legend of the states drawn. Same width, margins, fonts and presentation attributes as {@link SvgChart}, so it lines
 * up under the test's other time charts and draws under a Content-Security-Policy that blocks inline styles.
 * Hand-written for the reason {@link SvgChart} is: rectangles and text need no charting library.
 *
 * <p>Each segment is a {@code <rect data-lane=".." data-state="..">} with a tooltip, so that what is drawn can be
 * read back.
 */
final class StateBands {
    /** A stretch of one lane in one state, from {@code from} to {@code to} on the x axis. */
    record Segment(double from, double to, String state) {}

    private static final int WIDTH = 640;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 30;
    private static final int LANE = 22;
    private static final int GAP = 8;

    private final String title;
    private final Map<String, List<Segment>> lanes = new LinkedHashMap<>();
    private final Map<String, String> colours = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final List<SvgChart.Band> bands = new ArrayList<>();
    private String xLabel = "";
    private DoubleFunction<String> xFormat = v -> String.valueOf(v);
    private double xMin;
    private double xMax = 1;

    StateBands(String title) {
        this.title = title;
    }

    /** The x axis: its label, how its ticks are written, and the range shown (segments are clipped to it). */
    StateBands x(String label, DoubleFunction<String> format, double min, double max) {
        this.xLabel = label;
        this.xFormat = format;
        this.xMin = min;
        this.xMax = max > min ? max : min + 1;
        return this;
    }

    /** A state's colour and its name in the legend, in legend order; a state not declared is drawn light grey. */
    StateBands state(String state, String name, String colour) {
        colours.put(state, colour);
        names.put(state, name);
        return this;
    }

    StateBands lane(String name, List<Segment> segments) {
        lanes.put(name, List.copyOf(segments));
        return this;
    }

    /** Shades {@code from} to {@code to} across every lane, labelled above them. */
    StateBands band(double from, double to, String label) {
        bands.add(new SvgChart.Band(from, to, label));
        return this;
    }

    /** The SVG element, or an empty string without lanes. */
    String svg() {
        if (lanes.isEmpty()) {
            return "";
        }
        int bandRow = bands.isEmpty() ? 0 : 14;
        int top = TOP + bandRow;
        int plotH = lanes.size() * (LANE + GAP) - GAP;
        int plotW = WIDTH - LEFT - RIGHT;
        List<String> drawn = new ArrayList<>();
        lanes.values()
                .forEach(ss -> ss.forEach(s -> {
                    if (!drawn.contains(s.state())) {
                        drawn.add(s.state());
                    }
                }));
        List<String> legend = new ArrayList<>();
        colours.keySet().stream().filter(drawn::contains).forEach(legend::add);
        drawn.stream().filter(s -> !colours.containsKey(s)).forEach(legend::add);
        int height = top + plotH + 40 + 18 + 4;
        DoubleFunction<Double> px = v -> LEFT + (Math.max(xMin, Math.min(xMax, v)) - xMin) / (xMax - xMin) * plotW;

        StringBuilder b = new StringBuilder(4096);
        SvgChart.open(b, WIDTH, height, title);
        SvgChart.text(b, LEFT, 18, "start", "font-size=\"13\" font-weight=\"600\"", title);

        // x ticks and grid, under the lanes
        double step = SvgChart.niceStep((xMax - xMin) / Math.max(2, Math.min(10, plotW / 70)));
        double lastLabelEnd = Double.NEGATIVE_INFINITY;
        for (double v = Math.ceil(xMin / step) * step; v <= xMax + step * 1e-9; v += step) {
            double x = px.apply(v);
            b.append("<line x1=\"")
                    .append(SvgChart.f(x))
                    .append("\" x2=\"")
                    .append(SvgChart.f(x))
                    .append("\" y1=\"")
                    .append(top)
                    .append("\" y2=\"")
                    .append(top + plotH + 4)
                    .append("\" stroke=\"#eee\"/>");
            String label = xFormat.apply(Math.abs(v) < step * 1e-9 ? 0 : v);
            double half = label.length() * 3.3;
            double lx = Math.min(x, WIDTH - 2 - half);
            if (lx - half > lastLabelEnd + 4) {
                SvgChart.text(b, lx, top + plotH + 16, "middle", "", label);
                lastLabelEnd = lx + half;
            }
        }
        SvgChart.text(b, LEFT + plotW / 2.0, top + plotH + 32, "middle", "fill=\"#555\"", xLabel);

        // lanes
        int lane = 0;
        for (Map.Entry<String, List<Segment>> e : lanes.entrySet()) {
            double y = top + lane * (LANE + GAP);
            SvgChart.text(b, LEFT - 6, y + LANE / 2.0 + 4, "end", "", e.getKey());
            b.append("<rect x=\"")
                    .append(LEFT)
                    .append("\" y=\"")
                    .append(SvgChart.f(y))
                    .append("\" width=\"")
                    .append(plotW)
                    .append("\" height=\"")
                    .append(LANE)
                    .append("\" fill=\"#f4f4f4\"/>");
            for (Segment s : e.getValue()) {
                double from = Math.max(xMin, s.from());
                double to = Math.min(xMax, s.to());
                if (to < from || to == from && s.to() != s.from()) {
                    continue; // outside the axis
                }
                double x0 = px.apply(from);
                double x1 = px.apply(to);
                b.append("<rect data-lane=\"")
                        .append(Html.escape(e.getKey()))
                        .append("\" data-state=\"")
                        .append(Html.escape(s.state()))
                        .append("\" x=\"")
                        .append(SvgChart.f(x0))
                        .append("\" y=\"")
                        .append(SvgChart.f(y))
                        .append("\" width=\"")
                        .append(SvgChart.f(Math.max(1, x1 - x0)))
                        .append("\" height=\"")
                        .append(LANE)
                        .append("\" fill=\"")
                        .append(colour(s.state()))
                        .append("\"><title>")
                        .append(Html.escape(e.getKey() + ": " + name(s.state()) + " from " + xFormat.apply(from)
                                + " to " + xFormat.apply(to)))
                        .append("</title></rect>");
            }
            lane++;
        }

        // fault windows, over the lanes: an outline, so the states under them stay readable
        for (SvgChart.Band band : bands) {
            double x0 = SvgChart.bandRect(
                    b,
                    band,
                    xMin,
                    xMax,
                    px,
                    top - 2,
                    plotH + 4,
                    "fill=\"#e15759\" fill-opacity=\"0.10\" stroke=\"#b03a3c\" stroke-dasharray=\"4 3\"");
            if (!Double.isNaN(x0)) {
                SvgChart.text(b, x0 + 3, top - 5, "start", "font-size=\"10\" fill=\"#b03a3c\"", band.label());
            }
        }

        // legend
        double ly = top + plotH + 52;
        double lx = LEFT;
        for (String state : legend) {
            String name = name(state);
            b.append("<rect x=\"")
                    .append(SvgChart.f(lx))
                    .append("\" y=\"")
                    .append(SvgChart.f(ly - 9))
                    .append("\" width=\"14\" height=\"10\" fill=\"")
                    .append(colour(state))
                    .append("\"/>");
            SvgChart.text(b, lx + 19, ly, "start", "", name);
            lx += 19 + name.length() * 6.2 + 16;
        }
        return b.append("</svg>").toString();
    }

    private String colour(String state) {
        return colours.getOrDefault(state, "#d9d9d9");
    }

    private String name(String state) {
        return names.getOrDefault(state, state);
    }
}
