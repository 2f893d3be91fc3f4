package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.HotelIds;
import io.voiceload.suite.support.ServerErrors;
import io.voiceload.voice.FrameSource;
import io.voiceload.voice.VoiceStreamClient;
import io.voiceload.voice.VoiceStreamOptions;
import io.voiceload.voice.VoiceStreamResult;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * Voice streams under load: every virtual user is one caller after another. An iteration is one call: the
 * user creates it, streams 2–3 s of 20 ms frames (a tone: the server transcribes speech) over the call's
 * WebSocket at real-time pace, and ends the call. The stream needs no call state but "not ended", so no
 * events are sent: the HTTP side stays small next to the streams.
 *
 * <p>The plan is bounded by the run's duration (its request count is only a far bound), so the users keep
 * that many calls streaming for the whole measured phase; the profile's {@code duration} and {@code scale}
 * change how long and how many without code edits. Calls that are streaming when the duration elapses finish
 * their few seconds (the engine's drain), so the run lasts at most one call longer.
 *
 * <p>The client ({@link VoiceStreamClient}) records every echoed frame's round trip and every lost frame
 * under {@code voice.frame_rtt}, each stream's worst RFC 3550 jitter under {@code voice.jitter} and the
 * connect time under {@code voice.connect}; the {@code @Slo}s below judge them. After the run, every
 * stream's own {@code bye} must agree with what the client counted: frames the server says it received =
 * frames sent − frames lost + echoes that came back late, echoes it says it sent = echoes the client got,
 * and neither side saw a frame out of order or twice. The test prints the run's totals (streams, frames,
 * lost, round-trip p99, jitter p99).
 */
@ConcurrentCalls
class VoiceStreamsLoadIT {
    static final String RTT = VoiceStreamOptions.DEFAULT_METRIC;
    static final String JITTER = "voice.jitter";
    static final String CONNECT = "voice.connect";

    /** Shortest and longest call streamed, in 20 ms frames (2 s and 3 s). */
    private static final int MIN_FRAMES = 100;

    private static final int MAX_FRAMES = 150;

    private final PlatformEndpoint platform;
    /** Each virtual user's requests under its own front-desk session. */
    @AutoClose
    private final CallsApi calls;

    @AutoClose
    private final VoiceStreamClient voice = VoiceStreamClient.create();

    private final String hotel = HotelIds.unique("cc-voice");
    /** Problems found in a stream, by call id: read after the run, so a mismatch names the call. */
    private final Map<String, String> mismatches = new ConcurrentHashMap<>();

    private final LongAdder streams = new LongAdder();
    private final LongAdder framesSent = new LongAdder();
    private final LongAdder framesLost = new LongAdder();
    private final LongAdder slotsMissed = new LongAdder();

    VoiceStreamsLoadIT(PlatformEndpoint platform) {
        this.platform = platform;
        this.calls = CallsApi.eachUserAs(platform, UserRole.FRONT_DESK);
    }

    // Whole iterations are calls of 2-3 s plus up to 1 s waiting for the last echoes: the category's 500 ms p95
    // concerns requests, not calls. Voice limits are conversational ones: a round trip p99 within 300 ms (ITU-T
    // G.114's 150 ms each way), jitter p99 within 50 ms (what a usual jitter buffer absorbs). Measured on a
    // busy 2-core machine at 20 users: round trip p99 20-55 ms, jitter p99 3-24 ms, nothing lost.
    @LoadTest(users = 20, duration = "15s", warmupIterations = 1, unit = "calls")
    @Slo(p95 = "8s", p99 = "10s", errorRate = 0)
    @Slo(request = RTT, p99 = "300ms", errorRate = 0.001)
    @Slo(request = JITTER, p99 = "50ms")
    @Slo(request = CONNECT, p99 = "1s", errorRate = 0)
    void streamOneCall(VirtualUser user) {
        String id = calls.createCall(hotel, user.random());
        VoiceStreamResult stream = voice.stream(
                platform.baseUrl(),
                id,
                VoiceStreamOptions.builder()
                        // The user's own front-desk session (one login per user; any role may stream).
                        .header("Authorization", platform.session(user, UserRole.FRONT_DESK))
                        .sampleRate(user.random().nextBoolean() ? 8_000 : 16_000)
                        .source(FrameSource.tone(180 + user.random().nextInt(200), 6_000))
                        .frames(MIN_FRAMES + user.random().nextInt(MAX_FRAMES - MIN_FRAMES + 1))
                        .build());
        calls.post("/calls/{id}/end", id).expect(200).send();

        String problem = disagreement(stream);
        if (problem != null) {
            mismatches.merge(id, problem, (a, b) -> a + "; " + b);
        }
        if (!user.isWarmup()) {
            streams.increment();
            framesSent.add(stream.framesSent());
            framesLost.add(stream.lost());
            slotsMissed.add(stream.sendSlotsMissed());
        }
    }

    @AfterEach
    void serverAgreesWithTheClient(LoadResult result, TestReporter reporter) {
        String totals = String.format(
                Locale.ROOT,
                "%d streams, %,d frames sent, %,d lost, %,d send slots missed, rtt p99 %s, jitter p99 %s",
                streams.sum(),
                framesSent.sum(),
                framesLost.sum(),
                slotsMissed.sum(),
                p99(result, RTT),
                p99(result, JITTER));
        System.out.println("[voice] " + totals);
        reporter.publishEntry("voice streams", totals);

        assertThat(streams.sum()).as("measured streams").isPositive();
        RequestStats rtt = result.requests().get(RTT);
        assertThat(rtt == null ? 0 : rtt.successes())
                .as("echoed frames (" + RTT + ")")
                .isPositive();
        assertThat(ServerErrors.in(result)).as("5xx answers").isEmpty();
        if (!mismatches.isEmpty()) {
            String first = mismatches.keySet().stream().sorted().findFirst().orElseThrow();
            long calls = result.iterations().count() + result.warmupIterations().count();
            throw new AssertionError("the server's bye disagrees with the client's counts in " + mismatches.size()
                    + " of " + calls + " streams;"
                    + " e.g. call " + first + ": " + mismatches.get(first));
        }
    }

    /** The p99 of {@code name} in ms, or "none" when nothing was recorded under it (every stream failed). */
    private static String p99(LoadResult result, String name) {
        RequestStats stats = result.requests().get(name);
        return stats == null || stats.successes() == 0
                ? "none"
                : String.format(Locale.ROOT, "%.1f ms", stats.percentile(99).toNanos() / 1e6);
    }

    /** What the stream's {@code bye} says differently from the client's own counts; null when they agree. */
    static String disagreement(VoiceStreamResult r) {
        if (!r.completedNormally() || r.bye().isEmpty()) {
            return "the stream did not end normally: close " + r.closeCode() + " " + r.closeReason() + ", errors "
                    + r.errors() + ", bye " + r.bye();
        }
        long received = count(r, "received");
        long echoed = count(r, "echoed");
        long expectedReceived = r.framesSent() - r.lost() + r.lateEchoes();
        if (received != expectedReceived || echoed != r.echoed() + r.lateEchoes()) {
            return (received > expectedReceived ? "lost frames the server received" : "the server's counts differ")
                    + ": client sent " + r.framesSent() + ", lost " + r.lost() + " (late echoes " + r.lateEchoes()
                    + "), so the server should have received " + expectedReceived + "; bye says received " + received
                    + ", echoed " + echoed + " (client got " + r.echoed() + " echoes)";
        }
        long serverOutOfOrder = count(r, "outOfOrder");
        if (r.outOfOrderEchoes() + r.duplicateEchoes() + r.agentFramesOutOfOrder() + serverOutOfOrder != 0) {
            return "frames out of order: " + r.outOfOrderEchoes() + " echoes out of order, " + r.duplicateEchoes()
                    + " echoed twice, " + r.agentFramesOutOfOrder() + " agent frames out of order; the server saw "
                    + serverOutOfOrder + " client frames out of order";
        }
        return null;
    }

    private static long count(VoiceStreamResult r, String field) {
        return r.bye().get(field) instanceof Number n ? n.longValue() : -1;
    }
}
