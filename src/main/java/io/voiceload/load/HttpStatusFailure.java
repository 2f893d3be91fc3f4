package io.voiceload.load;

/**
 * Implemented by exceptions that carry an HTTP status, so that errors are classified as
 * {@code HTTP 503} rather than by exception class. HTTP clients of the suite throw such exceptions.
 */
public interface HttpStatusFailure {
    /** The HTTP status code of the response that failed the request. */
    int statusCode();
}
