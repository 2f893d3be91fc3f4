package io.voiceload.voice;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How one voice stream runs: what it sends, for how long, and its time limits. Immutable; built with
 * {@link #builder()}, which validates.
 *
 * <pre>{@code
 * VoiceStreamOptions options = VoiceStreamOptions.builder()
 *         .headers(Map.of("Authorization", "Bearer " + token))
 *         .source(FrameSource.tone(220, 8000))
 *         .duration(Duration.ofSeconds(5))
 *         .build();
 * }</pre>
 *
 * @param headers sent with the upgrade request ({@code Authorization}, say)
 * @param sampleRate 8000 or 16000 Hz (default 16000), asked for with {@code ?sampleRate=}
 * @param source the audio sent (default {@link FrameSource#silence()})
 * @param frames how many 20 ms frames to send: 1 to {@link #MAX_FRAMES} (one hour); default 150 (3 s)
 * @param connectTimeout bound on the TCP connect, the upgrade and the server's {@code ready} event (default 5 s)
 * @param echoTimeout a frame whose echo has not come back this long after it was sent counts as lost
 *     (default 1 s; 20 ms to 60 s)
 * @param closeTimeout bound on the end of the stream: from {@code stop} to the server's close (default 5 s)
 * @param metricName name of the round-trip metric recorded into a running load test's virtual user
 *     (default {@value #DEFAULT_METRIC}); connecting is recorded under {@link #connectMetricName()}, each
 *     stream's jitter under {@link #jitterMetricName()}
 */
public record VoiceStreamOptions(
        Map<String, String> headers,
        int sampleRate,
        FrameSource source,
        long frames,
        Duration connectTimeout,
        Duration echoTimeout,
        Duration closeTimeout,
        String metricName) {

    public static final String DEFAULT_METRIC = "voice.frame_rtt";
    public static final long MAX_FRAMES = 180_000;
    public static final long DEFAULT_FRAMES = 150;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_ECHO_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

    public VoiceStreamOptions {
        headers = Map.copyOf(Objects.requireNonNull(headers, "headers"));
        if (sampleRate != 8_000 && sampleRate != 16_000) {
            throw new IllegalArgumentException("sampleRate must be 8000 or 16000 (Hz), not " + sampleRate);
        }
        Objects.requireNonNull(source, "source");
        if (frames < 1 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException(
                    "frames must be between 1 and " + MAX_FRAMES + " (one hour of 20 ms frames), not " + frames);
        }
        between("connectTimeout", connectTimeout, Duration.ofMillis(10), Duration.ofMinutes(5));
        between("echoTimeout", echoTimeout, Duration.ofMillis(20), Duration.ofSeconds(60));
        between("closeTimeout", closeTimeout, Duration.ofMillis(10), Duration.ofMinutes(5));
        Objects.requireNonNull(metricName, "metricName");
        if (metricName.isBlank()) {
            throw new IllegalArgumentException("metricName must not be blank");
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The planned length of the stream: {@code frames} × 20 ms. */
    public Duration plannedDuration() {
        return Duration.ofMillis(frames * WireFormat.FRAME_MILLIS);
    }

    /** The name connect times are recorded under: {@code voice.connect} for {@code voice.frame_rtt}. */
    public String connectMetricName() {
        return sibling("connect");
    }

    /**
     * The name each stream's jitter is recorded under: {@code voice.jitter} for {@code voice.frame_rtt}. One
     * sample per stream, its {@link VoiceStreamResult#maxJitter() highest RFC 3550 estimate}, so that
     * {@code @Slo(request = "voice.jitter", p99 = "50ms")} judges the calls' worst moments.
     */
    public String jitterMetricName() {
        return sibling("jitter");
    }

    private String sibling(String suffix) {
        int dot = metricName.lastIndexOf('.');
        return (dot > 0 ? metricName.substring(0, dot) : metricName) + "." + suffix;
    }

    private static void between(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    /** Builds {@link VoiceStreamOptions}; every setter returns this builder. */
    public static final class Builder {
        private final Map<String, String> headers = new LinkedHashMap<>();
        private int sampleRate = 16_000;
        private FrameSource source = FrameSource.silence();
        private long frames = DEFAULT_FRAMES;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration echoTimeout = DEFAULT_ECHO_TIMEOUT;
        private Duration closeTimeout = DEFAULT_CLOSE_TIMEOUT;
        private String metricName = DEFAULT_METRIC;

        private Builder() {}

        /** Adds headers to the upgrade request. */
        public Builder headers(Map<String, String> headers) {
            this.headers.putAll(headers);
            return this;
        }

        public Builder header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Builder sampleRate(int sampleRate) {
            this.sampleRate = sampleRate;
            return this;
        }

        public Builder source(FrameSource source) {
            this.source = source;
            return this;
        }

        public Builder frames(long frames) {
            this.frames = frames;
            return this;
        }

        /** Sends frames for {@code duration}, rounded up to whole 20 ms frames. */
        public Builder duration(Duration duration) {
            this.frames = (duration.toNanos() + WireFormat.FRAME_NANOS - 1) / WireFormat.FRAME_NANOS;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder echoTimeout(Duration echoTimeout) {
            this.echoTimeout = echoTimeout;
            return this;
        }

        public Builder closeTimeout(Duration closeTimeout) {
            this.closeTimeout = closeTimeout;
            return this;
        }

        public Builder metricName(String metricName) {
            this.metricName = metricName;
            return this;
        }

        public VoiceStreamOptions build() {
            return new VoiceStreamOptions(
                    headers, sampleRate, source, frames, connectTimeout, echoTimeout, closeTimeout, metricName);
        }
    }
}
