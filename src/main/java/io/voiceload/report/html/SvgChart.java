package io.voiceload.report.html;

import io.voiceload.report.model.Format;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * One chart drawn as inline SVG on the server: line, bar or point series over a linear x axis (or
 * given x ticks), a y axis on the left and optionally one on the right, a legend under the plot.
 * Colours, strokes and fonts are SVG presentation attributes, not CSS, so the chart still draws
 * under a Content-Security-Policy that blocks inline styles and scripts (Jenkins' HTML Publisher).
 * Hand-written because server-side SVG needs no script at view time, and no Java charting library
 * writes small SVG without a desktop toolkit; the whole chart is axes, polylines and rectangles.
 *
 * <p>Limits: NaN y values break a line; the caller downsamples (a chart draws every point it gets).
 */
final class SvgChart {
    /** How a series is drawn. */
    enum Kind {
        LINE,
        BARS,
        /** A line with a marker per point. */
        POINTS,
        /** Markers only, none where y is 0 or missing (sparse events such as failures). */
        MARKERS
    }

    /**
     * @param pointColours per point colour of POINTS markers, or null for the series colour
     * @param right plotted against the right axis
     */
    record Series(
            String name,
            String colour,
            double[] x,
            double[] y,
            Kind kind,
            boolean right,
            boolean dashed,
            String[] pointColours) {
        static Series line(String name, String colour, double[] x, double[] y) {
            return new Series(name, colour, x, y, Kind.LINE, false, false, null);
        }

        Series onRight() {
            return new Series(name, colour, x, y, kind, true, dashed, pointColours);
        }

        Series dashedLine() {
            return new Series(name, colour, x, y, kind, right, true, pointColours);
        }

        Series as(Kind k) {
            return new Series(name, colour, x, y, k, right, dashed, pointColours);
        }

        Series withPointColours(String[] colours) {
            return new Series(name, colour, x, y, kind, right, dashed, colours);
        }
    }

    /** A tick of an axis at a data value, with its label. */
    record Tick(double at, String label) {}

    /** A stretch of the x axis shaded across the plot, with its label at the top: a fault's window. */
    record Band(double from, double to, String label) {}

    /** Distinct colours (Tableau 10), readable on white and for most colour-blind readers. */
    static final String[] PALETTE = {
        "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"
    };

    static final String FONT = "system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,sans-serif";
    private static final int WIDTH = 640;
    private static final int PLOT_HEIGHT = 200;
    private static final int LEFT = 64;
    private static final int TOP = 30;

    private final String title;
    private final List<Series> series = new ArrayList<>();
    private final List<Band> bands = new ArrayList<>();
    private String xLabel = "";
    private String yLabel = "";
    private String rightLabel = "";
    private DoubleFunction<String> xFormat = v -> Format.num(v, 3);
    private DoubleFunction<String> yFormat = v -> Format.num(v, 3);
    private DoubleFunction<String> rightFormat = v -> Format.num(v, 3);
    private List<Tick> xTicks;
    private double xMinFixed = Double.NaN;
    private double xMaxFixed = Double.NaN;
    private boolean logY;

    SvgChart(String title) {
        this.title = title;
    }

    SvgChart add(Series s) {
        series.add(s);
        return this;
    }

    /** Shades {@code from} to {@code to} of the x axis (clipped to the plot), labelled at its top. */
    SvgChart band(double from, double to, String label) {
        bands.add(new Band(from, to, label));
        return this;
    }

    SvgChart x(String label, DoubleFunction<String> format) {
        this.xLabel = label;
        this.xFormat = format;
        return this;
    }

    SvgChart y(String label, DoubleFunction<String> format) {
        this.yLabel = label;
        this.yFormat = format;
        return this;
    }

    SvgChart right(String label, DoubleFunction<String> format) {
        this.rightLabel = label;
        this.rightFormat = format;
        return this;
    }

    /** Fixed x ticks (e.g. percentiles on a log axis) and the x range to show. */
    SvgChart xTicks(List<Tick> ticks, double min, double max) {
        this.xTicks = ticks;
        this.xMinFixed = min;
        this.xMaxFixed = max;
        return this;
    }

    /**
     * A logarithmic left axis with a grid line per decade, for values that span orders of magnitude (the
     * latency distribution of fast requests and of whole calls in one chart). Values ≤ 0 sit on the x axis.
     */
    SvgChart logY() {
        this.logY = true;
        return this;
    }

    /** The x range to show, with linear ticks. */
    SvgChart xRange(double min, double max) {
        this.xMinFixed = min;
        this.xMaxFixed = max;
        return this;
    }

    boolean isEmpty() {
        return series.stream().allMatch(s -> s.x().length == 0);
    }

    /** The SVG element, or an empty string when no series has a point. */
    String svg() {
        if (isEmpty()) {
            return "";
        }
        boolean hasRight = series.stream().anyMatch(Series::right);
        int right = hasRight ? 60 : 20;
        int plotW = WIDTH - LEFT - right;
        List<List<Series>> legendRows = legendRows(WIDTH - LEFT);
        int height = TOP + PLOT_HEIGHT + 40 + legendRows.size() * 16 + 4;

        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMax = 0;
        double yMinPositive = Double.POSITIVE_INFINITY;
        double rMax = 0;
        boolean bars = false;
        for (Series s : series) {
            for (int i = 0; i < s.x().length; i++) {
                xMin = Math.min(xMin, s.x()[i]);
                xMax = Math.max(xMax, s.x()[i]);
                double y = s.y()[i];
                if (!Double.isNaN(y) && !Double.isInfinite(y)) {
                    if (s.right()) {
                        rMax = Math.max(rMax, y);
                    } else {
                        yMax = Math.max(yMax, y);
                        if (y > 0) {
                            yMinPositive = Math.min(yMinPositive, y);
                        }
                    }
                }
            }
            bars |= s.kind() == Kind.BARS;
        }
        if (!Double.isNaN(xMinFixed)) {
            xMin = xMinFixed;
            xMax = xMaxFixed;
        }
        if (xMax <= xMin) {
            xMax = xMin + 1;
        }
        if (bars) { // room for the first and the last bar
            double pad = (xMax - xMin) / Math.max(1, maxPoints()) / 2;
            xMin -= pad;
            xMax += pad;
        }
        double yStep = niceStep(yMax > 0 ? yMax / 5 : 1);
        int yIntervals = Math.max(1, (int) Math.ceil(yMax / yStep - 1e-9));
        double yTop = yStep * yIntervals;
        double rStep = niceStep(rMax > 0 ? rMax / yIntervals : 1);
        while (rStep * yIntervals < rMax) {
            rStep = niceStep(rStep * 1.01);
        }
        double rTop = rStep * yIntervals;

        final double fxMin = xMin;
        final double fxMax = xMax;
        DoubleFunction<Double> px = v -> LEFT + (v - fxMin) / (fxMax - fxMin) * plotW;
        // Decades of a logarithmic axis: from the one below the smallest value to the one above the largest.
        boolean log = logY && yMax > 0;
        double decadeLow = log ? Math.floor(Math.log10(yMinPositive)) : 0;
        double decadeHigh = log ? Math.max(decadeLow + 1, Math.ceil(Math.log10(yMax))) : 0;
        if (log) {
            yIntervals = (int) (decadeHigh - decadeLow);
        }
        DoubleFunction<Double> py = log
                ? v -> TOP
                        + PLOT_HEIGHT
                        - (v <= 0 ? 0 : Math.max(0, Math.log10(v) - decadeLow) / (decadeHigh - decadeLow)) * PLOT_HEIGHT
                : v -> TOP + PLOT_HEIGHT - v / yTop * PLOT_HEIGHT;
        DoubleFunction<Double> pr = v -> TOP + PLOT_HEIGHT - v / rTop * PLOT_HEIGHT;

        StringBuilder b = new StringBuilder(8192);
        open(b, WIDTH, height, title);
        text(b, LEFT, 18, "start", "font-size=\"13\" font-weight=\"600\"", title);

        // grid and y axes
        for (int i = 0; i <= yIntervals; i++) {
            double value = log ? Math.pow(10, decadeLow + i) : i * yStep;
            double y = py.apply(value);
            b.append("<line x1=\"")
                    .append(LEFT)
                    .append("\" x2=\"")
                    .append(LEFT + plotW)
                    .append("\" y1=\"")
                    .append(f(y))
                    .append("\" y2=\"")
                    .append(f(y))
                    .append("\" stroke=\"")
                    .append(i == 0 ? "#888" : "#e4e4e4")
                    .append("\"/>");
            text(b, LEFT - 6, y + 4, "end", "", yFormat.apply(value));
            if (hasRight) {
                text(b, LEFT + plotW + 6, y + 4, "start", "", rightFormat.apply(i * rStep));
            }
        }
        rotated(b, 14, TOP + PLOT_HEIGHT / 2.0, yLabel);
        if (hasRight) {
            rotated(b, WIDTH - 8, TOP + PLOT_HEIGHT / 2.0, rightLabel);
        }

        // x ticks
        List<Tick> ticks = xTicks != null ? xTicks : linearTicks(xMin, xMax, plotW);
        double lastLabelEnd = Double.NEGATIVE_INFINITY;
        for (Tick t : ticks) {
            if (t.at() < xMin - 1e-9 || t.at() > xMax + 1e-9) {
                continue;
            }
            double x = px.apply(t.at());
            b.append("<line x1=\"")
                    .append(f(x))
                    .append("\" x2=\"")
                    .append(f(x))
                    .append("\" y1=\"")
                    .append(TOP)
                    .append("\" y2=\"")
                    .append(TOP + PLOT_HEIGHT + 4)
                    .append("\" stroke=\"#eee\"/>");
            double half = t.label().length() * 3.3;
            double lx = Math.min(x, WIDTH - 2 - half); // the last label stays inside the chart
            if (lx - half > lastLabelEnd + 4) { // never let two labels overlap
                text(b, lx, TOP + PLOT_HEIGHT + 16, "middle", "", t.label());
                lastLabelEnd = lx + half;
            }
        }
        text(b, LEFT + plotW / 2.0, TOP + PLOT_HEIGHT + 32, "middle", "fill=\"#555\"", xLabel);

        // bands, under the series: a translucent fill, so lines in them stay readable
        for (Band band : bands) {
            double x0 = bandRect(b, band, xMin, xMax, px, TOP, PLOT_HEIGHT, "fill=\"#e15759\" fill-opacity=\"0.12\"");
            if (!Double.isNaN(x0)) {
                text(b, x0 + 3, TOP + 11, "start", "font-size=\"10\" fill=\"#b03a3c\"", band.label());
            }
        }

        // series
        int barSeries = (int) series.stream().filter(s -> s.kind() == Kind.BARS).count();
        int barIndex = 0;
        for (Series s : series) {
            DoubleFunction<Double> sy = s.right() ? pr : py;
            switch (s.kind()) {
                case LINE -> polyline(b, s, px, sy);
                case BARS -> {
                    double slot = plotW / Math.max(1.0, maxPoints()) * 0.8;
                    double w = Math.max(1, slot / barSeries);
                    for (int i = 0; i < s.x().length; i++) {
                        double v = s.y()[i];
                        if (Double.isNaN(v) || v <= 0) {
                            continue;
                        }
                        double x = px.apply(s.x()[i]) - slot / 2 + barIndex * w;
                        double top = sy.apply(v);
                        b.append("<rect x=\"")
                                .append(f(x))
                                .append("\" y=\"")
                                .append(f(top))
                                .append("\" width=\"")
                                .append(f(w))
                                .append("\" height=\"")
                                .append(f(TOP + PLOT_HEIGHT - top))
                                .append("\" fill=\"")
                                .append(s.colour())
                                .append("\"/>");
                    }
                    barIndex++;
                }
                case POINTS, MARKERS -> {
                    boolean markersOnly = s.kind() == Kind.MARKERS;
                    if (!markersOnly) {
                        polyline(b, s, px, sy);
                    }
                    for (int i = 0; i < s.x().length; i++) {
                        if (Double.isNaN(s.y()[i]) || markersOnly && s.y()[i] == 0) {
                            continue;
                        }
                        String c = s.pointColours() != null ? s.pointColours()[i] : s.colour();
                        b.append("<circle cx=\"")
                                .append(f(px.apply(s.x()[i])))
                                .append("\" cy=\"")
                                .append(f(sy.apply(s.y()[i])))
                                .append(markersOnly ? "\" r=\"3.5\" fill=\"" : "\" r=\"5\" fill=\"")
                                .append(c)
                                .append("\" stroke=\"#fff\" stroke-width=\"1.5\"/>");
                    }
                }
            }
        }

        // legend
        double ly = TOP + PLOT_HEIGHT + 52;
        for (List<Series> row : legendRows) {
            double lx = LEFT;
            for (Series s : row) {
                if (s.kind() == Kind.MARKERS) {
                    b.append("<circle cx=\"")
                            .append(f(lx + 8))
                            .append("\" cy=\"")
                            .append(f(ly - 4))
                            .append("\" r=\"3.5\" fill=\"")
                            .append(s.colour())
                            .append("\"/>");
                } else if (s.kind() == Kind.BARS) {
                    b.append("<rect x=\"")
                            .append(f(lx))
                            .append("\" y=\"")
                            .append(f(ly - 8))
                            .append("\" width=\"14\" height=\"9\" fill=\"")
                            .append(s.colour())
                            .append("\"/>");
                } else {
                    b.append("<line x1=\"")
                            .append(f(lx))
                            .append("\" x2=\"")
                            .append(f(lx + 16))
                            .append("\" y1=\"")
                            .append(f(ly - 4))
                            .append("\" y2=\"")
                            .append(f(ly - 4))
                            .append("\" stroke=\"")
                            .append(s.colour())
                            .append("\" stroke-width=\"2.5\"")
                            .append(s.dashed() ? " stroke-dasharray=\"5 3\"" : "")
                            .append("/>");
                }
                String name = s.name() + (hasRight ? (s.right() ? " (right axis)" : "") : "");
                text(b, lx + 21, ly, "start", "", name);
                lx += legendWidth(name);
            }
            ly += 16;
        }
        return b.append("</svg>").toString();
    }

    private int maxPoints() {
        return series.stream().mapToInt(s -> s.x().length).max().orElse(1);
    }

    private List<List<Series>> legendRows(double available) {
        List<List<Series>> rows = new ArrayList<>();
        List<Series> row = new ArrayList<>();
        double used = 0;
        boolean hasRight = series.stream().anyMatch(Series::right);
        for (Series s : series) {
            double w = legendWidth(s.name() + (hasRight && s.right() ? " (right axis)" : ""));
            if (!row.isEmpty() && used + w > available) {
                rows.add(row);
                row = new ArrayList<>();
                used = 0;
            }
            row.add(s);
            used += w;
        }
        if (!row.isEmpty()) {
            rows.add(row);
        }
        return rows;
    }

    /** Swatch, gap, text at about 6.2 px per character of an 11 px sans-serif font, then a gap. */
    private static double legendWidth(String name) {
        return 21 + name.length() * 6.2 + 16;
    }

    /**
     * The line of a series, broken where y is missing; a point alone between two gaps (an interval in which only
     * one sample of a slow operation completed) is drawn as a dot, which a path of one point would not show.
     */
    private static void polyline(StringBuilder b, Series s, DoubleFunction<Double> px, DoubleFunction<Double> py) {
        StringBuilder d = new StringBuilder(s.x().length * 12);
        StringBuilder dots = new StringBuilder();
        int run = 0;
        for (int i = 0; i <= s.x().length; i++) {
            boolean present = i < s.x().length && !Double.isNaN(s.y()[i]) && !Double.isInfinite(s.y()[i]);
            if (!present) {
                if (run == 1) {
                    double v = s.y()[i - 1];
                    dots.append("<circle cx=\"")
                            .append(f(px.apply(s.x()[i - 1])))
                            .append("\" cy=\"")
                            .append(f(py.apply(v)))
                            .append("\" r=\"2.2\" fill=\"")
                            .append(s.colour())
                            .append("\"/>");
                }
                run = 0;
                continue;
            }
            d.append(run > 0 ? 'L' : 'M')
                    .append(f(px.apply(s.x()[i])))
                    .append(',')
                    .append(f(py.apply(s.y()[i])));
            run++;
        }
        if (!d.isEmpty()) {
            b.append("<path fill=\"none\" stroke=\"")
                    .append(s.colour())
                    .append("\" stroke-width=\"1.8\" stroke-linejoin=\"round\"")
                    .append(s.dashed() ? " stroke-dasharray=\"5 3\"" : "")
                    .append(" d=\"")
                    .append(d)
                    .append("\"/>");
        }
        b.append(dots);
    }

    static void text(StringBuilder b, double x, double y, String anchor, String attrs, String s) {
        b.append("<text x=\"")
                .append(f(x))
                .append("\" y=\"")
                .append(f(y))
                .append("\" text-anchor=\"")
                .append(anchor)
                .append('"')
                .append(attrs.isEmpty() ? "" : " " + attrs)
                .append('>')
                .append(Html.escape(s))
                .append("</text>");
    }

    private static void rotated(StringBuilder b, double x, double y, String s) {
        b.append("<text transform=\"translate(")
                .append(f(x))
                .append(',')
                .append(f(y))
                .append(") rotate(-90)\" text-anchor=\"middle\" fill=\"#555\">")
                .append(Html.escape(s))
                .append("</text>");
    }

    private List<Tick> linearTicks(double min, double max, int plotW) {
        double step = niceStep((max - min) / Math.max(2, Math.min(10, plotW / 70)));
        List<Tick> ticks = new ArrayList<>();
        for (double v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
            ticks.add(new Tick(v, xFormat.apply(Math.abs(v) < step * 1e-9 ? 0 : v)));
        }
        return ticks;
    }

    /** The smallest of 1, 2, 2.5, 5 × 10^k not below {@code raw}. */
    static double niceStep(double raw) {
        if (!(raw > 0)) {
            return 1;
        }
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * mag >= raw * (1 - 1e-9)) {
                return m * mag;
            }
        }
        return 10 * mag;
    }

    static String f(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /** Opens a chart's SVG element of {@code width} × {@code height}: its title and white background. */
    static void open(StringBuilder b, int width, int height, String title) {
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"")
                .append(width)
                .append("\" height=\"")
                .append(height)
                .append("\" viewBox=\"0 0 ")
                .append(width)
                .append(' ')
                .append(height)
                .append("\" font-family=\"")
                .append(FONT)
                .append("\" font-size=\"11\" fill=\"#333\">");
        b.append("<title>").append(Html.escape(title)).append("</title>");
        b.append("<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>");
    }

    /**
     * Draws {@code band}, clipped to {@code xMin}-{@code xMax}, as a rectangle from {@code y} of {@code height} with
     * {@code style} and its label as a tooltip; returns its left edge, or NaN when nothing of it is on the axis.
     */
    static double bandRect(
            StringBuilder b,
            Band band,
            double xMin,
            double xMax,
            DoubleFunction<Double> px,
            double y,
            double height,
            String style) {
        double from = Math.max(xMin, Math.min(xMax, band.from()));
        double to = Math.max(xMin, Math.min(xMax, band.to()));
        if (to <= from) {
            return Double.NaN;
        }
        double x0 = px.apply(from);
        double x1 = px.apply(to);
        b.append("<rect x=\"")
                .append(f(x0))
                .append("\" y=\"")
                .append(f(y))
                .append("\" width=\"")
                .append(f(Math.max(1, x1 - x0)))
                .append("\" height=\"")
                .append(f(height))
                .append("\" ")
                .append(style)
                .append("><title>")
                .append(Html.escape(band.label()))
                .append("</title></rect>");
        return x0;
    }
}
