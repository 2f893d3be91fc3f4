package io.voiceload.toxiproxy;

import java.io.IOException;
import java.util.Objects;

/**
 * A named proxy: its listen and upstream addresses, whether it is enabled, and its toxics. All state changes come
 * from the API, which serialises them; the data path lives in the current {@link Listener}.
 */
final class TcpProxy {
    final String name;
    final ToxicCollection toxics;
    private String listen;
    private String upstream;
    private boolean enabled;
    private final ProxyMetrics metrics;
    private Listener listener;

    TcpProxy(String name, String listen, String upstream, RandomSource randoms, ProxyMetrics metrics) {
        this.name = name;
        this.metrics = metrics;
        this.listen = listen;
        this.upstream = upstream;
        this.toxics = new ToxicCollection(randoms);
    }

    String listen() {
        return listen;
    }

    String upstream() {
        return upstream;
    }

    boolean enabled() {
        return enabled;
    }

    /**
     * Binds and starts accepting; {@code listen} then reads as the bound address ({@code localhost:0} becomes
     * {@code 127.0.0.1:40123}). Errors carry Go's text, e.g. {@code listen tcp 127.0.0.1:3310: bind: address already
     * in use}, and leave the proxy disabled. Starting a started proxy does nothing.
     */
    void start() throws ApiError {
        if (enabled) {
            return;
        }
        GoTcpAddress address;
        try {
            address = GoTcpAddress.resolve(listen);
        } catch (GoTcpAddress.AddressException e) {
            throw ApiError.internal("listen tcp: " + e.getMessage());
        }
        try {
            listener = Listener.bind(name, address.bindAddress(), upstream, toxics, metrics);
        } catch (IOException e) {
            throw ApiError.internal("listen tcp " + address + ": " + GoTcpAddress.bindProblem(e));
        }
        listen = listener.boundAddress;
        enabled = true;
        listener.startAccepting();
    }

    /** Closes the listener (new clients are refused) and every connection; the toxics stay. */
    void stop() {
        if (!enabled) {
            return;
        }
        enabled = false;
        listener.close();
        listener = null;
    }

    /**
     * A partial update, as {@code POST/PATCH /proxies/{name}}: a different listen or upstream stops the proxy (dropping
     * its connections) before the new values apply; then a change of {@code enabled} starts or stops it.
     */
    void update(String newListen, String newUpstream, boolean newEnabled) throws ApiError {
        if (differs(newListen, newUpstream)) {
            stop();
            listen = newListen;
            upstream = newUpstream;
        }
        if (newEnabled != enabled) {
            if (newEnabled) {
                start();
            } else {
                stop();
            }
        }
    }

    /**
     * Whether the given addresses differ from the current ones; the listen address compares after resolution, so
     * {@code localhost:3310} equals a running {@code 127.0.0.1:3310} and does not restart the proxy.
     */
    boolean differs(String otherListen, String otherUpstream) throws ApiError {
        String resolved;
        try {
            resolved = GoTcpAddress.resolve(otherListen).toString();
        } catch (GoTcpAddress.AddressException e) {
            throw ApiError.internal(e.getMessage());
        }
        return !(listen.equals(resolved) && Objects.equals(upstream, otherUpstream));
    }

    int connectionCount() {
        Listener l = listener;
        return l == null ? 0 : l.connectionCount();
    }
}
