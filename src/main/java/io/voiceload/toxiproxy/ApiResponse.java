package io.voiceload.toxiproxy;

import java.nio.charset.StandardCharsets;

/**
 * A response as the API layer sends it. The helpers reproduce what Go's {@code net/http} adds: {@code http.Error}
 * writes {@code text/plain; charset=utf-8}, {@code X-Content-Type-Options: nosniff} and a trailing newline, even
 * for Toxiproxy's JSON error bodies.
 */
record ApiResponse(int status, String contentType, byte[] body, boolean nosniff) {
    static final String JSON = "application/json";
    private static final String TEXT = "text/plain; charset=utf-8";

    static ApiResponse json(int status, byte[] body) {
        return new ApiResponse(status, JSON, body, false);
    }

    static ApiResponse noContent() {
        return new ApiResponse(204, null, new byte[0], false);
    }

    static ApiResponse error(ApiError e) {
        return httpError(e.status(), new String(JsonOutput.error(e), StandardCharsets.UTF_8));
    }

    /** Go's {@code http.Error(w, message, status)}. */
    static ApiResponse httpError(int status, String message) {
        return new ApiResponse(status, TEXT, (message + "\n").getBytes(StandardCharsets.UTF_8), true);
    }
}
