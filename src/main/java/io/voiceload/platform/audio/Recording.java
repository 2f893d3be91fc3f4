package io.voiceload.platform.audio;

import io.voiceload.platform.http.ApiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * A checked recording, ready to store: its bytes exactly as uploaded, and what they hold.
 *
 * @param format WAV or raw L16
 * @param sampleRate samples per second: 8000 or 16000
 * @param samples number of 16-bit mono samples
 * @param data the uploaded bytes (the whole WAV file, or the raw samples)
 */
record Recording(RecordingFormat format, int sampleRate, long samples, byte[] data) {

    static final int BYTES_PER_SAMPLE = 2;

    /** Duration in milliseconds, rounded to the nearest. */
    long durationMs() {
        return (samples * 1000 + sampleRate / 2) / sampleRate;
    }

    /**
     * Checks an upload against what its {@code Content-Type} announced.
     *
     * @throws ApiException 400 when the body is empty, not a WAV file, corrupt or truncated, or raw samples
     *     of odd length; 415 when a well-formed WAV file is not 16-bit PCM mono at 8000 or 16000 Hz
     */
    static Recording decode(UploadType type, byte[] data) {
        if (data.length == 0) {
            throw ApiException.badRequest("the request body is empty: send the recording's bytes", null);
        }
        return switch (type.format()) {
            case WAV -> decodeWav(data);
            case L16 -> decodeL16(type.sampleRate(), data);
        };
    }

    private static Recording decodeL16(int sampleRate, byte[] data) {
        if (data.length % BYTES_PER_SAMPLE != 0) {
            throw ApiException.badRequest(
                    "audio/L16 body has an odd length (" + data.length + " bytes): every sample takes 2 bytes",
                    Map.of("bytes", data.length));
        }
        return new Recording(RecordingFormat.L16, sampleRate, data.length / BYTES_PER_SAMPLE, data);
    }

    private static Recording decodeWav(byte[] data) {
        if (data.length < 12
                || !ascii(data, 0, 4).equals("RIFF")
                || !ascii(data, 8, 4).equals("WAVE")) {
            throw ApiException.badRequest(
                    "not a WAV file: the body must start with a RIFF/WAVE header",
                    Map.of("allowed", UploadType.ALLOWED));
        }
        AudioFileFormat file;
        long dataBytes;
        // The JDK's WAV reader parses the chunks; it signals malformed input with checked and unchecked
        // exceptions alike, so every one of them means "corrupt" here.
        try {
            file = AudioSystem.getAudioFileFormat(new ByteArrayInputStream(data));
            if (file.getType() != AudioFileFormat.Type.WAVE) {
                throw corrupt("not a WAVE file");
            }
            checkSupported(file.getFormat());
            try (AudioInputStream samples = AudioSystem.getAudioInputStream(new ByteArrayInputStream(data))) {
                dataBytes = countBytes(samples);
                long declared = samples.getFrameLength();
                if (declared != AudioSystem.NOT_SPECIFIED && dataBytes < declared * BYTES_PER_SAMPLE) {
                    throw ApiException.badRequest(
                            "truncated WAV file: its header declares " + declared * BYTES_PER_SAMPLE
                                    + " bytes of samples, the body holds " + dataBytes,
                            Map.of("declaredBytes", declared * BYTES_PER_SAMPLE, "presentBytes", dataBytes));
                }
            }
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            if (e instanceof ApiException refusal) {
                throw refusal;
            }
            throw corrupt(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        if (dataBytes == 0) {
            throw ApiException.badRequest("the WAV file holds no samples", null);
        }
        int sampleRate = Math.round(file.getFormat().getSampleRate());
        return new Recording(RecordingFormat.WAV, sampleRate, dataBytes / BYTES_PER_SAMPLE, data);
    }

    private static void checkSupported(AudioFormat format) {
        Map<String, String> problems = new LinkedHashMap<>();
        if (!AudioFormat.Encoding.PCM_SIGNED.equals(format.getEncoding())) {
            problems.put("encoding", "is " + format.getEncoding() + "; must be PCM_SIGNED (integer PCM)");
        }
        if (format.getSampleSizeInBits() != 16) {
            problems.put("bitsPerSample", "is " + format.getSampleSizeInBits() + "; must be 16");
        }
        if (format.getChannels() != 1) {
            problems.put("channels", "is " + format.getChannels() + "; must be 1 (mono)");
        }
        float rate = format.getSampleRate();
        if (rate != 8000f && rate != 16000f) {
            problems.put("sampleRate", "is " + Math.round(rate) + " Hz; must be 8000 or 16000");
        }
        if (!problems.isEmpty()) {
            throw UploadType.unsupported("unsupported WAV format: " + String.join(", ", problems.keySet()), problems);
        }
    }

    private static long countBytes(InputStream in) throws IOException {
        return in.transferTo(java.io.OutputStream.nullOutputStream());
    }

    private static ApiException corrupt(String why) {
        return ApiException.badRequest("corrupt WAV file: " + why, Map.of("allowed", UploadType.ALLOWED));
    }

    private static String ascii(byte[] data, int offset, int length) {
        return new String(data, offset, length, StandardCharsets.ISO_8859_1);
    }
}
