package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;

/** Which step of a capacity search its test's SLO table shows, in the words of every report page. */
public final class CapacitySlos {
    private CapacitySlos() {}

    /**
     * {@code at the breaking point (step 4, 6 concurrent calls)}, else {@code at the last step (…)}; plain text,
     * for the page to escape.
     *
     * @param capacity a test's {@code capacity} section
     */
    public static String at(JsonNode capacity) {
        boolean broke = capacity.path("breakingPoint").isObject();
        JsonNode steps = capacity.path("steps");
        JsonNode step = broke ? capacity.path("breakingPoint") : steps.path(steps.size() - 1);
        String at = broke ? "at the breaking point" : "at the last step";
        return step.isObject()
                ? at + " (step " + step.path("step").asInt() + ", "
                        + step.path("users").asInt() + " concurrent "
                        + capacity.path("unit").asText("users") + ")"
                : at;
    }
}
