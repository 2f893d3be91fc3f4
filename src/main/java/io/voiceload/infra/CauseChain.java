package io.voiceload.infra;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * An exception and its causes on one line, for the reasons infrastructure errors and warnings give:
 * {@code IllegalStateException: Postgres did not start <- IOException: initdb failed}.
 */
final class CauseChain {

    private CauseChain() {}

    /**
     * {@code SimpleName: message} of the exception and of up to three causes, joined with {@code <- }; a cause whose
     * message an earlier part already holds (a wrapper repeating it) is left out.
     */
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
