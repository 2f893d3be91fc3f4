package io.voiceload.load;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.UndeclaredThrowableException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Turns a failure into a short, stable key used to count errors: {@code HTTP 503} when the
 * failure carries a status ({@link HttpStatusFailure}), {@code assertion: <first line>} for
 * assertion errors, else {@code <SimpleClassName>: <first line of the message>}. Wrappers without
 * a message of their own (ExecutionException, CompletionException, …) are unwrapped first.
 */
final class ErrorClassifier {
    static final int MAX_MESSAGE = 120;

    private ErrorClassifier() {}

    static String classify(Throwable t) {
        Throwable root = unwrap(t);
        if (root instanceof HttpStatusFailure status) {
            return "HTTP " + status.statusCode();
        }
        String message = firstLine(root.getMessage());
        if (root instanceof AssertionError) {
            return message.isEmpty() ? "assertion failed" : "assertion: " + message;
        }
        String type = root.getClass().getSimpleName().isEmpty()
                ? root.getClass().getName()
                : root.getClass().getSimpleName();
        return message.isEmpty() ? type : type + ": " + message;
    }

    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        for (int depth = 0; depth < 10 && current.getCause() != null; depth++) {
            boolean wrapper = current instanceof ExecutionException
                    || current instanceof CompletionException
                    || current instanceof InvocationTargetException
                    || current instanceof UndeclaredThrowableException
                    || (current.getClass() == RuntimeException.class
                            && (current.getMessage() == null
                                    || current.getMessage()
                                            .equals(current.getCause().toString())));
            if (!wrapper) {
                break;
            }
            current = current.getCause();
        }
        return current;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        String s = message.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl).strip();
        }
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }
}
