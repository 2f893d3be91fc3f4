package io.voiceload.http;

/** Short messages for exceptions a transport wraps. */
final class Failures {
    private Failures() {}

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
