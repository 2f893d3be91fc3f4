package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.audio.AudioFaults;
import io.voiceload.platform.audio.AudioOptions;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * The heap one audio upload or download holds, measured in this JVM (the embedded platform's) while
 * {@value #STREAMS} transfers of {@value #RECORDING_BYTES} bytes each are under way at once: the platform streams
 * recordings, so the heap grows by far less than one recording per transfer; with the planted bug
 * {@link AudioFaults#bufferWholeRecordings()} it grows by at least a recording per transfer, which the same check
 * refuses. Each transfer is held still while it is under way: an upload once the client has sent all of its body but
 * the last byte (the platform has streamed the rest on to Postgres, or the planted bug has kept it; no database lock
 * holds it, so the platform's 3 s socket timeout towards Postgres never runs out, as it did when a lock held the
 * first uploads while the last were still sending on a loaded machine); a download once the client has stopped
 * reading (a small receive window) and the platform's writes block; a {@code POST /tts} of the longest text (a WAV
 * file of about 4 MB) likewise.
 */
@WithInfrastructure
class AudioMemoryBoundTest {

    static final int STREAMS = 6;
    static final int RECORDING_BYTES = 8 * 1024 * 1024;

    /** The longest text {@code POST /tts} takes by default: 2,000 letters, 130 s of audio. */
    static final String TTS_TEXT = "a".repeat(2_000);

    /** Its WAV file at 16000 Hz: 2,000 × 1,040 samples of 2 bytes, and the header. */
    static final int TTS_WAV_BYTES = 2_000 * 1_040 * 2 + 44;

    /** The check: heap growth per concurrent transfer stays below this (docs/platform.md states 256 KiB). */
    static final long ALLOWED_PER_STREAM = 1024 * 1024;

    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void concurrentUploadsAndDownloadsOfEightMegabytesKeepTheHeapBounded() throws Exception {
        Growth growth = measure(AudioFaults.NONE);
        assertThat(growth.uploads())
                .as("heap growth with %d uploads held at once", STREAMS)
                .isLessThan(STREAMS * ALLOWED_PER_STREAM);
        assertThat(growth.downloads())
                .as("heap growth with %d downloads held at once", STREAMS)
                .isLessThan(STREAMS * ALLOWED_PER_STREAM);
        assertThat(growth.tts())
                .as("heap growth with %d syntheses held at once", STREAMS)
                .isLessThan(STREAMS * ALLOWED_PER_STREAM);
    }

    @Test
    void thePlantedBugThatBuffersWholeRecordingsFailsTheSameCheck() throws Exception {
        // The test JVM is shared: what another part of it lets go between two readings hides growth (a CI run read
        // -31 MB for TTS once). The largest of up to three measurements, each a full one.
        Growth growth = new Growth(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);
        for (int i = 0; i < 3 && !wholeRecordingsHeld(growth); i++) {
            Growth g = measure(new AudioFaults(0, true));
            growth = new Growth(
                    Math.max(growth.uploads(), g.uploads()),
                    Math.max(growth.downloads(), g.downloads()),
                    Math.max(growth.tts(), g.tts()));
        }
        // A recording per transfer: the check above fails by a wide margin.
        assertThat(growth.uploads()).isGreaterThan((long) STREAMS * RECORDING_BYTES * 9 / 10);
        assertThat(growth.downloads()).isGreaterThan((long) STREAMS * RECORDING_BYTES * 9 / 10);
        assertThat(growth.tts()).isGreaterThan((long) STREAMS * TTS_WAV_BYTES * 9 / 10);
    }

    record Growth(long uploads, long downloads, long tts) {}

    private static boolean wholeRecordingsHeld(Growth g) {
        return g.uploads() > (long) STREAMS * RECORDING_BYTES * 9 / 10
                && g.downloads() > (long) STREAMS * RECORDING_BYTES * 9 / 10
                && g.tts() > (long) STREAMS * TTS_WAV_BYTES * 9 / 10;
    }

    private static Growth measure(AudioFaults faults) throws Exception {
        PlatformOptions options = PlatformOptions.builder()
                .audio(AudioOptions.builder().maxUploadBytes(16 * 1024 * 1024).build())
                .faults(faults)
                .build();
        try (EmbeddedPlatform platform = EmbeddedPlatform.startAnother(RunningInfrastructure.shared(), options)) {
            Api staff = new Api(new PlatformEndpoint(platform.platform().baseUrl(), true)).as(Role.FRONT_DESK);
            List<String> calls = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                calls.add(staff.createCall(Api.newHotel()));
            }
            String authorization = staff.authorize(
                            HttpRequest.newBuilder(platform.platform().baseUrl()))
                    .build()
                    .headers()
                    .firstValue("Authorization")
                    .orElseThrow();
            long before = usedAfterGc();
            long uploads;
            List<Upload> held = new ArrayList<>();
            try {
                for (String call : calls) {
                    held.add(Upload.allButTheLastByte(platform.platform().baseUrl(), call, authorization));
                }
                for (Upload upload : held) {
                    upload.awaitSent();
                }
                Thread.sleep(1_000); // what the sockets still buffer reaches the platform
                uploads = usedAfterGc() - before;
                for (Upload upload : held) {
                    assertThat(upload.finish()).startsWith("HTTP/1.1 201");
                }
            } finally {
                for (Upload upload : held) {
                    upload.close();
                }
            }

            before = usedAfterGc();
            List<Socket> readers = new ArrayList<>();
            try {
                for (String call : calls) {
                    readers.add(stalled(
                            platform.platform().baseUrl(), "GET /calls/" + call + "/audio", authorization, null));
                }
                awaitAnswering(readers); // each answer under way, then its buffers and the client's window fill
                long downloads = usedAfterGc() - before;
                for (Socket reader : readers) {
                    reader.close();
                }
                readers.clear();
                // The platform lets go of a download some time after its client has gone (its blocked write fails
                // first); what it lets go of during the next measurement would be subtracted from it.
                before = awaitReleased(before);
                for (int i = 0; i < STREAMS; i++) {
                    readers.add(stalled(
                            platform.platform().baseUrl(),
                            "POST /tts",
                            authorization,
                            "{\"text\": \"" + TTS_TEXT + "\"}"));
                }
                awaitAnswering(readers);
                long tts = usedAfterGc() - before;
                System.out.printf(
                        "heap growth with %d transfers at once (%s): uploads %d, downloads %d, tts %d bytes%n",
                        STREAMS, faults, uploads, downloads, tts);
                return new Growth(uploads, downloads, tts);
            } finally {
                for (Socket reader : readers) {
                    reader.close();
                }
            }
        }
    }

    /** A request whose client reads nothing of the answer, with a receive window of 16 KiB. */
    private static Socket stalled(URI base, String request, String authorization, String json) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(16 * 1024); // before connecting, so the window stays small
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        OutputStream out = socket.getOutputStream();
        byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
        out.write((request + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: " + authorization
                        + (json == null ? "" : "\r\nContent-Type: application/json\r\nContent-Length: " + body.length)
                        + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body);
        out.flush();
        return socket;
    }

    /**
     * Waits until the platform has begun answering on every socket (the first bytes are in the client's receive
     * buffer: the planted bug has made its whole recording by then), then 2 s for its writes to block. A fixed sleep
     * was not enough on a loaded machine: a CI run measured four syntheses of six under way after 3 s.
     */
    private static void awaitAnswering(List<Socket> readers) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        int answering = 0;
        while (System.nanoTime() < deadline) {
            answering = 0;
            for (Socket reader : readers) {
                if (reader.getInputStream().available() > 0) {
                    answering++;
                }
            }
            if (answering == readers.size()) {
                Thread.sleep(2_000);
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("only " + answering + " of " + readers.size() + " answers began in 30 s");
    }

    /**
     * Waits until the heap after a full collection is back within the allowance of {@code baseline} (the transfers
     * just closed have been let go of), at most 10 s, and returns it: the baseline of the next measurement. A heap
     * that does not come back is returned as it is; the measurement after it then reads less growth, which the
     * planted bug's test meets by measuring again.
     */
    private static long awaitReleased(long baseline) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + Duration.ofSeconds(10).toNanos();
        long used = usedAfterGc();
        while (used > baseline + STREAMS * ALLOWED_PER_STREAM && System.nanoTime() < deadline) {
            Thread.sleep(100);
            used = usedAfterGc();
        }
        System.out.printf(
                "heap %d bytes above the downloads' baseline after %d ms%n",
                used - baseline, Duration.ofNanos(System.nanoTime() - start).toMillis());
        return used;
    }

    /** Heap in use after a full collection (the least of three, to shed what finishes in between). */
    static long usedAfterGc() {
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(
                    least,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return least;
    }

    /** {@code length} bytes of a repeating pattern, made as they are read: the client holds none of them. */
    static final class Samples extends InputStream {
        private long left;

        Samples(long length) {
            this.left = length;
        }

        @Override
        public int read() {
            if (left == 0) {
                return -1;
            }
            left--;
            return (int) (left * 31 & 0xFF);
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                left--;
                b[off + i] = (byte) (left * 31);
            }
            return n;
        }
    }

    /**
     * An upload held just before its end: its request and every byte of its body but the last are sent (through a
     * small send buffer, so they have reached the platform); the platform has read them, streaming them on to
     * Postgres or, with the planted bug, keeping them; it waits for the last byte, which {@link #finish} sends. No
     * database lock holds it, so no timeout of the platform's connection to Postgres runs meanwhile.
     */
    static final class Upload implements AutoCloseable {
        private final Socket socket = new Socket();
        private final Samples body = new Samples(RECORDING_BYTES);
        private final CompletableFuture<Void> sent;

        private Upload(URI base, String call, String authorization) throws IOException {
            socket.setSendBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT /calls/" + call + "/audio HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: "
                            + authorization + "\r\nContent-Type: audio/L16;rate=16000\r\nContent-Length: "
                            + RECORDING_BYTES + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            this.sent = CompletableFuture.runAsync(
                    () -> {
                        byte[] chunk = new byte[64 * 1024];
                        long left = RECORDING_BYTES - 1L;
                        try {
                            while (left > 0) {
                                int n = body.read(chunk, 0, (int) Math.min(chunk.length, left));
                                out.write(chunk, 0, n);
                                left -= n;
                            }
                            out.flush();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    },
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        }

        static Upload allButTheLastByte(URI base, String call, String authorization) throws IOException {
            return new Upload(base, call, authorization);
        }

        void awaitSent() throws Exception {
            sent.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }

        /** Sends the last byte and returns the answer's status line. */
        String finish() throws IOException {
            byte[] last = new byte[1];
            if (body.read(last, 0, 1) != 1) {
                throw new IllegalStateException("the body had no last byte left");
            }
            socket.getOutputStream().write(last);
            socket.getOutputStream().flush();
            socket.setSoTimeout(30_000);
            return readLine(socket.getInputStream());
        }

        private static String readLine(InputStream in) throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                line.append((char) c);
            }
            return line.toString().strip();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
