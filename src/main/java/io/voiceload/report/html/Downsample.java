package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * Keeps a chart's time series at most {@link #MAX_POINTS} long by merging neighbouring points, the
 * way the run report does (spec of issue 6): counts summed, {@code rps}, {@code p50} and
 * {@code cpuShare} averaged, {@code users} the last, every other field the bucket's maximum. The
 * aggregator already downsamples; this guards against a report written by something else.
 */
final class Downsample {
    /** The most points a chart draws per series. */
    static final int MAX_POINTS = 300;

    private static final Set<String> SUMMED = Set.of("ok", "ko", "dropped", "gcPauseMs", "gcCount");
    private static final Set<String> AVERAGED = Set.of("rps", "p50", "cpuShare");
    private static final Set<String> LAST = Set.of("users", "t");

    private Downsample() {}

    /** The series itself when short enough, else a merged copy of at most {@link #MAX_POINTS} points. */
    static JsonNode series(JsonNode points) {
        if (points == null || !points.isArray() || points.size() <= MAX_POINTS) {
            return points;
        }
        int n = points.size();
        int per = (n + MAX_POINTS - 1) / MAX_POINTS;
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (int start = 0; start < n; start += per) {
            int end = Math.min(n, start + per);
            ObjectNode merged = out.addObject();
            for (String key : points.get(start).properties().stream()
                    .map(Map.Entry::getKey)
                    .toList()) {
                double acc = 0;
                double max = Double.NEGATIVE_INFINITY;
                double last = Double.NaN;
                int seen = 0;
                for (int i = start; i < end; i++) {
                    JsonNode v = points.get(i).get(key);
                    if (v != null && v.isNumber()) {
                        double d = v.asDouble();
                        acc += d;
                        max = Math.max(max, d);
                        last = d;
                        seen++;
                    }
                }
                if (seen == 0) {
                    continue;
                }
                double value = SUMMED.contains(key)
                        ? acc
                        : AVERAGED.contains(key) ? acc / seen : LAST.contains(key) ? last : max;
                merged.put(key, value);
            }
        }
        return out;
    }
}
