package io.voiceload.voice;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one voice stream measured. Round trips are in nanoseconds in the histograms (1 µs to 1 h, 3
 * significant digits).
 *
 * <p>Loss: a frame the client sent whose echo did not come back within the echo timeout is lost (a later
 * echo is counted as late, not as a round trip). Jitter: the RFC 3550 interarrival jitter estimate of the
 * agent's audio frames (J += (|D| − J) / 16, D the change in transit time between consecutive frames, the
 * server's send time being its sequence number × 20 ms), in milliseconds.
 *
 * @param sampleRate the stream's sample rate (Hz)
 * @param framesPlanned frames the options asked for
 * @param framesSent frames sent
 * @param sendSlotsMissed 20 ms slots the client could not send in (it was late by more than a frame, or the
 *     previous send had not finished): skipped, never sent in a burst; their sequence numbers are not reused
 * @param echoed frames whose echo came back in time (= round-trip samples)
 * @param lost frames sent whose echo did not come back within the echo timeout
 * @param lateEchoes echoes that came back after their frame was counted lost
 * @param duplicateEchoes echoes of a frame already echoed
 * @param outOfOrderEchoes echoes of a lower sequence number than one echoed before
 * @param agentFrames agent audio frames received
 * @param agentFramesMissing gaps in the agent frames' sequence numbers (frames the server skipped or that
 *     never arrived)
 * @param agentFramesOutOfOrder agent frames with a lower sequence number than one received before
 * @param jitterMillis RFC 3550 interarrival jitter of the agent frames at the end of the stream, ms (&ge; 0)
 * @param maxJitterMillis the highest value the jitter estimate reached, ms
 * @param roundTrip frame round trip: from sending a frame to receiving its echo, including the up to 20 ms
 *     the frame waited on the server for the next agent frame
 * @param networkRoundTrip the round trip minus that server-side wait: transport and processing only
 * @param partialTranscripts {@code partial_transcript} events received
 * @param finalTranscript the {@code final_transcript} text, or null when none came
 * @param errors the server's {@code error} events, as {@code "code: message"}
 * @param bye the server's {@code bye} event (its own counts: received, missing, ...), empty when none came
 * @param closeCode the WebSocket close code the server sent (1000: normal), or -1 when the stream did not
 *     close in time (then it was aborted)
 * @param closeReason the close reason the server sent, or ""
 * @param duration from the start of the upgrade to the close
 */
public record VoiceStreamResult(
        int sampleRate,
        long framesPlanned,
        long framesSent,
        long sendSlotsMissed,
        long echoed,
        long lost,
        long lateEchoes,
        long duplicateEchoes,
        long outOfOrderEchoes,
        long agentFrames,
        long agentFramesMissing,
        long agentFramesOutOfOrder,
        double jitterMillis,
        double maxJitterMillis,
        Histogram roundTrip,
        Histogram networkRoundTrip,
        long partialTranscripts,
        String finalTranscript,
        List<String> errors,
        Map<String, Object> bye,
        int closeCode,
        String closeReason,
        Duration duration) {

    public VoiceStreamResult {
        roundTrip = roundTrip.copy();
        networkRoundTrip = networkRoundTrip.copy();
        errors = List.copyOf(errors);
        bye = Collections.unmodifiableMap(new LinkedHashMap<>(bye)); // JSON values may be null
    }

    /** A copy of the round-trip histogram (ns). */
    @Override
    public Histogram roundTrip() {
        return roundTrip.copy();
    }

    /** A copy of the network round-trip histogram (ns). */
    @Override
    public Histogram networkRoundTrip() {
        return networkRoundTrip.copy();
    }

    /** {@link #jitterMillis()} as a duration (rounded to the nanosecond). */
    public Duration jitter() {
        return Duration.ofNanos(Math.round(jitterMillis * 1e6));
    }

    /**
     * {@link #maxJitterMillis()} as a duration (rounded to the nanosecond): the stream's worst moment, which is
     * what a load test records as its {@link VoiceStreamOptions#jitterMetricName() jitter sample}.
     */
    public Duration maxJitter() {
        return Duration.ofNanos(Math.round(maxJitterMillis * 1e6));
    }

    /**
     * Whether the jitter figures were measured: the estimate needs two agent frames in order. A stream that
     * got fewer records no jitter sample into a load test.
     */
    public boolean hasJitter() {
        return agentFrames - agentFramesOutOfOrder >= 2;
    }

    /** Lost over sent frames; 0 when none was sent. */
    public double lossRatio() {
        return framesSent == 0 ? 0 : (double) lost / framesSent;
    }

    /** The round trip at {@code percentile} (0-100); zero without samples. */
    public Duration roundTripPercentile(double percentile) {
        if (percentile < 0 || percentile > 100) {
            throw new IllegalArgumentException("percentile must be between 0 and 100: " + percentile);
        }
        return roundTrip.getTotalCount() == 0
                ? Duration.ZERO
                : Duration.ofNanos(roundTrip.getValueAtPercentile(percentile));
    }

    public Duration roundTripP50() {
        return roundTripPercentile(50);
    }

    public Duration roundTripP99() {
        return roundTripPercentile(99);
    }

    public Duration roundTripMax() {
        return roundTrip.getTotalCount() == 0 ? Duration.ZERO : Duration.ofNanos(roundTrip.getMaxValue());
    }

    /** The network round trip at {@code percentile} (0-100); zero without samples. */
    public Duration networkRoundTripPercentile(double percentile) {
        return networkRoundTrip.getTotalCount() == 0
                ? Duration.ZERO
                : Duration.ofNanos(networkRoundTrip.getValueAtPercentile(percentile));
    }

    /** True when the server closed normally (1000) and sent no error event. */
    public boolean completedNormally() {
        return closeCode == 1000 && errors.isEmpty();
    }

    /**
     * One line: {@code 150 sent, 0 lost (0.00%), rtt p50 12.1 ms p99 19.8 ms max 22.0 ms, jitter 0.40 ms (max
     * 1.20 ms), ...}.
     */
    public String summary() {
        return String.format(
                Locale.ROOT,
                "%d sent, %d lost (%.2f%%), %d missed slots, rtt p50 %.1f ms p99 %.1f ms max %.1f ms,"
                        + " jitter %.2f ms (max %.2f ms), %d agent frames (%d missing), %d partial transcripts,"
                        + " close %d",
                framesSent,
                lost,
                lossRatio() * 100,
                sendSlotsMissed,
                roundTripP50().toNanos() / 1e6,
                roundTripP99().toNanos() / 1e6,
                roundTripMax().toNanos() / 1e6,
                jitterMillis,
                maxJitterMillis,
                agentFrames,
                agentFramesMissing,
                partialTranscripts,
                closeCode);
    }

    @Override
    public String toString() {
        return "VoiceStreamResult[" + summary() + "]";
    }
}
