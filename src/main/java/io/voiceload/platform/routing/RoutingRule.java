package io.voiceload.platform.routing;

import java.time.LocalTime;

/**
 * One stored routing rule. {@code language} (null: any) matches a call language equal to it or starting
 * with it and a hyphen ({@code de} matches {@code de-CH}). The window (both null: always) is local time
 * in the hotel's zone, start inclusive, end exclusive; a start after the end wraps midnight.
 */
record RoutingRule(
        long id,
        String department,
        String language,
        LocalTime windowStart,
        LocalTime windowEnd,
        TransferTarget target,
        int priority) {

    boolean matches(String callLanguage, LocalTime local) {
        return matchesLanguage(callLanguage) && inWindow(local);
    }

    /** How many optional conditions the rule sets (language, window): the tie-break after priority. */
    int specificity() {
        return (language == null ? 0 : 1) + (windowStart == null ? 0 : 1);
    }

    private boolean matchesLanguage(String callLanguage) {
        if (language == null) {
            return true;
        }
        return callLanguage != null && (callLanguage.equals(language) || callLanguage.startsWith(language + "-"));
    }

    private boolean inWindow(LocalTime t) {
        if (windowStart == null) {
            return true;
        }
        if (windowStart.isBefore(windowEnd)) {
            return !t.isBefore(windowStart) && t.isBefore(windowEnd);
        }
        return !t.isBefore(windowStart) || t.isBefore(windowEnd); // wraps midnight
    }
}
