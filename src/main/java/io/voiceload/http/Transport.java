package io.voiceload.http;

/**
 * What moves the bytes of an {@link Http} client ({@link Http.Builder#transport}). Both give the same {@link
 * Request}/{@link Response} API, the same recorded samples and the same failures.
 */
public enum Transport {
    /** Vert.x core HttpClient (Netty) on its own event loop(s): http and https. The default for https. */
    VERTX,
    /**
     * A minimal hand-written HTTP/1.1 client over plain TCP: blocking sockets on the calling virtual thread, a
     * keep-alive connection pool, no event loop of its own. Cheaper per request than {@link #VERTX} (see {@code
     * docs/http-clients.md}); {@code http://} only. The default for http.
     */
    RAW
}
