package io.voiceload.http;

import java.util.List;

/** Sends one request and returns the whole response; {@link Http} does the recording and the status rules. */
interface TransportClient extends AutoCloseable {
    /**
     * Blocks until the whole response is in.
     *
     * @param target path and query, base path included ({@code /api/calls/42?x=1})
     * @param headers name, value, name, value…: the default headers first, then the request's
     * @param body the body, or {@code null}
     * @param timeoutMillis how long the response may take ({@link Http.Builder#requestTimeout})
     * @param name the recorded name, for messages
     * @throws HttpTransportException (or {@link RequestTimeoutException}) when no complete response came
     */
    Reply exchange(String method, String target, List<String> headers, byte[] body, long timeoutMillis, String name);

    /** Closes every connection and stops the transport's threads; requests in flight fail. Idempotent. */
    @Override
    void close();
}
