package io.voiceload.platform.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * {@code POST /tts}: text to a WAV file by the synthetic tone generator ({@link ToneSynthesizer}), for
 * every authenticated role. Described in {@code docs/api.md, "Audio"}.
 */
final class TtsRoutes {

    /** Value of the {@code X-TTS-Engine} header: says plainly that no real TTS engine answered. */
    static final String ENGINE = "synthetic";

    static final int DEFAULT_SAMPLE_RATE = 16_000;

    private static final List<String> FIELDS = List.of("text", "sampleRate", "voice");

    private final int maxCharacters;
    private final boolean bufferWhole;

    /** @param bufferWhole the planted bug of {@link AudioFaults#bufferWholeRecordings()}: the WAV made whole first */
    TtsRoutes(AudioOptions options, boolean bufferWhole) {
        this.maxCharacters = options.maxTtsCharacters();
        this.bufferWhole = bufferWhole;
    }

    void install(RoutesConfig routes) {
        routes.post("/tts", this::synthesise, Role.AUTHENTICATED);
    }

    private void synthesise(Context ctx) {
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.put(name, "unknown field; allowed are " + FIELDS);
            }
        }
        String text = null;
        JsonNode rawText = body.get("text");
        if (rawText == null || rawText.isNull()) {
            problems.put("text", "is required: a string of 1 to " + maxCharacters + " characters");
        } else if (!rawText.isTextual()) {
            problems.put("text", "must be a string, not " + Json.describe(rawText));
        } else if (rawText.textValue().isBlank()) {
            problems.put("text", "must not be empty or blank: 1 to " + maxCharacters + " characters");
        } else {
            text = rawText.textValue();
            int length = text.codePointCount(0, text.length());
            if (length > maxCharacters) {
                problems.put("text", "has " + length + " characters; at most " + maxCharacters + " are allowed");
            }
        }
        int sampleRate = DEFAULT_SAMPLE_RATE;
        JsonNode rawRate = body.get("sampleRate");
        if (rawRate != null && !rawRate.isNull()) {
            if (rawRate.isIntegralNumber() && (rawRate.asLong() == 8_000 || rawRate.asLong() == 16_000)) {
                sampleRate = rawRate.asInt();
            } else {
                problems.put("sampleRate", "must be 8000 or 16000 (default " + DEFAULT_SAMPLE_RATE + ")");
            }
        }
        SyntheticVoice voice = SyntheticVoice.NEUTRAL;
        JsonNode rawVoice = body.get("voice");
        if (rawVoice != null && !rawVoice.isNull()) {
            voice = rawVoice.isTextual()
                    ? SyntheticVoice.fromWire(rawVoice.textValue()).orElse(null)
                    : null;
            if (voice == null) {
                problems.put(
                        "voice",
                        "must be one of " + SyntheticVoice.wireNames() + " (default "
                                + SyntheticVoice.NEUTRAL.wireName() + ")");
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid TTS request: " + String.join(", ", problems.keySet()), problems);
        }
        long samples = (long) text.codePointCount(0, text.length()) * ToneSynthesizer.samplesPerCharacter(sampleRate);
        long pcmBytes = samples * Recording.BYTES_PER_SAMPLE;
        ctx.header("X-TTS-Engine", ENGINE);
        ctx.header("X-TTS-Voice", voice.wireName());
        ctx.header("X-Audio-Duration-Ms", String.valueOf(samples * 1000 / sampleRate));
        ctx.header("Content-Length", String.valueOf(wav(new byte[0], sampleRate).length + pcmBytes));
        ctx.status(200).contentType("audio/wav");
        if (bufferWhole) {
            ctx.result(wav(ToneSynthesizer.synthesise(text, voice, sampleRate), sampleRate));
            return;
        }
        // Streamed as it is synthesised: the JDK's WAV writer copies the samples through a 4 KiB buffer, and the
        // synthesiser makes them one code point at a time, so a response holds a few KiB however long the text.
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(
                ToneSynthesizer.stream(text, voice, sampleRate), format, pcmBytes / format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, ctx.res().getOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("sending the synthesised WAV failed", e);
        }
    }

    /** A WAV file (RIFF/WAVE, 16-bit signed little-endian PCM, mono) around {@code pcm}, by the JDK's writer. */
    static byte[] wav(byte[] pcm, int sampleRate) {
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        ByteArrayOutputStream out = new ByteArrayOutputStream(pcm.length + 64);
        try (AudioInputStream in =
                new AudioInputStream(new ByteArrayInputStream(pcm), format, pcm.length / format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing a WAV file in memory failed", e);
        }
        return out.toByteArray();
    }
}
