package io.voiceload.config;

import java.util.Collection;
import java.util.Locale;

/** "Did you mean" hints for misspelt keys, profile names, properties and tags. */
public final class Suggestions {

    private Suggestions() {}

    /**
     * The closest allowed name when it is a plausible typo of {@code given}, as
     * {@code did you mean "x"? } (with a trailing space), else an empty string.
     */
    public static String didYouMean(String given, Collection<String> allowed) {
        String needle = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(needle, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        int tolerance = Math.max(2, needle.length() / 4);
        return best != null && bestDistance <= tolerance ? "did you mean \"" + best + "\"? " : "";
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
