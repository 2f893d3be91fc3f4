package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** slicer keeps the content and splits it (with its delay between pieces); slow_close holds the close back. */
class SlicerAndSlowCloseTest {
    @RegisterExtension
    static final Fixture fx = Fixture.create();

    @Test
    void slicerDeliversTheSameBytesInDelayedPieces() throws IOException {
        Proxy p = fx.proxy("slicer", fx.echo());
        p.toxics().slicer("slicer", ToxicDirection.DOWNSTREAM, 10, 20_000); // 10-byte pieces, 20 ms apart
        byte[] message = new byte[100];
        new Random(5).nextBytes(message);
        try (Socket s = Sockets.connect(p.getListen())) {
            long start = System.nanoTime();
            s.getOutputStream().write(message);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buffer = new byte[1000];
            int reads = 0;
            while (got.size() < message.length) {
                int n = in.read(buffer);
                assertThat(n).isPositive().isLessThanOrEqualTo(10);
                got.write(buffer, 0, n);
                reads++;
            }
            assertThat(got.toByteArray()).isEqualTo(message);
            assertThat(reads).isGreaterThanOrEqualTo(5);
            assertThat(Sockets.millisSince(start)).isGreaterThan(150);
        }
    }

    @Test
    void bigTransfersThroughTheSlicerArriveIntact() throws Exception {
        Proxy p = fx.proxy("slicer-big", fx.echo());
        p.toxics().slicer("slicer", ToxicDirection.UPSTREAM, 1024, 0).setSizeVariation(512);
        byte[] data = new byte[480_000];
        new Random(6).nextBytes(data);
        try (Socket s = Sockets.connect(p.getListen())) {
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    s.getOutputStream().write(data);
                } catch (IOException ignored) {
                    // the read below fails then
                }
            });
            assertThat(s.getInputStream().readNBytes(data.length)).isEqualTo(data);
            writer.join();
        }
    }

    /** Upstream's check: 480 KB at 1024 ± 512 gives pieces within the bounds, content intact. */
    @Test
    void cutsStayWithinTheVariationAndCoverTheChunk() {
        SplittableRandom random = new SplittableRandom(9);
        int total = 0;
        int pieces = 0;
        for (int chunk = 0; chunk < 15; chunk++) {
            int[] ends = SlicerPipe.cuts(32 * 1024, 1024, 512, random);
            int start = 0;
            for (int end : ends) {
                assertThat(end - start).isBetween(1, 1024 + 512);
                start = end;
            }
            assertThat(start).isEqualTo(32 * 1024);
            total += start;
            pieces += ends.length;
        }
        assertThat(total).isEqualTo(480 * 1024);
        assertThat(pieces).isBetween(480 * 1024 / 1536, 480 * 1024 / 256);
        assertThat(SlicerPipe.cuts(7, 10, 0, random)).containsExactly(7);
        assertThat(Arrays.stream(SlicerPipe.cuts(100, 10, 0, random)).toArray()).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void slowCloseDelaysTheCloseNotTheData() throws IOException {
        try (TestServer byeAndClose = TestServer.with(s -> {
            s.getInputStream().read();
            s.getOutputStream().write("bye".getBytes());
        })) {
            Proxy p = fx.proxy("slowclose", byeAndClose);
            p.toxics().slowClose("slow", ToxicDirection.DOWNSTREAM, 200);
            try (Socket s = Sockets.connect(p.getListen())) {
                long start = System.nanoTime();
                s.getOutputStream().write(1);
                assertThat(new String(s.getInputStream().readNBytes(3))).isEqualTo("bye");
                assertThat(Sockets.millisSince(start)).isLessThan(100);
                assertThat(s.getInputStream().read()).isEqualTo(-1);
                assertThat(Sockets.millisSince(start)).isBetween(190.0, 400.0);
            }
        }
    }
}
