package io.voiceload.platform.voice;

import io.voiceload.platform.module.OptionChecks;
import java.time.Duration;

/**
 * Options of the platform's voice stream ({@code GET /calls/{id}/stream}). Its test-only faults are
 * {@link VoiceFaults}.
 *
 * <pre>{@code
 * VoiceOptions options = VoiceOptions.builder().maxStreamDuration(Duration.ofMinutes(2)).build();
 * }</pre>
 *
 * @param maxStreamDuration how long one stream may last; then the server ends it ({@code bye} with reason
 *     {@code max_duration}, close 1008). 1 s to 24 h; default {@link #DEFAULT_MAX_STREAM_DURATION}
 * @param clientIdleTimeout how long the server waits for the next client frame before it ends the stream
 *     ({@code bye} with reason {@code client_idle}, close 1008). 100 ms to 1 h; default 10 s
 * @param maxMessageBytes largest WebSocket message the server reads, in bytes; a larger one is refused by
 *     Jetty with close 1009. 1 KiB to 1 MiB; default 8 KiB (a 16 kHz frame is 656 bytes)
 * @param partialEveryFrames a {@code partial_transcript} event after every this many received frames
 *     (25 frames: every 500 ms of audio). 1 to 3000
 * @param maxStreams open streams the server accepts at once; more are refused with 429 before the upgrade.
 *     1 to 100 000; default 1000
 */
public record VoiceOptions(
        Duration maxStreamDuration,
        Duration clientIdleTimeout,
        int maxMessageBytes,
        int partialEveryFrames,
        int maxStreams) {

    public static final Duration DEFAULT_MAX_STREAM_DURATION = Duration.ofMinutes(10);
    public static final Duration DEFAULT_CLIENT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024;
    public static final int DEFAULT_PARTIAL_EVERY_FRAMES = 25;
    public static final int DEFAULT_MAX_STREAMS = 1000;

    private static final VoiceOptions DEFAULTS = new VoiceOptions(
            DEFAULT_MAX_STREAM_DURATION,
            DEFAULT_CLIENT_IDLE_TIMEOUT,
            DEFAULT_MAX_MESSAGE_BYTES,
            DEFAULT_PARTIAL_EVERY_FRAMES,
            DEFAULT_MAX_STREAMS);

    public VoiceOptions {
        checkMaxStreamDuration(maxStreamDuration);
        checkClientIdleTimeout(clientIdleTimeout);
        checkMaxMessageBytes(maxMessageBytes);
        checkPartialEveryFrames(partialEveryFrames);
        checkMaxStreams(maxStreams);
    }

    /** Every setting at its {@code DEFAULT_*}. */
    public static VoiceOptions defaults() {
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

    private static Duration checkMaxStreamDuration(Duration value) {
        return OptionChecks.between("voice.maxStreamDuration", value, Duration.ofSeconds(1), Duration.ofHours(24));
    }

    private static Duration checkClientIdleTimeout(Duration value) {
        return OptionChecks.between("voice.clientIdleTimeout", value, Duration.ofMillis(100), Duration.ofHours(1));
    }

    private static int checkMaxMessageBytes(int value) {
        return OptionChecks.between("voice.maxMessageBytes", value, 1024, 1024 * 1024);
    }

    private static int checkPartialEveryFrames(int value) {
        return OptionChecks.between("voice.partialEveryFrames", value, 1, 3000);
    }

    private static int checkMaxStreams(int value) {
        return OptionChecks.between("voice.maxStreams", value, 1, 100_000);
    }

    /** Builds {@link VoiceOptions}; each setter checks its value (limits on the record's parameters). */
    public static final class Builder {
        private Duration maxStreamDuration;
        private Duration clientIdleTimeout;
        private int maxMessageBytes;
        private int partialEveryFrames;
        private int maxStreams;

        private Builder(VoiceOptions base) {
            this.maxStreamDuration = base.maxStreamDuration;
            this.clientIdleTimeout = base.clientIdleTimeout;
            this.maxMessageBytes = base.maxMessageBytes;
            this.partialEveryFrames = base.partialEveryFrames;
            this.maxStreams = base.maxStreams;
        }

        /** 1 s to 24 h. */
        public Builder maxStreamDuration(Duration maxStreamDuration) {
            this.maxStreamDuration = checkMaxStreamDuration(maxStreamDuration);
            return this;
        }

        /** 100 ms to 1 h. */
        public Builder clientIdleTimeout(Duration clientIdleTimeout) {
            this.clientIdleTimeout = checkClientIdleTimeout(clientIdleTimeout);
            return this;
        }

        /** 1 KiB to 1 MiB. */
        public Builder maxMessageBytes(int maxMessageBytes) {
            this.maxMessageBytes = checkMaxMessageBytes(maxMessageBytes);
            return this;
        }

        /** 1 to 3000. */
        public Builder partialEveryFrames(int partialEveryFrames) {
            this.partialEveryFrames = checkPartialEveryFrames(partialEveryFrames);
            return this;
        }

        /** 1 to 100 000. */
        public Builder maxStreams(int maxStreams) {
            this.maxStreams = checkMaxStreams(maxStreams);
            return this;
        }

        public VoiceOptions build() {
            return new VoiceOptions(
                    maxStreamDuration, clientIdleTimeout, maxMessageBytes, partialEveryFrames, maxStreams);
        }
    }
}
