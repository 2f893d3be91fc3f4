package io.voiceload.platform.audio;

import io.voiceload.platform.module.OptionChecks;

/**
 * Options of the platform's audio module.
 *
 * <pre>{@code
 * AudioOptions audio = AudioOptions.builder().maxUploadBytes(1024 * 1024).build();
 * }</pre>
 *
 * @param maxUploadBytes largest accepted recording upload, in bytes (the whole body: WAV header included);
 *     larger uploads get 413. 1 to {@value #LIMIT_UPLOAD_BYTES}; default {@value #DEFAULT_MAX_UPLOAD_BYTES}
 *     (10 MiB, about 5.5 minutes at 16000 Hz). Uploads are streamed into Postgres, never held whole.
 * @param maxTtsCharacters longest text {@code POST /tts} accepts, in Unicode code points; longer texts get
 *     400. 1 to {@value #LIMIT_TTS_CHARACTERS}; default {@value #DEFAULT_MAX_TTS_CHARACTERS} (130 s of audio)
 */
public record AudioOptions(long maxUploadBytes, int maxTtsCharacters) {

    /** Default upload limit: 10 MiB. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 10L * 1024 * 1024;

    /** Highest allowed upload limit: 1 GiB (a Postgres {@code bytea} holds at most 1 GiB; pgjdbc takes an int length). */
    public static final long LIMIT_UPLOAD_BYTES = 1024L * 1024 * 1024;

    /** Default text limit of the synthetic TTS: 2,000 code points. */
    public static final int DEFAULT_MAX_TTS_CHARACTERS = 2_000;

    /** Highest allowed text limit: 10,000 code points (the request body must also fit in 64 KiB). */
    public static final int LIMIT_TTS_CHARACTERS = 10_000;

    private static final AudioOptions DEFAULTS = new AudioOptions(DEFAULT_MAX_UPLOAD_BYTES, DEFAULT_MAX_TTS_CHARACTERS);

    public AudioOptions {
        checkMaxUploadBytes(maxUploadBytes);
        checkMaxTtsCharacters(maxTtsCharacters);
    }

    /** 10 MiB uploads, 2,000-character TTS texts. */
    public static AudioOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    private static long checkMaxUploadBytes(long value) {
        return OptionChecks.between("maxUploadBytes", value, 1, LIMIT_UPLOAD_BYTES);
    }

    private static int checkMaxTtsCharacters(int value) {
        return OptionChecks.between("maxTtsCharacters", value, 1, LIMIT_TTS_CHARACTERS);
    }

    /** Builds {@link AudioOptions}; each setter checks its value (limits on the record's parameters). */
    public static final class Builder {
        private long maxUploadBytes;
        private int maxTtsCharacters;

        private Builder(AudioOptions base) {
            this.maxUploadBytes = base.maxUploadBytes;
            this.maxTtsCharacters = base.maxTtsCharacters;
        }

        /** 1 to {@value AudioOptions#LIMIT_UPLOAD_BYTES}. */
        public Builder maxUploadBytes(long maxUploadBytes) {
            this.maxUploadBytes = checkMaxUploadBytes(maxUploadBytes);
            return this;
        }

        /** 1 to {@value AudioOptions#LIMIT_TTS_CHARACTERS}. */
        public Builder maxTtsCharacters(int maxTtsCharacters) {
            this.maxTtsCharacters = checkMaxTtsCharacters(maxTtsCharacters);
            return this;
        }

        public AudioOptions build() {
            return new AudioOptions(maxUploadBytes, maxTtsCharacters);
        }
    }
}
