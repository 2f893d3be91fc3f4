package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * How close a passed SLO came to its limit, read from an SLO row of the per-test JSON ({@code slos}): one rule
 * for the HTML report's amber cells and the recommendations' "little headroom" advice.
 */
public final class SloHeadroom {
    /** An SLO whose actual value uses this share of its limit or more has little headroom. */
    public static final double SHARE = 0.8;

    private SloHeadroom() {}

    /**
     * Whether a passed SLO outcome (an element of a per-test JSON's {@code slos}) is within 20 % of its limit:
     * an upper bound at ≥ 80 % of it, a lower bound (throughput) at ≤ 125 % of it.
     */
    public static boolean nearLimit(JsonNode slo) {
        if (!slo.path("passed").asBoolean(false) || !slo.path("actual").isNumber()) {
            return false;
        }
        double threshold = slo.path("threshold").asDouble(0);
        double actual = slo.path("actual").asDouble();
        String required = slo.path("required").asText("");
        boolean atMost = required.startsWith("≤") || required.startsWith("<");
        return threshold > 0 && (atMost ? actual >= SHARE * threshold : actual <= threshold / SHARE);
    }
}
