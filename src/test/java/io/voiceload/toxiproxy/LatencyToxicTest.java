package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.net.Socket;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Latency, counted from each chunk's arrival: within ±10 ms of the setting (median of a few round trips, so one
 * scheduling hiccup on a busy machine does not decide), stacked toxics adding up, pipelined data not throttled.
 */
class LatencyToxicTest {
    @RegisterExtension
    static final Fixture fx = Fixture.create();

    private static double medianRoundTrip(Proxy p, int times) throws IOException {
        try (Socket s = Sockets.connect(p.getListen())) {
            double[] rtts = new double[times];
            for (int i = 0; i < times; i++) {
                rtts[i] = Sockets.roundTrip(s, ("ping" + i).getBytes());
            }
            Arrays.sort(rtts);
            return rtts[times / 2];
        }
    }

    @Test
    void downstreamLatency() throws IOException {
        Proxy p = fx.proxy("down", fx.echo());
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        assertThat(medianRoundTrip(p, 3)).isBetween(100.0 - 10, 100.0 + 10);
    }

    @Test
    void upstreamLatency() throws IOException {
        Proxy p = fx.proxy("up", fx.echo());
        p.toxics().latency("lat", ToxicDirection.UPSTREAM, 100);
        assertThat(medianRoundTrip(p, 3)).isBetween(100.0 - 10, 100.0 + 10);
    }

    @Test
    void bothDirectionsAndStackedLatenciesAddUp() throws IOException {
        Proxy p = fx.proxy("stacked", fx.echo());
        p.toxics().latency("up", ToxicDirection.UPSTREAM, 50);
        p.toxics().latency("down1", ToxicDirection.DOWNSTREAM, 50);
        p.toxics().latency("down2", ToxicDirection.DOWNSTREAM, 50);
        assertThat(medianRoundTrip(p, 3)).isBetween(150.0 - 10, 150.0 + 10);
    }

    @Test
    void jitterStaysWithinItsRange() throws IOException {
        Proxy p = fx.proxy("jitter", fx.echo());
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 50).setJitter(20);
        try (Socket s = Sockets.connect(p.getListen())) {
            for (int i = 0; i < 8; i++) {
                assertThat(Sockets.roundTrip(s, "j".getBytes())).isBetween(30.0 - 2, 70.0 + 15);
            }
        }
    }

    @Test
    void latencyAddedToALiveConnectionAndRemovedAgain() throws IOException {
        Proxy p = fx.proxy("live", fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            assertThat(Sockets.roundTrip(s, "a".getBytes())).isLessThan(50);
            p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
            assertThat(Sockets.roundTrip(s, "b".getBytes())).isBetween(90.0, 150.0);
            p.toxics().get("lat").remove();
            assertThat(Sockets.roundTrip(s, "c".getBytes())).isLessThan(50);
        }
    }

    /** 8 MB through a 100 ms latency: pipelined, so about 100 ms plus transfer time, not 100 ms per chunk. */
    @Test
    void pipelinedDataIsNotThrottled() throws Exception {
        Proxy p = fx.proxy("pipe", fx.echo());
        p.toxics().latency("lat", ToxicDirection.UPSTREAM, 100);
        byte[] data = new byte[8 * 1024 * 1024];
        try (Socket s = Sockets.connect(p.getListen())) {
            long start = System.nanoTime();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(data);
                } catch (IOException ignored) {
                    // the read below fails then
                }
            });
            assertThat(s.getInputStream().readNBytes(data.length)).hasSize(data.length);
            writer.join();
            assertThat(Sockets.millisSince(start)).isBetween(100.0, 1500.0);
        }
    }
}
