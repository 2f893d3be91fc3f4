package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** reset_peer: a real TCP RST (ECONNRESET) when the toxic existed at accept, a FIN when added later. */
class ResetPeerToxicTest {
    @RegisterExtension
    static final Fixture fx = Fixture.create();

    @ParameterizedTest
    @EnumSource(ToxicDirection.class)
    void resetsTheConnectionAfterTheTimeout(ToxicDirection direction) throws IOException {
        Proxy p = fx.proxy("rst-" + direction, fx.echo());
        p.toxics().resetPeer("rst", direction, 100);
        try (Socket s = Sockets.connect(p.getListen())) {
            long start = System.nanoTime();
            s.getOutputStream().write("hello".getBytes());
            assertThatThrownBy(() -> s.getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessage("Connection reset");
            assertThat(Sockets.millisSince(start)).isBetween(100.0, 200.0);
        }
    }

    @ParameterizedTest
    @EnumSource(ToxicDirection.class)
    void addedAfterAcceptItClosesWithAFin(ToxicDirection direction) throws IOException {
        Proxy p = fx.proxy("fin-" + direction, fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "x".getBytes());
            p.toxics().resetPeer("rst", direction, 50);
            s.getOutputStream().write("hello".getBytes());
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }
}
