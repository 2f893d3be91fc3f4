package io.voiceload.report;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;

/**
 * The histograms of one {@code .hlog} file (HdrHistogram log, values in nanoseconds), every interval of a tag
 * added into one histogram per tag, and their percentile distributions in milliseconds.
 */
public final class HlogPercentiles {
    /** Most points kept per tag in {@link #distribution}. */
    public static final int MAX_POINTS = 200;

    /** Ticks per half distance of HdrHistogram's percentile iteration (5: ~ 5 points per halving). */
    public static final int TICKS_PER_HALF_DISTANCE = 5;

    private HlogPercentiles() {}

    /**
     * Reads {@code hlog} and adds up every interval histogram per tag (an untagged interval counts under
     * {@code ""}).
     *
     * @return tag → merged histogram (ns), in the order tags first appear; empty for a missing file
     */
    public static Map<String, Histogram> read(Path hlog) throws IOException {
        Map<String, Histogram> byTag = new LinkedHashMap<>();
        if (!Files.isRegularFile(hlog)) {
            return byTag;
        }
        int intervals = 0;
        try (InputStream in = Files.newInputStream(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram next;
            while ((next = reader.nextIntervalHistogram()) != null) {
                intervals++;
                if (!(next instanceof Histogram h)) {
                    continue;
                }
                String tag = h.getTag() == null ? "" : h.getTag();
                byTag.computeIfAbsent(tag, t -> emptyLike(h)).add(h);
            }
        } catch (RuntimeException e) {
            // A log cut short (a killed run, a test still writing when the JVM stopped): keep what was read.
            System.err.println("[report] " + hlog + ": unreadable after " + intervals + " intervals (" + e
                    + "); its percentiles use those intervals only");
        }
        return byTag;
    }

    /** An auto-resizing histogram with the precision of {@code h}, so intervals of any range add up. */
    private static Histogram emptyLike(Histogram h) {
        Histogram merged = new Histogram(h.getNumberOfSignificantValueDigits());
        merged.setAutoResize(true);
        return merged;
    }

    /**
     * The percentile distribution of {@code h} as [percentile, ms] pairs, from HdrHistogram's
     * {@code percentiles(5)} iteration; thinned evenly to at most {@link #MAX_POINTS}, the last point (100 %) kept.
     */
    public static List<double[]> distribution(Histogram h) {
        List<double[]> points = new ArrayList<>();
        if (h.getTotalCount() == 0) {
            return points;
        }
        for (HistogramIterationValue v : h.percentiles(TICKS_PER_HALF_DISTANCE)) {
            points.add(new double[] {v.getPercentileLevelIteratedTo(), ms(v.getValueIteratedTo())});
        }
        if (points.size() <= MAX_POINTS) {
            return points;
        }
        List<double[]> thinned = new ArrayList<>(MAX_POINTS);
        double step = (points.size() - 1) / (double) (MAX_POINTS - 1);
        for (int i = 0; i < MAX_POINTS; i++) {
            thinned.add(points.get((int) Math.round(i * step)));
        }
        return thinned;
    }

    /** Nanoseconds to milliseconds, rounded to the microsecond as in the per-test JSON. */
    static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    /** The request name a tag stands for: tags are request names with spaces and commas replaced by '_'. */
    public static String tagOf(String requestName) {
        return requestName.replace(' ', '_').replace(',', '_');
    }
}
