package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** timeout: drops data; closes after its timeout (from when it started); 0 is a blackhole; removal closes. */
class TimeoutToxicTest {
    @RegisterExtension
    static final Fixture fx = Fixture.create();

    @Test
    void closesAfterTheTimeoutWithoutPassingData() throws IOException {
        Proxy p = fx.proxy("to", fx.echo());
        p.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 100);
        try (Socket s = Sockets.connect(p.getListen())) {
            long start = System.nanoTime();
            s.getOutputStream().write("hello".getBytes());
            Sockets.Received r = Sockets.readUntilEofOrQuiet(s, 2000);
            assertThat(r.eof()).isTrue();
            assertThat(r.bytes()).isEmpty();
            assertThat(Sockets.millisSince(start)).isBetween(80.0, 250.0);
        }
    }

    @Test
    void zeroIsABlackholeAndRemovingItClosesTheConnection() throws IOException {
        Proxy p = fx.proxy("hole", fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "before".getBytes());
            p.toxics().timeout("hole", ToxicDirection.UPSTREAM, 0);
            s.getOutputStream().write("vanishes".getBytes());
            Sockets.Received quiet = Sockets.readUntilEofOrQuiet(s, 300);
            assertThat(quiet.eof()).isFalse();
            assertThat(quiet.bytes()).isEmpty();
            p.toxics().get("hole").remove();
            Sockets.Received after = Sockets.readUntilEofOrQuiet(s, 2000);
            assertThat(after.eof()).isTrue();
            assertThat(after.bytes()).isEmpty();
        }
    }

    @Test
    void resetAlsoClosesBlackholedConnections() throws Exception {
        ToxiproxyClient client = new ToxiproxyClient(fx.server.host(), fx.server.port());
        Proxy p = client.createProxy("hole2", "127.0.0.1:0", fx.echo().address());
        p.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0);
        try (Socket s = Sockets.connect(p.getListen())) {
            s.getOutputStream().write("x".getBytes());
            // connect() returns at the handshake; the proxy accepts, dials and starts the links just after.
            Thread.sleep(100);
            client.reset();
            assertThat(Sockets.readUntilEofOrQuiet(s, 2000).eof()).isTrue();
        }
    }
}
