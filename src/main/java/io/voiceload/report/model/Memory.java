package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reading a test's {@code memory} section (a JFR capture of one JVM, see docs/reports.md) for the reports: whose
 * JVM it measured, whether the generator shared it, where its recording lies, the leak verdict line and the run's
 * ranking of tests by bytes allocated per iteration. Every field of the section is optional.
 */
public final class Memory {
    /** A recording's file name as linked: a plain name, no directory, no scheme. */
    private static final Pattern FILE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._$-]*");

    /** Fewest tests with an allocation per iteration for the run's ranking to be shown. */
    public static final int RANKING_MIN_TESTS = 2;

    private Memory() {}

    /** Whose JVM the section measured: its {@code target}, else "measured JVM". */
    public static String target(JsonNode memory) {
        String target = memory.path("target").asText("").strip();
        return target.isEmpty() ? "measured JVM" : target;
    }

    /** Whether the capture was in the test JVM itself, where the load generator and the platform share one heap. */
    public static boolean inProcess(JsonNode memory) {
        return memory.path("capture").asText("").startsWith("in-process");
    }

    /**
     * The recording's path relative to the run directory (where report.html lies): next to the per-test JSON
     * ({@code file}, else {@code tests/}); null without a recording or when its name is not a plain file name.
     */
    public static String jfrPath(JsonNode test) {
        String name = test.path("memory").path("jfr").asText("");
        if (!FILE_NAME.matcher(name).matches()) {
            return null;
        }
        String file = test.path("file").asText("tests/x.json");
        int slash = file.lastIndexOf('/');
        return (slash < 0 ? "" : file.substring(0, slash + 1)) + name;
    }

    /**
     * The leak verdict in a line: {@code leak: heap +1.2 MiB per 1,000 iterations (95 %: +0.9 MiB … +1.5 MiB)}, the
     * reason when given; null without a verdict.
     */
    public static String verdictLine(JsonNode memory) {
        JsonNode leak = memory.path("leak");
        if (!leak.isObject()) {
            return null;
        }
        StringBuilder line = new StringBuilder(leak.path("verdict").asText("not judged"));
        if (leak.path("reason").isTextual()) {
            line.append(": ").append(leak.path("reason").asText());
        }
        return line.toString();
    }

    /**
     * Tests of a report (its {@code tests}) with {@code memory.summary.allocationPerIterationBytes}, dearest first;
     * empty when fewer than {@value #RANKING_MIN_TESTS} carry it (a ranking of one compares nothing).
     */
    public static List<JsonNode> allocationRanking(JsonNode tests) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode t : tests) {
            if (perIteration(t).isNumber()) {
                out.add(t);
            }
        }
        if (out.size() < RANKING_MIN_TESTS) {
            return List.of();
        }
        out.sort(Comparator.comparingDouble((JsonNode t) -> perIteration(t).asDouble())
                .reversed());
        return out;
    }

    /** {@code memory.summary.allocationPerIterationBytes} of a test (missing node when absent). */
    public static JsonNode perIteration(JsonNode test) {
        return test.path("memory").path("summary").path("allocationPerIterationBytes");
    }

    /** A fit's slope (or bound, or limit) with its unit and axis: {@code +1.2 MiB per 1,000 iterations}. */
    public static String slope(JsonNode fit, double slope) {
        String unit = fit.path("unit").asText("");
        String sign = slope < 0 ? "−" : "+";
        String value = unit.equals("bytes")
                ? sign + Format.bytes(Math.abs(slope))
                : sign + Format.num(Math.abs(slope), 3) + (unit.isEmpty() ? "" : " " + unit);
        String axis = fit.path("axis").asText("");
        return axis.isEmpty() ? value : value + " " + axis;
    }

    /** Series points (heap, buffers, threads: peaks) in {@code memory.series} kept when a report downsamples it. */
    static final List<String> SERIES_PEAKS = List.of(
            "heapUsedBytes",
            "metaspaceUsedBytes",
            "directBufferBytes",
            "liveThreads",
            "openFileDescriptors",
            "rssBytes",
            "gcPauseMs");

    /**
     * Shrinks {@code memory.series} of a report test to {@link SeriesDownsampler#MAX_POINTS} points (the 1-second
     * points of an hour would make the report large): peaks of a bucket kept as its maximum, rates averaged, the
     * time the bucket's last. GC events, cycles and fits are kept whole: the charts and the verdict read them.
     */
    public static void downsample(ObjectNode test) {
        if (test.path("memory") instanceof ObjectNode memory && memory.path("series") instanceof ArrayNode series) {
            memory.set("series", SeriesDownsampler.downsample(series, SeriesDownsampler.MAX_POINTS, SERIES_PEAKS));
        }
    }
}
