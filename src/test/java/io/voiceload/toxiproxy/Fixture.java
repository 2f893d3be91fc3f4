package io.voiceload.toxiproxy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A server on 127.0.0.1:0 with the official client and a raw HTTP client. As a JUnit extension
 * ({@code @RegisterExtension static final Fixture fx = Fixture.create()}) it starts before the
 * class's tests, deletes every proxy after each test, and stops (with its echo upstream) after
 * them; {@link #start()} gives one to manage by hand.
 */
final class Fixture implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final Long seed;
    ToxiproxyServer server;
    ToxiproxyClient client;
    RawApi api;
    private TestServer echo;

    private Fixture(Long seed) {
        this.seed = seed;
    }

    /** For {@code @RegisterExtension}: started before the class's tests. */
    static Fixture create() {
        return new Fixture(null);
    }

    /** Like {@link #create()}, with the server's random source seeded. */
    static Fixture seeded(long seed) {
        return new Fixture(seed);
    }

    /** A started fixture, closed by the caller. */
    static Fixture start() {
        return create().open();
    }

    static Fixture start(long seed) {
        return seeded(seed).open();
    }

    private Fixture open() {
        server = seed == null ? ToxiproxyServer.start("127.0.0.1", 0) : ToxiproxyServer.start("127.0.0.1", 0, seed);
        client = new ToxiproxyClient(server.host(), server.port());
        api = new RawApi(server.baseUrl());
        return this;
    }

    /** An echo upstream, started on first use and stopped with the fixture. */
    synchronized TestServer echo() throws IOException {
        if (echo == null) {
            echo = TestServer.echo();
        }
        return echo;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        open();
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        clear();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
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
    public void close() throws IOException {
        server.close();
        if (echo != null) {
            echo.close();
        }
    }
}
