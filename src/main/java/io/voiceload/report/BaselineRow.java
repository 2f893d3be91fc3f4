package io.voiceload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One compared figure of a test: a request's (or {@code iteration}'s) metric in the baseline and now.
 *
 * @param request {@code iteration}, a request name, or {@code capacity} for {@code highestHeld}
 * @param metric {@code p50}, {@code p95}, {@code p99} (ms), {@code errorRate} (a fraction), {@code rps} (per
 *     second) or {@code highestHeld} (users)
 * @param baseline the baseline's value
 * @param actual this run's value
 * @param changePct {@code (actual − baseline) / baseline × 100}; null when the baseline is 0 and the actual
 *     is not
 * @param limit the worst value that still passes
 * @param regressed whether the actual is beyond the limit
 * @param note why the figure was shown but not judged (too few samples for its percentile), or empty
 */
public record BaselineRow(
        String request,
        String metric,
        double baseline,
        double actual,
        Double changePct,
        double limit,
        boolean regressed,
        String note) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Lower is better for latencies and error rates; higher for rps and highestHeld. */
    public boolean higherIsBetter() {
        return metric.equals("rps") || metric.equals("highestHeld");
    }

    /** The ROW object of the per-test {@code baseline} section and of the comparison document. */
    public ObjectNode toJson() {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("request", request);
        n.put("metric", metric);
        n.put("baseline", baseline);
        n.put("actual", actual);
        if (changePct == null) {
            n.putNull("changePct");
        } else {
            n.put("changePct", changePct);
        }
        n.put("limit", limit);
        n.put("regressed", regressed);
        if (!note.isEmpty()) {
            n.put("note", note);
        }
        return n;
    }
}
