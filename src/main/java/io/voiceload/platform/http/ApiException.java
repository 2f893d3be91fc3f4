package io.voiceload.platform.http;

/**
 * A request the platform refuses, answered as {@code {"error": message, "status": status, "details": details}}.
 * Carries no stack trace: it is an answer, not a fault.
 */
public final class ApiException extends RuntimeException {

    private final int status;
    private final transient Object details;

    public ApiException(int status, String message, Object details) {
        super(message, null, false, false);
        if (status < 400 || status > 499) {
            throw new IllegalArgumentException("status must be a 4xx code, not " + status);
        }
        this.status = status;
        this.details = details;
    }

    public static ApiException badRequest(String message, Object details) {
        return new ApiException(400, message, details);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message, null);
    }

    public int status() {
        return status;
    }

    /** A JSON-serialisable value (map, list, string) or null. */
    public Object details() {
        return details;
    }
}
