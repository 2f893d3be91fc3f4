package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bandwidth: KB/s with 1 KB = 1000 B; rate 0 holds data without dropping it until the toxic goes. */
class BandwidthToxicTest {
    private static final int PAYLOAD = 480_000;
    private static final byte[] DATA = new byte[PAYLOAD];

    @RegisterExtension
    static final Fixture fx = Fixture.create();

    private static TestServer sender;

    @BeforeAll
    static void start() throws IOException {
        new Random(3).nextBytes(DATA);
        // Sends 480 KB as soon as it receives a byte.
        sender = TestServer.with(s -> {
            s.getInputStream().read();
            s.getOutputStream().write(DATA);
            s.getInputStream().read();
        });
    }

    @AfterAll
    static void stop() throws IOException {
        sender.close();
    }

    @Test
    void fourHundredEightyKilobytesAtOneThousandKilobytesPerSecondTakeAboutHalfASecond() throws IOException {
        Proxy p = fx.proxy("bw", sender);
        p.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 1000);
        try (Socket s = Sockets.connect(p.getListen())) {
            long start = System.nanoTime();
            s.getOutputStream().write(1);
            byte[] received = s.getInputStream().readNBytes(PAYLOAD);
            double ms = Sockets.millisSince(start);
            assertThat(received).isEqualTo(DATA);
            assertThat(ms).isBetween(430.0, 600.0);
        }
    }

    @Test
    void rateZeroStallsWithoutDroppingAndRemovalFlushes() throws IOException {
        Proxy p = fx.proxy("cut", sender);
        p.toxics().bandwidth("cut", ToxicDirection.DOWNSTREAM, 0);
        try (Socket s = Sockets.connect(p.getListen())) {
            s.getOutputStream().write(1);
            s.setSoTimeout(300);
            try {
                int first = s.getInputStream().read();
                throw new AssertionError("expected a stall, read " + first);
            } catch (SocketTimeoutException expected) {
                // nothing gets through
            }
            p.toxics().get("cut").remove();
            s.setSoTimeout(5000);
            assertThat(s.getInputStream().readNBytes(PAYLOAD)).isEqualTo(DATA);
        }
    }
}
