package io.voiceload.http;

import io.voiceload.load.HttpStatusFailure;

/**
 * A response whose status was not expected (by default: 4xx or 5xx; see {@link Request#expect(int...)}). The
 * engine counts it under the error kind {@code HTTP <status>}. The response is kept for inspection.
 */
public final class HttpStatusException extends RuntimeException implements HttpStatusFailure {
    private static final long serialVersionUID = 1L;
    private static final int BODY_EXCERPT = 200;

    private final transient Response response;

    HttpStatusException(Response response, String expected) {
        super(response.name() + " (" + response.path() + ") answered " + response.status() + ", expected " + expected
                + excerpt(response));
        this.response = response;
    }

    @Override
    public int statusCode() {
        return response.status();
    }

    /** The response that failed. */
    public Response response() {
        return response;
    }

    private static String excerpt(Response response) {
        String text = response.text();
        if (text.isEmpty()) {
            return "";
        }
        return ": " + (text.length() > BODY_EXCERPT ? text.substring(0, BODY_EXCERPT) + "…" : text);
    }
}
