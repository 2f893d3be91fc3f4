package io.voiceload.infra;

import java.util.LinkedHashSet;
import java.util.Set;

/** Short descriptions of exceptions for one-line reasons. */
final class Failures {

    private Failures() {}

    /** {@code SimpleName: message} of the exception and its distinct causes, joined with {@code <- }. */
    static String describe(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage() == null ? "" : t.getMessage().strip();
            boolean repeated = parts.stream().anyMatch(p -> !message.isEmpty() && p.contains(message));
            if (!repeated) {
                parts.add(t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message));
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return String.join(" <- ", parts);
    }
}
