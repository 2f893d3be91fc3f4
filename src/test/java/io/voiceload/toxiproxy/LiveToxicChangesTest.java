package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Toxics added, updated and removed while data flows: no byte lost or reordered (cf. upstream's link_test.go,
 * 65,535 two-byte values), and toxicity as the fraction of connections affected.
 */
class LiveToxicChangesTest {
    private static final int VALUES = 65_535;

    @RegisterExtension
    static final Fixture fx = Fixture.seeded(11);

    @Test
    void sequencedValuesSurviveToxicsComingAndGoing() throws Exception {
        CompletableFuture<byte[]> sunk = new CompletableFuture<>();
        try (TestServer sink = TestServer.with(s -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            sunk.complete(all.toByteArray());
        })) {
            Proxy p = fx.proxy("sequence", sink);
            AtomicBoolean writing = new AtomicBoolean(true);
            CompletableFuture<Integer> changes = CompletableFuture.supplyAsync(() -> churn(p, writing));
            try (Socket s = Sockets.connect(p.getListen())) {
                OutputStream out = s.getOutputStream();
                Random sizes = new Random(2);
                int value = 0;
                while (value < VALUES) {
                    int batch = Math.min(VALUES - value, 1 + sizes.nextInt(400));
                    byte[] bytes = new byte[batch * 2];
                    for (int i = 0; i < batch; i++, value++) {
                        bytes[2 * i] = (byte) (value >>> 8);
                        bytes[2 * i + 1] = (byte) value;
                    }
                    out.write(bytes);
                    Thread.sleep(1); // spread the transfer over the churn (about half a second)
                }
                writing.set(false);
                assertThat(changes.get(10, TimeUnit.SECONDS)).isGreaterThan(10);
                fx.client.getProxy("sequence").toxics().getAll().forEach(t -> {
                    try {
                        t.remove();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                s.shutdownOutput();
                byte[] got = sunk.get(10, TimeUnit.SECONDS);
                assertThat(got).hasSize(VALUES * 2);
                DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(got));
                for (int i = 0; i < VALUES; i++) {
                    assertThat(in.readUnsignedShort()).as("value %d", i).isEqualTo(i);
                }
            }
        }
    }

    /**
     * A stage stopped while it is part-way through emitting one chunk in pieces (here a slicer blocked behind a
     * stalled bandwidth toxic) must pass on the rest of that chunk, not only the piece in hand.
     */
    @Test
    void removingAStageBlockedMidChunkLosesNothing() throws Exception {
        CompletableFuture<byte[]> sunk = new CompletableFuture<>();
        try (TestServer sink = TestServer.with(s -> {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            s.getInputStream().transferTo(all);
            sunk.complete(all.toByteArray());
        })) {
            Proxy p = fx.proxy("midchunk", sink);
            p.toxics().slicer("slicer", ToxicDirection.UPSTREAM, 10, 0);
            p.toxics().bandwidth("stall", ToxicDirection.UPSTREAM, 0);
            byte[] data = new byte[2000];
            new Random(12).nextBytes(data);
            try (Socket s = Sockets.connect(p.getListen())) {
                s.getOutputStream().write(data); // 200 pieces; the stalled queue behind the slicer holds 64
                Thread.sleep(200);
                p.toxics().get("slicer").remove();
                p.toxics().get("stall").remove();
                s.shutdownOutput();
                assertThat(sunk.get(5, TimeUnit.SECONDS)).isEqualTo(data);
            }
        }
    }

    /** Adds, updates and removes harmless toxics on the upstream stream until the writer is done. */
    private static int churn(Proxy p, AtomicBoolean writing) {
        Random random = new Random(4);
        List<String> present = new ArrayList<>();
        int changes = 0;
        try {
            while (writing.get()) {
                if (!present.isEmpty() && (present.size() > 3 || random.nextBoolean())) {
                    String name = present.remove(random.nextInt(present.size()));
                    p.toxics().get(name).remove();
                } else {
                    String name = "t" + changes;
                    switch (random.nextInt(5)) {
                        case 0 -> p.toxics().latency(name, ToxicDirection.UPSTREAM, random.nextInt(3));
                        case 1 -> p.toxics().bandwidth(name, ToxicDirection.UPSTREAM, 50_000);
                        case 2 ->
                            p.toxics()
                                    .slicer(name, ToxicDirection.UPSTREAM, 100, 0)
                                    .setSizeVariation(50);
                        case 3 -> p.toxics().limitData(name, ToxicDirection.UPSTREAM, 1L << 40);
                        default ->
                            p.toxics().latency(name, ToxicDirection.UPSTREAM, 1).setLatency(0);
                    }
                    present.add(name);
                }
                changes++;
                Thread.sleep(random.nextInt(3));
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return changes;
    }

    @Test
    void echoedStreamStaysInOrderWhileBothDirectionsChange() throws Exception {
        Proxy p = fx.proxy("echo-churn", fx.echo());
        byte[] data = new byte[2 * 1024 * 1024];
        new Random(8).nextBytes(data);
        AtomicBoolean running = new AtomicBoolean(true);
        CompletableFuture<Void> changes = CompletableFuture.runAsync(() -> {
            int i = 0;
            try {
                while (running.get()) {
                    ToxicDirection d = i % 2 == 0 ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
                    p.toxics().latency("l" + i, d, 1);
                    Thread.sleep(2);
                    p.toxics().get("l" + i).remove();
                    i++;
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Socket s = Sockets.connect(p.getListen())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int off = 0; off < data.length; off += 8192) {
                        s.getOutputStream().write(data, off, 8192);
                    }
                } catch (IOException ignored) {
                    // the read below fails then
                }
            });
            assertThat(s.getInputStream().readNBytes(data.length)).isEqualTo(data);
            writer.join();
        } finally {
            running.set(false);
            changes.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void toxicityZeroNeverAppliesAndOneAlwaysDoes() throws IOException {
        Proxy p = fx.proxy("toxicity", fx.echo());
        var timeout = p.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 50);
        timeout.setToxicity(0f);
        try (Socket s = Sockets.connect(p.getListen())) {
            Sockets.roundTrip(s, "passes".getBytes());
        }
        timeout.setToxicity(1f);
        try (Socket s = Sockets.connect(p.getListen())) {
            s.getOutputStream().write("dropped".getBytes());
            Sockets.Received r = Sockets.readUntilEofOrQuiet(s, 2000);
            assertThat(r.bytes()).isEmpty();
            assertThat(r.eof()).isTrue();
        }
    }

    /** Toxicity is drawn per connection (and direction): about half of 40 connections are cut at 0.5. */
    @Test
    void toxicityIsTheFractionOfConnectionsAffected() throws Exception {
        Proxy p = fx.proxy("half", fx.echo());
        p.toxics().timeout("hole", ToxicDirection.DOWNSTREAM, 0).setToxicity(0.5f);
        List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Socket s = Sockets.connect(p.getListen());
                clients.add(s);
                s.getOutputStream().write('x');
            }
            Thread.sleep(300);
            int passed = 0;
            for (Socket s : clients) {
                if (s.getInputStream().available() == 1) {
                    passed++;
                }
            }
            assertThat(passed).isBetween(10, 30);
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
    }

    @Test
    void updatingAToxicOnALiveConnectionRedrawsAndAppliesTheNewValue() throws IOException {
        Proxy p = fx.proxy("update", fx.echo());
        try (Socket s = Sockets.connect(p.getListen())) {
            var latency = p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 150);
            assertThat(Sockets.roundTrip(s, "a".getBytes())).isBetween(140.0, 200.0);
            latency.setLatency(0);
            assertThat(Sockets.roundTrip(s, "b".getBytes())).isLessThan(50);
        }
    }
}
