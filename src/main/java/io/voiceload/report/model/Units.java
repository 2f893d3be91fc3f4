package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * What a test counts: its iterations are "iterations" unless the test names them ({@code @LoadTest(unit = "calls")},
 * a capacity search's {@code unit}), and a count is written with its unit, singular for one: "1 call", "15 calls",
 * "1 test".
 */
public final class Units {
    /** The unit of a test that names none. */
    public static final String ITERATIONS = "iterations";

    private Units() {}

    /** The unit of a test ({@code unit} of a per-test JSON or a report's test), plural: "calls", else "iterations". */
    public static String of(JsonNode test) {
        String unit = test.path("unit").asText("").strip();
        return unit.isEmpty() ? ITERATIONS : unit;
    }

    /** {@code n} and its unit: {@code 1 call}, {@code 15 calls}, {@code 1,234 calls}. */
    public static String count(long n, String plural) {
        return String.format(Locale.ROOT, "%,d ", n) + (n == 1 ? singular(plural) : plural);
    }

    /**
     * The singular of a unit given in the plural: "calls" → "call", "queries" → "query", "processes" → "process",
     * "searches" → "search", "boxes" → "box"; "series" and "species" stay, "caches" → "cache"; a word that does not
     * end in "s" is kept. Hand-written: units are short English nouns the test names, and an inflection library for
     * these few rules is not worth its weight.
     */
    public static String singular(String plural) {
        String lower = plural.toLowerCase(Locale.ROOT);
        if (lower.endsWith("series") || lower.endsWith("species")) {
            return plural;
        }
        if (lower.endsWith("ies") && plural.length() > 3) {
            return plural.substring(0, plural.length() - 3) + "y";
        }
        if (lower.endsWith("caches") || lower.endsWith("niches")) {
            return plural.substring(0, plural.length() - 1);
        }
        if (lower.endsWith("sses")
                || lower.endsWith("ches")
                || lower.endsWith("shes")
                || lower.endsWith("xes")
                || lower.endsWith("zzes")) {
            return plural.substring(0, plural.length() - 2);
        }
        if (lower.endsWith("s") && !lower.endsWith("ss") && plural.length() > 1) {
            return plural.substring(0, plural.length() - 1);
        }
        return plural;
    }

    /** The singular with a capital first letter, for titles: "calls" → "Call". */
    public static String title(String plural) {
        String s = singular(plural);
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
