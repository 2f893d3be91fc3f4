package io.voiceload.toxiproxy;

/**
 * An error answered as Toxiproxy does: {@code {"error":"<message>","status":<status>}}. Upstream's fixed messages
 * are the constants; anything else (bind and resolve failures) is a 500 with the Go-style error text.
 */
final class ApiError extends Exception {
    static final String PROXY_NOT_FOUND = "proxy not found";
    static final String PROXY_ALREADY_EXISTS = "proxy already exists";
    static final String INVALID_STREAM = "stream was invalid, can be either upstream or downstream";
    static final String INVALID_TOXIC_TYPE = "invalid toxic type";
    static final String TOXIC_ALREADY_EXISTS = "toxic already exists";
    static final String TOXIC_NOT_FOUND = "toxic not found";

    private final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiError badRequest(String message) {
        return new ApiError(400, message);
    }

    static ApiError badBody(String decoderMessage) {
        return new ApiError(400, "bad request body: " + decoderMessage);
    }

    static ApiError missingField(String field) {
        return new ApiError(400, "missing required field: " + field);
    }

    static ApiError internal(String message) {
        return new ApiError(500, message);
    }
}
