package io.voiceload.toxiproxy;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The server's proxies by name. Callers hold the API lock; names list in sorted order, as Go's JSON maps do. */
final class ProxyCollection {
    private final TreeMap<String, TcpProxy> proxies = new TreeMap<>();
    private final RandomSource randoms;
    private final ProxyMetrics metrics;

    ProxyCollection(RandomSource randoms, ProxyMetrics metrics) {
        this.randoms = randoms;
        this.metrics = metrics;
    }

    List<TcpProxy> all() {
        return new ArrayList<>(proxies.values());
    }

    TcpProxy get(String name) throws ApiError {
        TcpProxy p = proxies.get(name);
        if (p == null) {
            throw new ApiError(404, ApiError.PROXY_NOT_FOUND);
        }
        return p;
    }

    /** {@code POST /proxies}: a new proxy, started at once if enabled; nothing is added if binding fails. */
    TcpProxy create(ProxyFields input) throws ApiError {
        if (input.name() == null || input.name().isEmpty()) {
            throw ApiError.missingField("name");
        }
        if (input.upstream() == null || input.upstream().isEmpty()) {
            throw ApiError.missingField("upstream");
        }
        if (proxies.containsKey(input.name())) {
            throw new ApiError(409, ApiError.PROXY_ALREADY_EXISTS);
        }
        TcpProxy proxy = newProxy(input);
        if (input.enabledOr(true)) {
            proxy.start();
        }
        proxies.put(proxy.name, proxy);
        return proxy;
    }

    /** What {@code /populate} did: the proxies created or kept so far and the error that stopped it, if any. */
    record PopulateResult(List<TcpProxy> proxies, ApiError error) {}

    /**
     * {@code POST /populate}: every entry is checked (name, then upstream) before any is applied. A proxy of the same
     * name with the same resolved listen address and upstream is kept as it is, toxics included; otherwise the old
     * one is stopped and replaced. The first failure (a bind error, say) ends the run, reporting what was done.
     */
    PopulateResult populate(List<ProxyFields> inputs) {
        for (int i = 0; i < inputs.size(); i++) {
            ProxyFields input = inputs.get(i);
            if (input.name() == null || input.name().isEmpty()) {
                return new PopulateResult(null, ApiError.missingField("name at proxy " + (i + 1)));
            }
            if (input.upstream() == null || input.upstream().isEmpty()) {
                return new PopulateResult(null, ApiError.missingField("upstream at proxy " + (i + 1)));
            }
        }
        List<TcpProxy> done = new ArrayList<>();
        for (ProxyFields input : inputs) {
            try {
                done.add(addOrReplace(input));
            } catch (ApiError e) {
                return new PopulateResult(done, e);
            }
        }
        return new PopulateResult(done, null);
    }

    private TcpProxy addOrReplace(ProxyFields input) throws ApiError {
        TcpProxy existing = proxies.get(input.name());
        if (existing != null) {
            if (!existing.differs(input.listenOr(""), input.upstream())) {
                return existing;
            }
            existing.stop();
        }
        TcpProxy proxy = newProxy(input);
        if (input.enabledOr(true)) {
            proxy.start(); // on failure the stopped old proxy stays, as upstream
        }
        proxies.put(proxy.name, proxy);
        return proxy;
    }

    void remove(String name) throws ApiError {
        TcpProxy p = get(name);
        p.stop();
        proxies.remove(name);
    }

    /** {@code POST /reset}: each proxy is started if disabled, then loses all its toxics. */
    void reset() throws ApiError {
        for (TcpProxy p : proxies.values()) {
            p.start();
            p.toxics.removeAll();
        }
    }

    void stopAll() {
        for (TcpProxy p : proxies.values()) {
            p.stop();
        }
    }

    private TcpProxy newProxy(ProxyFields input) {
        return new TcpProxy(input.name(), input.listenOr(""), input.upstream(), randoms, metrics);
    }
}
