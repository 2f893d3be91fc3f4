package io.voiceload.platform.audio;

/**
 * Options of the platform's audio module.
 *
 * <pre>{@code
 * AudioOptions audio = AudioOptions.defaults().withMaxUploadBytes(1024 * 1024);
 * }</pre>
 *
 * @param maxUploadBytes largest accepted recording upload, in bytes (the whole body: WAV header included);
 *     larger uploads get 413. 1 to {@value #LIMIT_UPLOAD_BYTES}; default {@value #DEFAULT_MAX_UPLOAD_BYTES}
 *     (10 MiB, about 5.5 minutes at 16000 Hz). Each upload is held in memory while it is checked and stored.
 * @param maxTtsCharacters longest text {@code POST /tts} accepts, in Unicode code points; longer texts get
 *     400. 1 to {@value #LIMIT_TTS_CHARACTERS}; default {@value #DEFAULT_MAX_TTS_CHARACTERS} (130 s of audio)
 */
public record AudioOptions(long maxUploadBytes, int maxTtsCharacters) {

    /** Default upload limit: 10 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

    /** Highest allowed upload limit: 1 GiB (uploads are held in memory). */
    public static final long LIMIT_UPLOAD_BYTES = 1024L * 1024 * 1024;

    /** Default text limit of the synthetic TTS: 2,000 code points. */
    public static final int DEFAULT_MAX_TTS_CHARACTERS = 2_000;

    /** Highest allowed text limit: 10,000 code points (the request body must also fit in 64 KiB). */
    public static final int LIMIT_TTS_CHARACTERS = 10_000;

    public AudioOptions {
        if (maxUploadBytes < 1 || maxUploadBytes > LIMIT_UPLOAD_BYTES) {
            throw new IllegalArgumentException(
                    "maxUploadBytes must be between 1 and " + LIMIT_UPLOAD_BYTES + ", not " + maxUploadBytes);
        }
        if (maxTtsCharacters < 1 || maxTtsCharacters > LIMIT_TTS_CHARACTERS) {
            throw new IllegalArgumentException(
                    "maxTtsCharacters must be between 1 and " + LIMIT_TTS_CHARACTERS + ", not " + maxTtsCharacters);
        }
    }

    /** 10 MiB uploads, 2,000-character TTS texts. */
    public static AudioOptions defaults() {
        return new AudioOptions(DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_TTS_CHARACTERS);
    }

    public AudioOptions withMaxUploadBytes(long maxUploadBytes) {
        return new AudioOptions(maxUploadBytes, maxTtsCharacters);
    }

    public AudioOptions withMaxTtsCharacters(int maxTtsCharacters) {
        return new AudioOptions(maxUploadBytes, maxTtsCharacters);
    }
}
