package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Our packet-loss emulation on the latency toxic: lost chunks arrive late (retransmission with back-off) and hold
 * back what follows; nothing is dropped or reordered. A fixed seed makes the losses repeatable.
 */
class PacketLossTest {
    private static final int MESSAGES = 60;
    private static final long RTO = 25;

    /** Which of {@code MESSAGES} ping-pongs took at least 80 % of the retransmission timeout. */
    private static List<Integer> delayedMessages(long seed, double probability) throws IOException {
        try (Fixture fx = Fixture.start(seed);
                TestServer echo = TestServer.echo()) {
            Proxy p = fx.proxy("lossy", echo);
            fx.api.post(
                    "/proxies/lossy/toxics",
                    "{\"type\":\"latency\",\"attributes\":{\"loss_probability\":" + probability
                            + ",\"retransmit_timeout\":" + RTO + "}}");
            List<Integer> delayed = new ArrayList<>();
            try (Socket s = Sockets.connect(p.getListen())) {
                for (int i = 0; i < MESSAGES; i++) {
                    byte[] message = ByteBuffer.allocate(8).putLong(i).array();
                    long start = System.nanoTime();
                    s.getOutputStream().write(message);
                    byte[] back = s.getInputStream().readNBytes(8);
                    assertThat(back).as("message %d comes back intact", i).isEqualTo(message);
                    if (Sockets.millisSince(start) >= RTO * 0.8) {
                        delayed.add(i);
                    }
                }
            }
            return delayed;
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void lossShowsAsRetransmissionDelayInProportionToTheProbability() throws Exception {
        List<Integer> none = delayedMessages(1, 0);
        List<Integer> some = delayedMessages(1, 0.25);
        assertThat(none).isEmpty();
        assertThat(some.size()).isBetween(MESSAGES / 8, MESSAGES / 2);
        // Same seed, same draws: the same messages are delayed (allowing one for a scheduling hiccup).
        List<Integer> again = delayedMessages(1, 0.25);
        List<Integer> difference = new ArrayList<>(some);
        difference.removeAll(again);
        List<Integer> reverse = new ArrayList<>(again);
        reverse.removeAll(some);
        assertThat(difference.size() + reverse.size()).isLessThanOrEqualTo(1);
    }

    /** A stream through a lossy link: every byte, in order; the transfer takes longer than without loss. */
    @Test
    void streamedBytesAllArriveInOrder() throws Exception {
        try (Fixture fx = Fixture.start(5);
                TestServer echo = TestServer.echo()) {
            Proxy p = fx.proxy("lossy-stream", echo);
            fx.api.post(
                    "/proxies/lossy-stream/toxics",
                    "{\"type\":\"latency\",\"stream\":\"upstream\",\"attributes\":{\"loss_probability\":0.1,"
                            + "\"retransmit_timeout\":5}}");
            try (Socket s = Sockets.connect(p.getListen())) {
                Thread writer = Thread.ofVirtual().start(() -> {
                    try {
                        for (int i = 0; i < 200; i++) {
                            s.getOutputStream()
                                    .write(ByteBuffer.allocate(4).putInt(i).array());
                            Thread.sleep(1);
                        }
                    } catch (IOException | InterruptedException ignored) {
                        // the read below fails then
                    }
                });
                ByteBuffer got = ByteBuffer.wrap(s.getInputStream().readNBytes(800));
                for (int i = 0; i < 200; i++) {
                    assertThat(got.getInt()).isEqualTo(i);
                }
                writer.join();
            }
        }
    }

    @Test
    void retransmissionDelaysFollowTheProbabilityAndBackOff() {
        SplittableRandom random = new SplittableRandom(42);
        int lost = 0;
        int lostTwice = 0;
        for (int i = 0; i < 100_000; i++) {
            long delay = LatencyPipe.retransmissionDelay(random, 0.2, 100);
            assertThat(Long.bitCount(delay / 100 + 1)).as("100 × (2^k − 1)").isEqualTo(1);
            assertThat(delay % 100).isZero();
            if (delay > 0) {
                lost++;
            }
            if (delay >= 300) {
                lostTwice++;
            }
        }
        assertThat(lost / 100_000.0).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.01));
        assertThat(lostTwice / 100_000.0).isCloseTo(0.04, org.assertj.core.data.Offset.offset(0.005));
        assertThat(LatencyPipe.retransmissionDelay(random, 0, 100)).isZero();
    }
}
