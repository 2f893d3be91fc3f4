package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The profiles a run's tests ran with, for the top of a report: a test's annotation may select its own, so the
 * run's selection ({@code -Dloadtest.profile} or the file's {@code profile}) does not tell them all.
 */
public final class ProfilesUsed {
    private static final String NONE = "none";

    private ProfilesUsed() {}

    /**
     * {@code profile heavy}, {@code no profile}, or {@code profiles: heavy (1 test), none (6 tests)} when the tests
     * differ; from the environment's selection when no test recorded its profile (results of an older voiceload).
     */
    public static String describe(JsonNode report) {
        Map<String, Integer> used = new LinkedHashMap<>();
        for (JsonNode t : report.path("tests")) {
            if (t.has("profile")) {
                used.merge(t.path("profile").isTextual() ? t.path("profile").asText() : NONE, 1, Integer::sum);
            }
        }
        if (used.isEmpty()) {
            JsonNode selected = report.path("environment").path("profile");
            if (!selected.isTextual()) {
                return "profile unknown";
            }
            return describeOne(selectedName(selected.asText()));
        }
        if (used.size() == 1) {
            return describeOne(used.keySet().iterator().next());
        }
        List<String> parts = new ArrayList<>();
        used.forEach((p, n) -> parts.add(p + " (" + Units.count(n, "tests") + ")"));
        return "profiles: " + String.join(", ", parts);
    }

    /** The environment's {@code profile} as a name: it writes "default" when none is selected. */
    public static String selectedName(String environmentProfile) {
        return environmentProfile.equals("default") ? NONE : environmentProfile;
    }

    private static String describeOne(String name) {
        return name.equals(NONE) ? "no profile" : "profile " + name;
    }
}
