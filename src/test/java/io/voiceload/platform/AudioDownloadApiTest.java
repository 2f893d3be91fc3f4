package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.platform.AudioApiTest.Binary;
import io.voiceload.platform.AudioApiTest.Recordings;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Downloading a call's recording: byte ranges, HEAD and conditional requests on
 * {@code /calls/{id}/audio}, through real HTTP against the embedded platform.
 */
@WithPlatform
class AudioDownloadApiTest {

    private final Api api;
    private final Api staff;
    private final Recordings recordings;

    AudioDownloadApiTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
        this.staff = api.as(Role.MANAGER);
        this.recordings = new Recordings(platform, staff);
    }

    @Test
    void aRecordingReplacedDuringItsDownloadEndsTheDownloadShortAndNeverMixesTheTwo() throws Exception {
        String call = api.createCall(Api.newHotel());
        // 8 MB: more than the platform's socket can buffer while the client reads nothing, so the download is
        // still reading pieces from Postgres when the recording is replaced.
        byte[] first = AudioApiTest.pcm(4 * 1024 * 1024, 31, java.nio.ByteOrder.BIG_ENDIAN);
        byte[] second = AudioApiTest.pcm(4 * 1024 * 1024, 32, java.nio.ByteOrder.BIG_ENDIAN);
        assertThat(recordings.upload(call, "audio/L16;rate=16000", first).status())
                .isEqualTo(201);
        String authorization = staff.authorize(
                        HttpRequest.newBuilder(staff.endpoint().resolve("/")))
                .build()
                .headers()
                .firstValue("Authorization")
                .orElseThrow();
        URI base = staff.endpoint().resolve("/");
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(16 * 1024);
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
            socket.getOutputStream()
                    .write(("GET /calls/" + call + "/audio HTTP/1.1\r\nHost: " + base.getAuthority()
                                    + "\r\nAuthorization: " + authorization + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            Thread.sleep(1_000); // the platform fills its buffers and waits for the client
            assertThat(recordings.upload(call, "audio/L16;rate=16000", second).status())
                    .isEqualTo(200);

            InputStream in = socket.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200").contains("Content-Length: " + first.length);
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    body.write(buffer, 0, n);
                }
            } catch (IOException reset) {
                // the platform aborts the response: a reset ends it as well as an end of stream
            }
            byte[] received = body.toByteArray();
            assertThat(received.length).as("bytes received of %d", first.length).isLessThan(first.length);
            assertThat(received).as("a prefix of the first recording").isEqualTo(Arrays.copyOf(first, received.length));
        }
        assertThat(recordings.get(call, null).body()).isEqualTo(second);
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the answer ended in its head: " + head);
            }
            head.append((char) b);
        }
        return head.toString();
    }

    @Test
    void servesSingleByteRanges() {
        String call = api.createCall(Api.newHotel());
        byte[] wav = AudioApiTest.wav(8_000, 1_000, 3);
        int length = wav.length;
        recordings.upload(call, "audio/wav", wav);

        assertPart(recordings.get(call, "bytes=0-99"), wav, 0, 99);
        assertPart(recordings.get(call, "bytes=-100"), wav, length - 100, length - 1);
        assertPart(recordings.get(call, "bytes=" + (length - 10) + "-"), wav, length - 10, length - 1);
        assertPart(recordings.get(call, "bytes=100-99999999"), wav, 100, length - 1);
        assertPart(recordings.get(call, "bytes=-99999999"), wav, 0, length - 1);
        assertPart(recordings.get(call, "bytes=7-7"), wav, 7, 7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=LENGTH-", "bytes=LENGTH-LENGTH", "bytes=99999999999999999999-", "bytes=-0"})
    void answers416ForARangePastTheEnd(String range) {
        String call = api.createCall(Api.newHotel());
        byte[] wav = AudioApiTest.wav(8_000, 400, 4);
        recordings.upload(call, "audio/wav", wav);

        HttpRequest.Builder request = recordings
                .request(call)
                .header("Range", range.replace("LENGTH", String.valueOf(wav.length)))
                .GET();
        Binary refused = recordings.send(request);

        assertThat(refused.status()).isEqualTo(416);
        assertThat(refused.header("Content-Range")).isEqualTo("bytes */" + wav.length);
        staff.send(request).assertError(416);
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=abc", "bytes=5-2", "items=0-1", "bytes=0-1,4-5", "bytes=", "bytes=--1", "0-1"})
    void ignoresMalformedAndMultipleRanges(String range) {
        String call = api.createCall(Api.newHotel());
        byte[] wav = AudioApiTest.wav(8_000, 400, 5);
        recordings.upload(call, "audio/wav", wav);

        Binary whole = recordings.get(call, range);

        assertThat(whole.status()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(wav);
        assertThat(whole.header("Content-Range")).isNull();
    }

    @Test
    void headAnswersTheHeadersOfGetWithoutABody() {
        String call = api.createCall(Api.newHotel());
        byte[] wav = AudioApiTest.wav(16_000, 1_600, 6);
        recordings.upload(call, "audio/wav", wav);

        for (String range : Arrays.asList(null, "bytes=0-9")) {
            HttpRequest.Builder head = recordings.request(call).method("HEAD", HttpRequest.BodyPublishers.noBody());
            if (range != null) {
                head.header("Range", range); // ranges are defined for GET only: ignored
            }
            Binary answer = recordings.send(head);
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEmpty();
            assertThat(answer.header("Content-Length")).isEqualTo(String.valueOf(wav.length));
            assertThat(answer.header("Content-Type")).isEqualTo("audio/wav");
            assertThat(answer.header("ETag")).isEqualTo("\"" + AudioApiTest.sha256(wav) + "\"");
            assertThat(answer.header("Accept-Ranges")).isEqualTo("bytes");
        }
    }

    @Test
    void honoursIfNoneMatchAndIfRange() {
        String call = api.createCall(Api.newHotel());
        byte[] wav = AudioApiTest.wav(8_000, 400, 8);
        recordings.upload(call, "audio/wav", wav);
        String etag = "\"" + AudioApiTest.sha256(wav) + "\"";

        for (String match : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            Binary notModified = recordings.send(recordings.request(call).header("If-None-Match", match));
            assertThat(notModified.status()).as(match).isEqualTo(304);
            assertThat(notModified.body()).isEmpty();
            assertThat(notModified.header("ETag")).isEqualTo(etag);
        }
        assertThat(recordings
                        .send(recordings.request(call).header("If-None-Match", "\"other\""))
                        .status())
                .isEqualTo(200);

        Binary stale = recordings.send(
                recordings.request(call).header("Range", "bytes=0-9").header("If-Range", "\"other\""));
        assertThat(stale.status()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(wav);
        assertPart(
                recordings.send(
                        recordings.request(call).header("Range", "bytes=0-9").header("If-Range", etag)),
                wav,
                0,
                9);
    }

    private static void assertPart(Binary answer, byte[] whole, int first, int last) {
        assertThat(answer.status()).isEqualTo(206);
        assertThat(answer.header("Content-Range")).isEqualTo("bytes " + first + "-" + last + "/" + whole.length);
        assertThat(answer.header("Content-Length")).isEqualTo(String.valueOf(last - first + 1));
        assertThat(answer.body()).isEqualTo(Arrays.copyOfRange(whole, first, last + 1));
    }
}
