package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a figure regressed against its baseline, with {@code margin} a fraction ({@code 0.10} = 10 %):
 *
 * <ul>
 *   <li>latency p50/p95/p99 (ms): actual &gt; baseline × (1 + margin) <em>and</em> more than 1 ms above;
 *   <li>error rate (fraction): actual &gt; baseline × (1 + margin) <em>and</em> more than 0.1 percentage
 *       point above;
 *   <li>throughput (rps) and a capacity search's {@code highestHeld}: actual &lt; baseline × (1 − margin).
 * </ul>
 *
 * A value exactly at its limit passes. A percentile is judged only when both runs have at least
 * {@link #MIN_TAIL_SAMPLES} successes beyond it (p50: 20 samples, p95: 200, p99: 1,000): the p99 of 50
 * samples is their maximum, which two identical runs rarely share; such rows are shown with a note. Compared: the {@code iteration} row and every request present in
 * both runs (in the baseline's order), for tests whose per-test JSON has statistics.
 */
public final class BaselineRules {
    /** Latencies within this many ms of the baseline never regress (timer noise on fast requests). */
    public static final double LATENCY_FLOOR_MS = 1.0;

    /** Error rates within this fraction (0.1 percentage point) of the baseline never regress. */
    public static final double ERROR_RATE_FLOOR = 0.001;

    /** Successes a run needs beyond a percentile for that percentile to be judged. */
    public static final int MIN_TAIL_SAMPLES = 10;

    /** The default margin, 10 %. */
    public static final double DEFAULT_MARGIN = 0.10;

    private static final List<String> LATENCIES = List.of("p50", "p95", "p99");

    private BaselineRules() {}

    /** The row of a latency in ms. */
    public static BaselineRow latency(String request, String metric, double baseline, double actual, double margin) {
        double limit = Math.max(baseline * (1 + margin), baseline + LATENCY_FLOOR_MS);
        return row(request, metric, baseline, actual, limit, actual > limit);
    }

    /**
     * The row of latency percentile {@code metric} ({@code p95}: 95) in ms, judged only when the fewer
     * successes of the two runs, {@code samples}, leave {@link #MIN_TAIL_SAMPLES} beyond it.
     */
    public static BaselineRow latency(
            String request, String metric, double baseline, double actual, double margin, long samples) {
        BaselineRow row = latency(request, metric, baseline, actual, margin);
        double percentile = Double.parseDouble(metric.substring(1));
        long needed = (long) Math.ceil(MIN_TAIL_SAMPLES / (1 - percentile / 100) - 1e-9);
        if (samples >= needed) {
            return row;
        }
        return new BaselineRow(
                request,
                metric,
                baseline,
                actual,
                row.changePct(),
                row.limit(),
                false,
                "not judged: " + samples + " successes, " + metric + " needs " + needed);
    }

    /** The row of an error rate (a fraction). */
    public static BaselineRow errorRate(String request, double baseline, double actual, double margin) {
        double limit = Math.max(baseline * (1 + margin), baseline + ERROR_RATE_FLOOR);
        return row(request, "errorRate", baseline, actual, limit, actual > limit);
    }

    /** The row of a figure where higher is better: {@code rps} or {@code highestHeld}. */
    public static BaselineRow atLeast(String request, String metric, double baseline, double actual, double margin) {
        double limit = baseline * (1 - margin);
        return row(request, metric, baseline, actual, limit, actual < limit);
    }

    /**
     * Compares two per-test JSON documents: {@code iterations} and every request in both, p50/p95/p99, error
     * rate and rps; plus {@code capacity.highestHeld} when both have one. A side without successes has no
     * latency rows.
     */
    public static List<BaselineRow> compare(JsonNode baselineTest, JsonNode currentTest, double margin) {
        List<BaselineRow> rows = new ArrayList<>();
        stats(rows, "iteration", baselineTest.path("iterations"), currentTest.path("iterations"), margin);
        JsonNode baseRequests = baselineTest.path("requests");
        JsonNode currentRequests = currentTest.path("requests");
        for (Map.Entry<String, JsonNode> e : baseRequests.properties()) {
            if (currentRequests.has(e.getKey())) {
                stats(rows, e.getKey(), e.getValue(), currentRequests.get(e.getKey()), margin);
            }
        }
        JsonNode baseHeld = baselineTest.at("/capacity/highestHeld");
        JsonNode curHeld = currentTest.at("/capacity/highestHeld");
        if (baseHeld.isNumber() && curHeld.isNumber()) {
            rows.add(atLeast("capacity", "highestHeld", baseHeld.asDouble(), curHeld.asDouble(), margin));
        }
        return rows;
    }

    private static void stats(List<BaselineRow> rows, String request, JsonNode base, JsonNode cur, double margin) {
        if (!base.isObject() || !cur.isObject()) {
            return;
        }
        long samples =
                Math.min(base.path("successes").asLong(), cur.path("successes").asLong());
        if (samples > 0) {
            for (String p : LATENCIES) {
                JsonNode b = base.path("latencyMs").path(p);
                JsonNode a = cur.path("latencyMs").path(p);
                if (b.isNumber() && a.isNumber()) {
                    rows.add(latency(request, p, b.asDouble(), a.asDouble(), margin, samples));
                }
            }
        }
        if (base.path("errorRate").isNumber() && cur.path("errorRate").isNumber()) {
            rows.add(errorRate(
                    request,
                    base.path("errorRate").asDouble(),
                    cur.path("errorRate").asDouble(),
                    margin));
        }
        if (base.path("rps").isNumber() && cur.path("rps").isNumber()) {
            rows.add(atLeast(
                    request, "rps", base.path("rps").asDouble(), cur.path("rps").asDouble(), margin));
        }
    }

    private static BaselineRow row(
            String request, String metric, double baseline, double actual, double limit, boolean regressed) {
        Double change;
        if (baseline != 0) {
            change = (actual - baseline) / baseline * 100;
        } else {
            change = actual == 0 ? 0.0 : null;
        }
        return new BaselineRow(request, metric, baseline, actual, change, limit, regressed, "");
    }
}
