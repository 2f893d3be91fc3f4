package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.audio.AudioOptions;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code POST /tts}, the synthetic tone generator, through real HTTP against the embedded platform. */
@WithPlatform
class TtsApiTest {

    /** 65 ms per code point. */
    private static final int SAMPLES_PER_CHARACTER_16K = 1_040;

    private static final int SAMPLES_PER_CHARACTER_8K = 520;

    private final Api api;
    private final PlatformEndpoint platform;

    TtsApiTest(PlatformEndpoint platform) {
        this.platform = platform;
        this.api = new Api(platform).as(Role.GUEST);
    }

    @Test
    void synthesisesAValidWavFileWhoseLengthGrowsWithTheText() {
        String shortText = "Good evening.";
        String longText = (shortText + " ").repeat(9) + shortText; // 10× the sentence, plus 9 spaces

        Synthesised one = synthesise(Map.of("text", shortText));
        Synthesised ten = synthesise(Map.of("text", longText));

        for (Synthesised wav : new Synthesised[] {one, ten}) {
            AudioFormat format = wav.file().getFormat();
            assertThat(wav.file().getType()).isEqualTo(AudioFileFormat.Type.WAVE);
            assertThat(format.getEncoding()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(format.getSampleRate()).isEqualTo(16_000f);
            assertThat(format.getSampleSizeInBits()).isEqualTo(16);
            assertThat(format.getChannels()).isEqualTo(1);
            assertThat(format.isBigEndian()).isFalse();
        }
        assertThat(one.file().getFrameLength()).isEqualTo(shortText.length() * SAMPLES_PER_CHARACTER_16K);
        assertThat(ten.file().getFrameLength()).isEqualTo(longText.length() * SAMPLES_PER_CHARACTER_16K);
        double ratio = (double) ten.file().getFrameLength() / one.file().getFrameLength();
        assertThat(ratio).isEqualTo((double) longText.length() / shortText.length());
        assertThat(one.header("X-Audio-Duration-Ms")).isEqualTo(String.valueOf(shortText.length() * 65));
        assertThat(one.header("X-TTS-Engine")).isEqualTo("synthetic");
        assertThat(one.header("X-TTS-Voice")).isEqualTo("neutral");
        assertThat(one.header("Content-Type")).isEqualTo("audio/wav");
        assertThat(one.header("Content-Length")).isEqualTo(String.valueOf(one.bytes().length));
    }

    @Test
    void lettersSoundAndSpacesAreSilent() {
        Synthesised wav = synthesise(Map.of("text", "a b"));
        short[] samples = wav.samples();

        assertThat(samples).hasSize(3 * SAMPLES_PER_CHARACTER_16K);
        assertThat(peak(samples, 0, SAMPLES_PER_CHARACTER_16K)).isGreaterThan(5_000);
        assertThat(peak(samples, SAMPLES_PER_CHARACTER_16K, 2 * SAMPLES_PER_CHARACTER_16K))
                .isZero();
        assertThat(peak(samples, 2 * SAMPLES_PER_CHARACTER_16K, 3 * SAMPLES_PER_CHARACTER_16K))
                .isGreaterThan(5_000);
        // Smooth attack: the first sample of a tone is silent, not a click.
        assertThat(samples[0]).isZero();
    }

    @Test
    void isDeterministicAndDependsOnTextAndVoice() {
        Synthesised first = synthesise(Map.of("text", "Room service, please."));
        Synthesised again = synthesise(Map.of("text", "Room service, please."));
        Synthesised otherText = synthesise(Map.of("text", "Room service, pleasE."));
        Synthesised otherVoice = synthesise(Map.of("text", "Room service, please.", "voice", "low"));

        assertThat(again.bytes()).isEqualTo(first.bytes());
        assertThat(otherText.bytes()).hasSameSizeAs(first.bytes()).isNotEqualTo(first.bytes());
        assertThat(otherVoice.bytes()).hasSameSizeAs(first.bytes()).isNotEqualTo(first.bytes());
        assertThat(otherVoice.header("X-TTS-Voice")).isEqualTo("low");
    }

    @Test
    void synthesisesAt8000Hz() {
        Synthesised wav = synthesise(Map.of("text", "Checkout is at noon", "sampleRate", 8_000, "voice", "high"));

        assertThat(wav.file().getFormat().getSampleRate()).isEqualTo(8_000f);
        assertThat(wav.file().getFrameLength()).isEqualTo(19L * SAMPLES_PER_CHARACTER_8K);
        assertThat(wav.bytes()).hasSize(44 + 19 * SAMPLES_PER_CHARACTER_8K * 2); // canonical 44-byte header
        assertThat(wav.header("X-Audio-Duration-Ms")).isEqualTo(String.valueOf(19 * 65));
    }

    @Test
    void acceptsTheLongestTextAndCountsCodePoints() {
        // 2,000 code points, each two UTF-16 chars: within the limit although String.length() is 4,000.
        String text = "\uD83D\uDECE".repeat(AudioOptions.DEFAULT_MAX_TTS_CHARACTERS);

        Synthesised wav = synthesise(Map.of("text", text, "sampleRate", 8_000));

        assertThat(wav.file().getFrameLength())
                .isEqualTo((long) AudioOptions.DEFAULT_MAX_TTS_CHARACTERS * SAMPLES_PER_CHARACTER_8K);
    }

    @Test
    void refusesATextOverTheLimit() {
        String text = "a".repeat(AudioOptions.DEFAULT_MAX_TTS_CHARACTERS + 1);

        JsonNode details = post(Map.of("text", text)).assertError(400).path("details");

        assertThat(details.path("text").asText()).isEqualTo("has 2001 characters; at most 2000 are allowed");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{}",
                "{\"text\": \"\"}",
                "{\"text\": \"   \"}",
                "{\"text\": null}",
                "{\"text\": 42}",
                "{\"text\": \"hi\", \"sampleRate\": 44100}",
                "{\"text\": \"hi\", \"sampleRate\": \"8000\"}",
                "{\"text\": \"hi\", \"voice\": \"robot\"}",
                "{\"text\": \"hi\", \"speed\": 2}",
                "not json"
            })
    void refusesInvalidRequestsNamingTheField(String body) {
        JsonNode error = api.post("/tts", body).assertError(400);

        if (!body.equals("not json")) {
            String field = body.contains("sampleRate")
                    ? "sampleRate"
                    : body.contains("voice") ? "voice" : body.contains("speed") ? "speed" : "text";
            assertThat(error.path("details").path(field).asText()).isNotBlank();
        }
    }

    @Test
    void namesTheAllowedValues() {
        Map<String, Object> body = new HashMap<>();
        body.put("text", "");
        body.put("sampleRate", 11_025);
        body.put("voice", "robot");

        JsonNode details = post(body).assertError(400).path("details");

        assertThat(details.path("text").asText()).isEqualTo("must not be empty or blank: 1 to 2000 characters");
        assertThat(details.path("sampleRate").asText()).isEqualTo("must be 8000 or 16000 (default 16000)");
        assertThat(details.path("voice").asText()).isEqualTo("must be one of [neutral, low, high] (default neutral)");
    }

    // --- helpers

    /** A synthesised answer: the WAV bytes, parsed back by {@code javax.sound.sampled}. */
    record Synthesised(AudioApiTest.Binary answer, AudioFileFormat file) {
        byte[] bytes() {
            return answer.body();
        }

        String header(String name) {
            return answer.header(name);
        }

        short[] samples() {
            try (AudioInputStream in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(bytes()))) {
                byte[] pcm = in.readAllBytes();
                short[] samples = new short[pcm.length / 2];
                ByteBuffer.wrap(pcm)
                        .order(ByteOrder.LITTLE_ENDIAN)
                        .asShortBuffer()
                        .get(samples);
                return samples;
            } catch (IOException | UnsupportedAudioFileException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Synthesised synthesise(Map<String, ?> body) {
        AudioApiTest.Binary answer = AudioApiTest.send(api, request(body));
        assertThat(answer.status()).as(new String(answer.body())).isEqualTo(200);
        try {
            return new Synthesised(answer, AudioSystem.getAudioFileFormat(new ByteArrayInputStream(answer.body())));
        } catch (UnsupportedAudioFileException e) {
            throw new AssertionError("not a WAV file", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Api.Response post(Map<String, ?> body) {
        return api.send(request(body));
    }

    private HttpRequest.Builder request(Map<String, ?> body) {
        try {
            return HttpRequest.newBuilder(platform.resolve("/tts"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Api.JSON.writeValueAsString(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static int peak(short[] samples, int from, int to) {
        int peak = 0;
        for (int i = from; i < to; i++) {
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        return peak;
    }
}
