package io.voiceload.http;

/**
 * The short text of an exception that a transport wraps in its own: {@code cannot connect to host:port: <this>}.
 */
final class ExceptionMessages {
    private ExceptionMessages() {}

    /** The first line of {@code t}'s message, or its simple class name. */
    static String firstLine(Throwable t) {
        if (t == null || t.getMessage() == null) {
            return t == null ? "unknown" : t.getClass().getSimpleName();
        }
        String m = t.getMessage().strip();
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
