package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.audio.AudioFaults;
import io.voiceload.platform.audio.AudioOptions;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;
import java.util.UUID;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Uploading a call's recording, {@code PUT /calls/{id}/audio}, and reading it back, through real HTTP against
 * the embedded platform. Ranges and conditional requests: {@link AudioDownloadApiTest}.
 */
@WithPlatform
@WithInfrastructure
class AudioApiTest {

    static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Api api;
    private final Api staff;
    private final Recordings recordings;

    AudioApiTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
        this.staff = api.as(Role.FRONT_DESK);
        this.recordings = new Recordings(platform, staff);
    }

    @ParameterizedTest
    @ValueSource(ints = {8_000, 16_000})
    void storesAWavFileAndServesTheSameBytes(int sampleRate) {
        String call = api.createCall(Api.newHotel());
        byte[] wav = wav(sampleRate, sampleRate / 2, 1); // 500 ms

        Api.Response uploaded = recordings.upload(call, "audio/wav", wav);

        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(201);
        JsonNode meta = uploaded.body();
        assertThat(meta.path("callId").asText()).isEqualTo(call);
        assertThat(meta.path("format").asText()).isEqualTo("wav");
        assertThat(meta.path("mediaType").asText()).isEqualTo("audio/wav");
        assertThat(meta.path("sampleRate").asInt()).isEqualTo(sampleRate);
        assertThat(meta.path("channels").asInt()).isEqualTo(1);
        assertThat(meta.path("bitsPerSample").asInt()).isEqualTo(16);
        assertThat(meta.path("bytes").asLong()).isEqualTo(wav.length);
        assertThat(meta.path("samples").asLong()).isEqualTo(sampleRate / 2);
        assertThat(meta.path("durationMs").asLong()).isEqualTo(500);
        assertThat(meta.path("sha256").asText()).isEqualTo(sha256(wav));

        Binary download = recordings.get(call, null);
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.body()).isEqualTo(wav);
        assertThat(download.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(download.header("Content-Length")).isEqualTo(String.valueOf(wav.length));
        assertThat(download.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(download.header("ETag")).isEqualTo("\"" + sha256(wav) + "\"");
        assertThat(download.header("X-Audio-Duration-Ms")).isEqualTo("500");

        Api.Response read = staff.get("/calls/" + call + "/audio/meta");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(meta);
    }

    @ParameterizedTest
    @ValueSource(strings = {"audio/L16;rate=8000", "audio/l16; rate=\"8000\"; channels=1", "AUDIO/L16;Rate=8000"})
    void storesRawBigEndianL16(String contentType) {
        String call = api.createCall(Api.newHotel());
        byte[] pcm = pcm(2_000, 7, ByteOrder.BIG_ENDIAN); // 250 ms at 8000 Hz

        Api.Response uploaded = recordings.upload(call, contentType, pcm);

        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(201);
        assertThat(uploaded.body().path("format").asText()).isEqualTo("l16");
        assertThat(uploaded.body().path("mediaType").asText()).isEqualTo("audio/L16;rate=8000");
        assertThat(uploaded.body().path("sampleRate").asInt()).isEqualTo(8_000);
        assertThat(uploaded.body().path("durationMs").asLong()).isEqualTo(250);
        Binary download = recordings.get(call, null);
        assertThat(download.body()).isEqualTo(pcm);
        assertThat(download.header("Content-Type")).isEqualTo("audio/L16;rate=8000");
    }

    @Test
    void aNewUploadReplacesTheRecording() {
        String call = api.createCall(Api.newHotel());
        byte[] first = wav(8_000, 800, 1);
        byte[] second = wav(16_000, 3_200, 2);

        assertThat(recordings.upload(call, "audio/wav", first).status()).isEqualTo(201);
        Api.Response replaced = recordings.upload(call, "audio/x-wav", second);

        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        assertThat(replaced.body().path("sampleRate").asInt()).isEqualTo(16_000);
        assertThat(replaced.body().path("sha256").asText()).isEqualTo(sha256(second));
        assertThat(recordings.get(call, null).body()).isEqualTo(second);
    }

    /**
     * A trigger makes the write fail for one call only: the answer is a JSON 500, and the earlier recording
     * and its metadata are still served, whole.
     */
    @Test
    void aFailedWriteKeepsThePreviousRecording(DataSource db) throws Exception {
        String call = api.createCall(Api.newHotel());
        byte[] kept = wav(8_000, 800, 21);
        JsonNode keptMeta = recordings.upload(call, "audio/wav", kept).body();
        ServerLog.Captured<Api.Response> attempt = ServerLog.capture(() -> EventInsertFault.whileFailingFor(
                db, "call_audio", call, () -> recordings.upload(call, "audio/wav", wav(16_000, 3_200, 22))));

        Api.Response failed = attempt.value();
        failed.assertError(500);
        assertThat(failed.raw()).doesNotContain("injected failure");
        ServerLog.assertUnexpectedFailureLogged(
                attempt.log(), failed.body().path("details").path("errorId").asText(), "injected failure");
        assertThat(recordings.get(call, null).body()).isEqualTo(kept);
        assertThat(staff.get("/calls/" + call + "/audio/meta").body()).isEqualTo(keptMeta);
    }

    @Test
    void refusesAnOversizedUploadByItsContentLengthAndKeepsTheRecording() {
        String call = api.createCall(Api.newHotel());
        byte[] kept = wav(8_000, 400, 9);
        recordings.upload(call, "audio/wav", kept);
        byte[] huge = new byte[(int) AudioOptions.DEFAULT_MAX_UPLOAD_BYTES + 1];

        // Expect: 100-continue, as a careful client sends a large body: the platform answers 413 from the headers
        // alone, so the body is never sent. Without it the client may still be sending when the server closes
        // the connection after its 413, and then sees no answer at all (a flake in CI).
        JsonNode error = staff.send(recordings
                        .request(call)
                        .expectContinue(true)
                        .header("Content-Type", "audio/L16;rate=8000")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(huge)))
                .assertError(413);

        assertThat(error.path("details").path("maxBytes").asLong()).isEqualTo(AudioOptions.DEFAULT_MAX_UPLOAD_BYTES);
        assertThat(error.path("details").path("contentLength").asLong()).isEqualTo(huge.length);
        assertThat(recordings.get(call, null).body()).isEqualTo(kept);
    }

    @Test
    void refusesAnOversizedChunkedUploadWhileReadingItAndStoresNothing() {
        String call = api.createCall(Api.newHotel());
        byte[] huge = new byte[(int) AudioOptions.DEFAULT_MAX_UPLOAD_BYTES + 2];

        // An input stream publisher has no length: the body goes chunked, without Content-Length.
        JsonNode error = staff.send(recordings
                        .request(call)
                        .header("Content-Type", "audio/L16;rate=8000")
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge))))
                .assertError(413);

        assertThat(error.path("details").path("maxBytes").asLong()).isEqualTo(AudioOptions.DEFAULT_MAX_UPLOAD_BYTES);
        assertThat(error.path("details").has("contentLength")).isFalse();
        assertThat(staff.get("/calls/" + call + "/audio/meta")
                        .assertError(404)
                        .path("error")
                        .asText())
                .isEqualTo("call " + call + " has no audio");
    }

    @Test
    void acceptsAChunkedUploadWithinTheLimit() {
        String call = api.createCall(Api.newHotel());
        byte[] wav = wav(16_000, 16_000, 10);

        Api.Response uploaded = staff.send(recordings
                .request(call)
                .header("Content-Type", "audio/wav")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(wav))));

        assertThat(uploaded.status()).as(uploaded.raw()).isEqualTo(201);
        assertThat(recordings.get(call, null).body()).isEqualTo(wav);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "text/plain",
                "application/json",
                "audio/mpeg",
                "audio/L16",
                "audio/L16;rate=44100",
                "audio/L16;rate=8000;channels=2",
                "audio/L16;rate=abc"
            })
    void refusesOtherContentTypesWith415(String contentType) {
        String call = api.createCall(Api.newHotel());

        JsonNode error = recordings
                .upload(call, contentType, pcm(100, 1, ByteOrder.BIG_ENDIAN))
                .assertError(415);

        assertThat(error.path("details").path("allowed").asText())
                .contains("audio/wav")
                .contains("audio/L16;rate=8000");
        assertNothingStored(call);
    }

    @Test
    void refusesAnUploadWithoutContentType() {
        String call = api.createCall(Api.newHotel());

        JsonNode error = staff.send(
                        recordings.request(call).PUT(HttpRequest.BodyPublishers.ofByteArray(wav(8_000, 10, 1))))
                .assertError(415);

        assertThat(error.path("error").asText()).isEqualTo("Content-Type is required");
    }

    @Test
    void refusesWellFormedWavFilesOfAnotherFormatWith415NamingEachProblem() {
        String call = api.createCall(Api.newHotel());
        AudioFormat stereo441 = new AudioFormat(44_100, 16, 2, true, false);
        AudioFormat eightBit = new AudioFormat(8_000, 8, 1, true, false);

        JsonNode details = recordings
                .upload(call, "audio/wav", wav(stereo441, new byte[400]))
                .assertError(415)
                .path("details");
        assertThat(details.path("sampleRate").asText()).isEqualTo("is 44100 Hz; must be 8000 or 16000");
        assertThat(details.path("channels").asText()).isEqualTo("is 2; must be 1 (mono)");

        details = recordings
                .upload(call, "audio/wav", wav(eightBit, new byte[400]))
                .assertError(415)
                .path("details");
        assertThat(details.path("bitsPerSample").asText()).isEqualTo("is 8; must be 16");
        assertNothingStored(call);
    }

    @Test
    void refusesCorruptWavFilesWith400() {
        String call = api.createCall(Api.newHotel());
        byte[] valid = wav(8_000, 800, 11);
        byte[] truncated = Arrays.copyOf(valid, valid.length - 100);
        byte[] garbage = Arrays.copyOf(valid, 64);
        Arrays.fill(garbage, 12, 64, (byte) 0x7f); // RIFF/WAVE magic, then nonsense chunks
        byte[] notRiff = pcm(100, 12, ByteOrder.LITTLE_ENDIAN);

        assertThat(recordings
                        .upload(call, "audio/wav", truncated)
                        .assertError(400)
                        .path("error")
                        .asText())
                .startsWith("truncated WAV file");
        assertThat(recordings
                        .upload(call, "audio/wav", garbage)
                        .assertError(400)
                        .path("error")
                        .asText())
                .startsWith("corrupt WAV file");
        assertThat(recordings
                        .upload(call, "audio/wav", notRiff)
                        .assertError(400)
                        .path("error")
                        .asText())
                .startsWith("not a WAV file");
        assertThat(recordings
                        .upload(call, "audio/wav", wav(8_000, 0, 1))
                        .assertError(400)
                        .path("error")
                        .asText())
                .isEqualTo("the WAV file holds no samples");
        assertThat(recordings
                        .upload(call, "audio/wav", new byte[0])
                        .assertError(400)
                        .path("error")
                        .asText())
                .startsWith("the request body is empty");
        assertThat(recordings
                        .upload(call, "audio/L16;rate=16000", new byte[301])
                        .assertError(400)
                        .path("error")
                        .asText())
                .contains("odd length");
        assertNothingStored(call);
    }

    @Test
    void largeUploadsAreCheckedAsTheyStreamAndARefusalKeepsThePreviousRecording() {
        String call = api.createCall(Api.newHotel());
        byte[] kept = wav(16_000, 1_000, 20);
        assertThat(recordings.upload(call, "audio/wav", kept).status()).isEqualTo(201);
        byte[] large = wav(16_000, 160_000, 21); // 10 s: far past the first 64 KiB the platform checks first
        byte[] truncated = Arrays.copyOf(large, large.length - 1_000);

        JsonNode refusal = recordings.upload(call, "audio/wav", truncated).assertError(400);
        assertThat(refusal.path("error").asText()).startsWith("truncated WAV file");
        assertThat(refusal.path("details").path("declaredBytes").asLong()).isEqualTo(320_000);
        assertThat(refusal.path("details").path("presentBytes").asLong()).isEqualTo(319_000);
        assertThat(recordings
                        .upload(call, "audio/L16;rate=16000", new byte[300_001])
                        .assertError(400)
                        .path("error")
                        .asText())
                .contains("odd length (300001 bytes)");
        assertThat(recordings.get(call, null).body())
                .as("the recording before the refusals")
                .isEqualTo(kept);

        Api.Response replaced = recordings.upload(call, "audio/wav", large);
        assertThat(replaced.status()).as(replaced.raw()).isEqualTo(200);
        assertThat(replaced.body().path("samples").asLong()).isEqualTo(160_000);
        assertThat(replaced.body().path("durationMs").asLong()).isEqualTo(10_000);
        assertThat(replaced.body().path("sha256").asText()).isEqualTo(sha256(large));
        Binary download = recordings.get(call, null);
        assertThat(download.body()).isEqualTo(large);
        assertThat(recordings.get(call, "bytes=100000-250000").body())
                .as("a range across pieces")
                .isEqualTo(Arrays.copyOfRange(large, 100_000, 250_001));
    }

    @Test
    void thePlantedCorruptionFlipsTheMiddleByteOfTheStoredRecordingOnly() {
        try (EmbeddedPlatform faulty = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(new AudioFaults(1)).build())) {
            PlatformEndpoint endpoint = new PlatformEndpoint(faulty.platform().baseUrl(), true);
            Api faultyStaff = new Api(endpoint).as(Role.FRONT_DESK);
            Recordings faultyRecordings = new Recordings(endpoint, faultyStaff);
            String call = faultyStaff.createCall(Api.newHotel());
            byte[] wav = wav(16_000, 100_000, 22);

            Api.Response uploaded = faultyRecordings.upload(call, "audio/wav", wav);

            assertThat(uploaded.body().path("sha256").asText())
                    .as("the metadata describe what was sent")
                    .isEqualTo(sha256(wav));
            byte[] stored = faultyRecordings.get(call, null).body();
            assertThat(stored).hasSameSizeAs(wav).isNotEqualTo(wav);
            byte[] expected = wav.clone();
            expected[wav.length / 2] ^= (byte) 0xFF;
            assertThat(stored).isEqualTo(expected);
        }
    }

    @Test
    void unknownCallsAre404() {
        for (String id : new String[] {UUID.randomUUID().toString(), "not-a-uuid"}) {
            assertThat(recordings
                            .upload(id, "audio/wav", wav(8_000, 100, 1))
                            .assertError(404)
                            .path("error")
                            .asText())
                    .isEqualTo("no call with id " + id);
            staff.get("/calls/" + id + "/audio").assertError(404);
            staff.get("/calls/" + id + "/audio/meta").assertError(404);
            assertThat(recordings
                            .send(recordings.request(id).method("HEAD", HttpRequest.BodyPublishers.noBody()))
                            .status())
                    .isEqualTo(404);
        }
        String withoutAudio = api.createCall(Api.newHotel());
        assertThat(staff.get("/calls/" + withoutAudio + "/audio")
                        .assertError(404)
                        .path("error")
                        .asText())
                .isEqualTo("call " + withoutAudio + " has no audio");
    }

    // --- helpers

    /** A binary answer (Api reads bodies as text). */
    record Binary(int status, HttpHeaders headers, byte[] body) {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    /** The recording endpoints, called by one client with binary answers. */
    record Recordings(PlatformEndpoint platform, Api client) {

        HttpRequest.Builder request(String call) {
            return HttpRequest.newBuilder(platform.resolve("/calls/" + call + "/audio"));
        }

        Api.Response upload(String call, String contentType, byte[] body) {
            return client.send(request(call)
                    .header("Content-Type", contentType)
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)));
        }

        /** GET, with {@code range} as the Range header unless null. */
        Binary get(String call, String range) {
            HttpRequest.Builder request = request(call).GET();
            if (range != null) {
                request.header("Range", range);
            }
            return send(request);
        }

        Binary send(HttpRequest.Builder request) {
            return AudioApiTest.send(client, request);
        }
    }

    static Binary send(Api client, HttpRequest.Builder request) {
        try {
            HttpResponse<byte[]> r = CLIENT.send(
                    client.authorize(request).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return new Binary(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void assertNothingStored(String call) {
        staff.get("/calls/" + call + "/audio").assertError(404);
    }

    /** Seeded random 16-bit samples in the given byte order. */
    static byte[] pcm(int samples, long seed, ByteOrder order) {
        Random random = new Random(seed);
        ByteBuffer buffer = ByteBuffer.allocate(samples * 2).order(order);
        for (int i = 0; i < samples; i++) {
            buffer.putShort((short) random.nextInt(-20_000, 20_000));
        }
        return buffer.array();
    }

    /** A 16-bit mono PCM WAV file of seeded random samples, written by the JDK. */
    static byte[] wav(int sampleRate, int samples, long seed) {
        return wav(new AudioFormat(sampleRate, 16, 1, true, false), pcm(samples, seed, ByteOrder.LITTLE_ENDIAN));
    }

    static byte[] wav(AudioFormat format, byte[] frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AudioInputStream in =
                new AudioInputStream(new ByteArrayInputStream(frames), format, frames.length / format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
