package io.voiceload.platform.voice;

import io.voiceload.platform.OptionChecks;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of the platform's voice stream ({@code GET /calls/{id}/stream}).
 *
 * <pre>{@code
 * VoiceOptions options = VoiceOptions.defaults().withMaxStreamDuration(Duration.ofMinutes(2));
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
 * @param dropEveryKthEcho test hook: when k &gt; 0 the server never echoes the k-th, 2k-th, 3k-th... client
 *     frame it receives, so a client sees that share of its frames lost; 0 (default) is off. 0 to 1 000 000
 */
public record VoiceOptions(
        Duration maxStreamDuration,
        Duration clientIdleTimeout,
        int maxMessageBytes,
        int partialEveryFrames,
        int maxStreams,
        int dropEveryKthEcho) {

    public static final Duration DEFAULT_MAX_STREAM_DURATION = Duration.ofMinutes(10);
    public static final Duration DEFAULT_CLIENT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_MESSAGE_BYTES = 8 * 1024;
    public static final int DEFAULT_PARTIAL_EVERY_FRAMES = 25;
    public static final int DEFAULT_MAX_STREAMS = 1000;

    public VoiceOptions {
        Objects.requireNonNull(maxStreamDuration, "maxStreamDuration");
        Objects.requireNonNull(clientIdleTimeout, "clientIdleTimeout");
        OptionChecks.between("voice.maxStreamDuration", maxStreamDuration, Duration.ofSeconds(1), Duration.ofHours(24));
        OptionChecks.between("voice.clientIdleTimeout", clientIdleTimeout, Duration.ofMillis(100), Duration.ofHours(1));
        OptionChecks.between("voice.maxMessageBytes", maxMessageBytes, 1024, 1024 * 1024);
        OptionChecks.between("voice.partialEveryFrames", partialEveryFrames, 1, 3000);
        OptionChecks.between("voice.maxStreams", maxStreams, 1, 100_000);
        OptionChecks.between("voice.dropEveryKthEcho", dropEveryKthEcho, 0, 1_000_000);
    }

    public static VoiceOptions defaults() {
        return new VoiceOptions(
                DEFAULT_MAX_STREAM_DURATION,
                DEFAULT_CLIENT_IDLE_TIMEOUT,
                DEFAULT_MAX_MESSAGE_BYTES,
                DEFAULT_PARTIAL_EVERY_FRAMES,
                DEFAULT_MAX_STREAMS,
                0);
    }

    public VoiceOptions withMaxStreamDuration(Duration maxStreamDuration) {
        return new VoiceOptions(
                maxStreamDuration,
                clientIdleTimeout,
                maxMessageBytes,
                partialEveryFrames,
                maxStreams,
                dropEveryKthEcho);
    }

    public VoiceOptions withClientIdleTimeout(Duration clientIdleTimeout) {
        return new VoiceOptions(
                maxStreamDuration,
                clientIdleTimeout,
                maxMessageBytes,
                partialEveryFrames,
                maxStreams,
                dropEveryKthEcho);
    }

    public VoiceOptions withMaxMessageBytes(int maxMessageBytes) {
        return new VoiceOptions(
                maxStreamDuration,
                clientIdleTimeout,
                maxMessageBytes,
                partialEveryFrames,
                maxStreams,
                dropEveryKthEcho);
    }

    public VoiceOptions withPartialEveryFrames(int partialEveryFrames) {
        return new VoiceOptions(
                maxStreamDuration,
                clientIdleTimeout,
                maxMessageBytes,
                partialEveryFrames,
                maxStreams,
                dropEveryKthEcho);
    }

    public VoiceOptions withMaxStreams(int maxStreams) {
        return new VoiceOptions(
                maxStreamDuration,
                clientIdleTimeout,
                maxMessageBytes,
                partialEveryFrames,
                maxStreams,
                dropEveryKthEcho);
    }

    /** Test hook: see {@code dropEveryKthEcho} above. */
    public VoiceOptions withDropEveryKthEcho(int dropEveryKthEcho) {
        return new VoiceOptions(
                maxStreamDuration,
                clientIdleTimeout,
                maxMessageBytes,
                partialEveryFrames,
                maxStreams,
                dropEveryKthEcho);
    }
}
