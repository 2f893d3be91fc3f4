package io.voiceload.faults.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;

/** A server on 127.0.0.1:0 with the official client and a raw HTTP client; {@link #clear()} between tests. */
final class Fixture implements AutoCloseable {
    final ToxiproxyServer server;
    final ToxiproxyClient client;
    final RawApi api;

    private Fixture(ToxiproxyServer server) {
        this.server = server;
        this.client = new ToxiproxyClient(server.host(), server.port());
        this.api = new RawApi(server.baseUrl());
    }

    static Fixture start() {
        return new Fixture(ToxiproxyServer.start("127.0.0.1", 0));
    }

    static Fixture start(long seed) {
        return new Fixture(ToxiproxyServer.start("127.0.0.1", 0, seed));
    }

    /** A proxy on an ephemeral loopback port to {@code upstream}. */
    Proxy proxy(String name, TestServer upstream) throws IOException {
        return client.createProxy(name, "127.0.0.1:0", upstream.address());
    }

    /** Deletes every proxy (which closes their connections). */
    void clear() throws IOException {
        for (Proxy p : client.getProxies()) {
            p.delete();
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
