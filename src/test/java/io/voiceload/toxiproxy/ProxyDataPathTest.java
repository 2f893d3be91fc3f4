package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bytes through proxies, and what clients see when proxies stop, move, or their upstream is down. */
class ProxyDataPathTest {
    @RegisterExtension
    static final Fixture fx = Fixture.create();

    @Test
    void smallBigAndSplitMessagesComeBackIntact() throws Exception {
        Proxy p = fx.proxy("echo", fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "hello world".getBytes());
            byte[] big = new byte[4 * 1024 * 1024];
            new Random(1).nextBytes(big);
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(big);
                } catch (IOException ignored) {
                    // the read below fails then
                }
            });
            assertThat(s.getInputStream().readNBytes(big.length)).isEqualTo(big);
            writer.join();
            s.getOutputStream().write("two ".getBytes());
            s.getOutputStream().write("parts".getBytes());
            assertThat(new String(s.getInputStream().readNBytes(9))).isEqualTo("two parts");
        }
    }

    @Test
    void manyConcurrentConnections() throws Exception {
        Proxy p = fx.proxy("many", fx.echo());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<String>> replies = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String message = "client-" + i;
                replies.add(pool.submit((Callable<String>) () -> {
                    try (Socket s = Sockets.connect(p.getListen())) {
                        s.getOutputStream().write(message.getBytes());
                        return new String(s.getInputStream().readNBytes(message.length()));
                    }
                }));
            }
            for (int i = 0; i < replies.size(); i++) {
                assertThat(replies.get(i).get()).isEqualTo("client-" + i);
            }
        }
    }

    @Test
    void downUpstreamClosesTheClientRatherThanRefusingIt() throws Exception {
        Proxy p = fx.client.createProxy("down", "127.0.0.1:0", "127.0.0.1:1");
        try (Socket s = Sockets.connect(p.getListen())) {
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void disableRefusesNewClientsAndClosesExistingOnesThenEnableRestores() throws Exception {
        Proxy p = fx.proxy("toggle", fx.echo());
        try (Socket existing = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(existing, "before".getBytes());
            p.disable();
            assertThat(readOrReset(existing.getInputStream())).isEqualTo(-1);
            assertThatThrownBy(() -> Sockets.connect(p.getListen()))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("Connection refused");
        }
        p.enable();
        try (Socket again = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(again, "after".getBytes());
        }
    }

    @Test
    void deleteClosesConnections() throws Exception {
        Proxy p = fx.proxy("gone", fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "x".getBytes());
            p.delete();
            assertThat(readOrReset(s.getInputStream())).isEqualTo(-1);
        }
        assertThatThrownBy(() -> Sockets.connect(p.getListen())).isInstanceOf(ConnectException.class);
    }

    @Test
    void changingListenMovesTheProxyAndDropsConnections() throws Exception {
        Proxy p = fx.proxy("mover", fx.echo());
        String old = p.getListen();
        try (Socket s = Sockets.connect(old)) {
            Sockets.roundTrip(s, "x".getBytes());
            p.setListen("localhost:0");
            assertThat(readOrReset(s.getInputStream())).isEqualTo(-1);
        }
        assertThat(p.getListen()).isNotEqualTo(old);
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "y".getBytes());
        }
    }

    @Test
    void sameListenInAnotherSpellingDoesNotRestart() throws Exception {
        Proxy p = fx.proxy("stay", fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "x".getBytes());
            p.setListen("localhost:" + Sockets.port(p.getListen()));
            Sockets.roundTrip(s, "still here".getBytes());
        }
    }

    /**
     * Toxiproxy closes the destination fully when a direction ends: a client that half-closes never sees what the
     * server writes afterwards.
     */
    @Test
    void endOfStreamIsAFullClose() throws Exception {
        try (TestServer lateReply = TestServer.with(s -> {
            s.getInputStream().readAllBytes();
            Thread.sleep(100);
            s.getOutputStream().write("late".getBytes());
        })) {
            Proxy p = fx.proxy("halfclose", lateReply);
            try (Socket s = Sockets.connect(p.getListen())) {
                s.getOutputStream().write("request".getBytes());
                s.shutdownOutput();
                assertThat(Sockets.readToEof(s)).isEmpty();
            }
        }
    }

    @Test
    void closingTheServerClosesProxiesAndTheApi() throws Exception {
        Fixture own = Fixture.start();
        Proxy p = own.proxy("short-lived", fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "x".getBytes());
            own.close();
            own.close(); // idempotent
            assertThat(readOrReset(s.getInputStream())).isEqualTo(-1);
        }
        assertThatThrownBy(() -> Sockets.connect(p.getListen())).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> own.client.getProxies()).isInstanceOf(IOException.class);
    }

    /** Reads one byte; a reset counts as the end too (a closed proxy may RST data still in flight). */
    static int readOrReset(InputStream in) throws IOException {
        try {
            return in.read();
        } catch (java.net.SocketException e) {
            return -1;
        }
    }
}
