package io.voiceload.http;

/**
 * A request that got no (complete) response within its timeout ({@link Http.Builder#requestTimeout}, or {@link
 * Request#timeout}): a stalled server fails the request after a bounded time instead of blocking its user.
 */
public final class RequestTimeoutException extends HttpTransportException {
    private static final long serialVersionUID = 1L;

    RequestTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
