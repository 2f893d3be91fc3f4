package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shrinks time series ({@code timeSeries} arrays of the per-test JSON: request and {@code jvm} series) to at most
 * {@link #MAX_POINTS} points, so that the report of an hour-long run stays small. Consecutive points are merged in
 * equal buckets: counts ({@code ok}, {@code ko}, {@code dropped}, {@code gcCount}, {@code gcPauseMs}) summed; tail
 * latencies and peaks ({@code p95}, {@code p99}, {@code max}, {@code heapUsedMb}, {@code heapCommittedMb}) the
 * bucket's maximum; {@code t} and {@code users} the bucket's last; everything else ({@code rps}, {@code p50},
 * {@code cpuShare}, …) averaged.
 */
public final class SeriesDownsampler {
    /** Most points a series keeps. */
    public static final int MAX_POINTS = 300;

    private static final Set<String> SUMMED = Set.of("ok", "ko", "dropped", "gcCount", "gcPauseMs");
    private static final Set<String> MAXIMUM = Set.of("p95", "p99", "max", "heapUsedMb", "heapCommittedMb");
    private static final Set<String> LAST = Set.of("t", "users");

    private SeriesDownsampler() {}

    /** A series of at most {@code maxPoints} points (the same array's copy when it is short enough). */
    public static ArrayNode downsample(ArrayNode series, int maxPoints) {
        return downsample(series, maxPoints, List.of());
    }

    /** As {@link #downsample(ArrayNode, int)}, with {@code peaks} also kept as each bucket's maximum. */
    public static ArrayNode downsample(ArrayNode series, int maxPoints, Collection<String> peaks) {
        if (maxPoints < 1) {
            throw new IllegalArgumentException("maxPoints must be at least 1, was " + maxPoints);
        }
        int n = series.size();
        if (n <= maxPoints) {
            return series.deepCopy();
        }
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        int bucket = (n + maxPoints - 1) / maxPoints;
        for (int start = 0; start < n; start += bucket) {
            out.add(merge(series, start, Math.min(n, start + bucket), peaks));
        }
        return out;
    }

    /** Replaces, in place, every {@code timeSeries} array anywhere under {@code node} by its downsampled copy. */
    public static void downsampleAll(JsonNode node) {
        if (node instanceof ObjectNode object) {
            Map<String, ArrayNode> replaced = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : object.properties()) {
                if (e.getKey().equals("timeSeries") && e.getValue() instanceof ArrayNode a) {
                    replaced.put(e.getKey(), downsample(a, MAX_POINTS));
                } else {
                    downsampleAll(e.getValue());
                }
            }
            replaced.forEach(object::set);
        } else if (node instanceof ArrayNode array) {
            array.forEach(SeriesDownsampler::downsampleAll);
        }
    }

    private static ObjectNode merge(ArrayNode series, int from, int to, Collection<String> peaks) {
        Map<String, Double> values = new LinkedHashMap<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        Map<String, Boolean> integral = new LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            for (Map.Entry<String, JsonNode> e : series.get(i).properties()) {
                if (!e.getValue().isNumber()) {
                    continue;
                }
                String key = e.getKey();
                double v = e.getValue().asDouble();
                integral.merge(key, e.getValue().isIntegralNumber(), Boolean::logicalAnd);
                counts.merge(key, 1, Integer::sum);
                if (peaks.contains(key) || MAXIMUM.contains(key)) {
                    values.merge(key, v, Math::max);
                } else if (SUMMED.contains(key)) {
                    values.merge(key, v, Double::sum);
                } else if (LAST.contains(key)) {
                    values.put(key, v);
                } else {
                    values.merge(key, v, Double::sum);
                }
            }
        }
        ObjectNode point = JsonNodeFactory.instance.objectNode();
        values.forEach((key, v) -> {
            boolean averaged =
                    !SUMMED.contains(key) && !MAXIMUM.contains(key) && !LAST.contains(key) && !peaks.contains(key);
            double value = averaged ? v / counts.get(key) : v;
            if (integral.get(key) && !averaged) {
                point.put(key, Math.round(value));
            } else {
                point.put(key, value);
            }
        });
        return point;
    }
}
