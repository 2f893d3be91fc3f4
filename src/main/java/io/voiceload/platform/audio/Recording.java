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
 * What a checked recording holds; its bytes (stored exactly as uploaded) are never held here whole: an upload
 * is checked from its first bytes ({@link #header}) and its length once every byte has streamed past
 * ({@link Header#complete}).
 *
 * @param format WAV or raw L16
 * @param sampleRate samples per second: 8000 or 16000
 * @param samples number of 16-bit mono samples
 * @param bytes the upload's length (the whole WAV file, or the raw samples)
 */
record Recording(RecordingFormat format, int sampleRate, long samples, long bytes) {

    static final int BYTES_PER_SAMPLE = 2;

    /**
     * What the first bytes of an upload say, before the rest has been read.
     *
     * @param dataOffset where a WAV file's samples start (0 for L16)
     * @param declaredDataBytes bytes of samples the WAV header declares, or -1 (L16, or a WAV header that
     *     declares none)
     * @param decided the recording when the first bytes held the whole upload or all its samples, else null
     */
    record Header(RecordingFormat format, int sampleRate, long dataOffset, long declaredDataBytes, Recording decided) {

        /**
         * The recording, once the upload has ended after {@code totalBytes} bytes.
         *
         * @throws ApiException 400 for raw samples of odd length, a truncated WAV file or one without samples
         */
        Recording complete(long totalBytes) {
            if (decided != null) {
                return new Recording(format, sampleRate, decided.samples(), totalBytes);
            }
            if (format == RecordingFormat.L16) {
                return decodeL16Length(sampleRate, totalBytes);
            }
            long present = totalBytes - dataOffset;
            if (declaredDataBytes >= 0 && present < declaredDataBytes) {
                throw truncated(declaredDataBytes, present);
            }
            long dataBytes = declaredDataBytes >= 0 ? declaredDataBytes : present;
            if (dataBytes == 0) {
                throw noSamples();
            }
            return new Recording(RecordingFormat.WAV, sampleRate, dataBytes / BYTES_PER_SAMPLE, totalBytes);
        }
    }

    /**
     * Checks an upload's first bytes against what its {@code Content-Type} announced.
     *
     * @param first the upload's first bytes
     * @param whole whether {@code first} is the whole upload
     * @throws ApiException as {@link #decode} does, for what the first bytes show
     */
    static Header header(UploadType type, byte[] first, boolean whole) {
        if (whole || first.length == 0) {
            Recording r = decode(type, first);
            return new Header(r.format(), r.sampleRate(), 0, -1, r);
        }
        if (type.format() == RecordingFormat.L16) {
            return new Header(RecordingFormat.L16, type.sampleRate(), 0, -1, null);
        }
        WavCheck wav = checkWav(first);
        if (wav.declaredDataBytes() >= 0 && wav.presentDataBytes() >= wav.declaredDataBytes()) {
            // Every sample is among the first bytes: what follows is other chunks.
            Recording r = new Recording(
                    RecordingFormat.WAV, wav.sampleRate(), wav.declaredDataBytes() / BYTES_PER_SAMPLE, first.length);
            return new Header(RecordingFormat.WAV, wav.sampleRate(), 0, -1, r);
        }
        return new Header(
                RecordingFormat.WAV,
                wav.sampleRate(),
                first.length - wav.presentDataBytes(),
                wav.declaredDataBytes(),
                null);
    }

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
        return decodeL16Length(sampleRate, data.length);
    }

    private static Recording decodeL16Length(int sampleRate, long length) {
        if (length % BYTES_PER_SAMPLE != 0) {
            throw ApiException.badRequest(
                    "audio/L16 body has an odd length (" + length + " bytes): every sample takes 2 bytes",
                    Map.of("bytes", length));
        }
        return new Recording(RecordingFormat.L16, sampleRate, length / BYTES_PER_SAMPLE, length);
    }

    /** What a WAV file's first bytes (or all of them) say: its rate, and the bytes of samples declared and present. */
    private record WavCheck(int sampleRate, long declaredDataBytes, long presentDataBytes) {}

    private static Recording decodeWav(byte[] data) {
        WavCheck wav = checkWav(data);
        if (wav.declaredDataBytes() >= 0 && wav.presentDataBytes() < wav.declaredDataBytes()) {
            throw truncated(wav.declaredDataBytes(), wav.presentDataBytes());
        }
        if (wav.presentDataBytes() == 0) {
            throw noSamples();
        }
        return new Recording(
                RecordingFormat.WAV, wav.sampleRate(), wav.presentDataBytes() / BYTES_PER_SAMPLE, data.length);
    }

    private static ApiException truncated(long declared, long present) {
        return ApiException.badRequest(
                "truncated WAV file: its header declares " + declared + " bytes of samples, the body holds " + present,
                Map.of("declaredBytes", declared, "presentBytes", present));
    }

    private static ApiException noSamples() {
        return ApiException.badRequest("the WAV file holds no samples", null);
    }

    private static WavCheck checkWav(byte[] data) {
        if (data.length < 12
                || !ascii(data, 0, 4).equals("RIFF")
                || !ascii(data, 8, 4).equals("WAVE")) {
            throw ApiException.badRequest(
                    "not a WAV file: the body must start with a RIFF/WAVE header",
                    Map.of("allowed", UploadType.ALLOWED));
        }
        AudioFileFormat file;
        long dataBytes;
        long declared;
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
                long frames = samples.getFrameLength();
                declared = frames == AudioSystem.NOT_SPECIFIED ? -1 : frames * BYTES_PER_SAMPLE;
            }
        } catch (UnsupportedAudioFileException | IOException | RuntimeException e) {
            if (e instanceof ApiException refusal) {
                throw refusal;
            }
            throw corrupt(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return new WavCheck(Math.round(file.getFormat().getSampleRate()), declared, dataBytes);
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
