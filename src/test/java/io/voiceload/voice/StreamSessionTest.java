package io.voiceload.voice;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The client's bookkeeping of echoes, loss and agent frames, fed by hand. */
class StreamSessionTest {

    private static final long TIMEOUT = 100_000_000; // 100 ms

    private final StreamSession session = new StreamSession(TIMEOUT, true);
    private final List<Long> lost = new ArrayList<>();
    private final StreamSession.LossSink sink = lost::add;

    @Test
    void aFrameIsEchoedOrLostExactlyOnce() {
        long t = System.nanoTime();
        for (long seq = 0; seq < 5; seq++) {
            session.markSent(seq, t, sink);
        }
        deliver(0, new long[] {0, 1, 3});
        deliver(1, new long[] {1}); // duplicate

        session.resolveLosses(t + TIMEOUT - 1, -1, sink);
        assertThat(lost).isEmpty();
        assertThat(session.allResolved()).isFalse();

        session.resolveLosses(t + TIMEOUT, -1, sink);
        assertThat(lost).containsExactly(2L, 4L);
        assertThat(session.allResolved()).isTrue();

        deliver(2, new long[] {2}); // too late: already lost
        VoiceStreamResult r = session.result(16000, 5, 5, 0, java.time.Duration.ofSeconds(1));
        assertThat(r.echoed()).isEqualTo(3);
        assertThat(r.lost()).isEqualTo(2);
        assertThat(r.duplicateEchoes()).isEqualTo(1);
        assertThat(r.lateEchoes()).isEqualTo(1);
        assertThat(r.roundTrip().getTotalCount()).isEqualTo(3);
        assertThat(r.lossRatio()).isEqualTo(0.4);
        List<Long> forUser = new ArrayList<>();
        session.drainRoundTrips(forUser::add);
        assertThat(forUser).hasSize(3);
    }

    @Test
    void skippedSlotsAreNeitherLostNorPending() {
        long t = System.nanoTime();
        session.markSent(0, t, sink);
        session.markSkipped(1, t, sink);
        session.markSent(2, t, sink);
        deliver(0, new long[] {0, 2});

        assertThat(session.allResolved()).isTrue();
        session.resolveLosses(t + 10 * TIMEOUT, Long.MAX_VALUE, sink);
        assertThat(lost).isEmpty();
    }

    @Test
    void forcingResolvesRecentFramesToo() {
        long t = System.nanoTime();
        session.markSent(0, t, sink);
        session.markSent(1, t, sink);
        deliver(0, new long[] {1});

        session.resolveLosses(t, Long.MAX_VALUE, sink);

        assertThat(lost).containsExactly(0L);
    }

    @Test
    void countsEchoesOutOfOrderAndGapsInTheAgentsFrames() {
        long t = System.nanoTime();
        for (long seq = 0; seq < 3; seq++) {
            session.markSent(seq, t, sink);
        }
        deliver(0, new long[] {2});
        deliver(1, new long[] {0});
        deliver(4, new long[] {});
        deliver(3, new long[] {});

        VoiceStreamResult r = session.result(16000, 3, 3, 0, java.time.Duration.ofSeconds(1));
        assertThat(r.outOfOrderEchoes()).isEqualTo(1);
        assertThat(r.agentFrames()).isEqualTo(4);
        assertThat(r.agentFramesMissing()).isEqualTo(2); // 2 and 3 after 1 -> 4
        assertThat(r.agentFramesOutOfOrder()).isEqualTo(1);
        assertThat(r.jitterMillis()).isGreaterThanOrEqualTo(0);
        assertThat(r.maxJitterMillis()).isGreaterThanOrEqualTo(r.jitterMillis());
    }

    @Test
    void jitterFollowsChangesInTransitTime() throws InterruptedException {
        // Frames 20 ms apart on the server's clock delivered back to back: |D| ~ 20 ms each time.
        for (long seq = 0; seq < 20; seq++) {
            deliver(seq, new long[] {});
        }
        VoiceStreamResult r = session.result(16000, 0, 0, 0, java.time.Duration.ofSeconds(1));
        // J converges towards 20 ms from 0: after 19 steps of 1/16, J = 20 × (1 − (15/16)^19) ≈ 14.6 ms.
        assertThat(r.jitterMillis()).isBetween(5.0, 30.0);
        // The estimate only grows here, so its highest value is its last; the durations say the same.
        assertThat(r.maxJitterMillis()).isEqualTo(r.jitterMillis());
        assertThat(r.hasJitter()).isTrue();
        assertThat(r.maxJitter().toNanos()).isEqualTo(Math.round(r.maxJitterMillis() * 1e6));
        assertThat(r.jitter()).isEqualTo(r.maxJitter());
        assertThat(r.summary()).contains(String.format(java.util.Locale.ROOT, "(max %.2f ms)", r.maxJitterMillis()));
    }

    @Test
    void jitterNeedsTwoAgentFramesInOrder() {
        deliver(5, new long[] {});
        deliver(4, new long[] {}); // out of order: not a transit sample

        VoiceStreamResult r = session.result(16000, 0, 0, 0, java.time.Duration.ofSeconds(1));

        assertThat(r.hasJitter()).isFalse();
        assertThat(r.maxJitter()).isZero();
    }

    @Test
    void eventsAreCounted() {
        text("{\"type\":\"ready\"}");
        text("{\"type\":\"partial_transcript\",\"text\":\"hello\"}");
        text("{\"type\":\"final_transcript\",\"text\":\"hello i\"}");
        text("{\"type\":\"error\",\"code\":\"malformed_frame\",\"message\":\"bad\"}");
        text("{\"type\":\"bye\",\"received\":3}");
        text("not json");

        VoiceStreamResult r = session.result(16000, 0, 0, 0, java.time.Duration.ofSeconds(1));
        assertThat(session.ready).isDone();
        assertThat(r.partialTranscripts()).isEqualTo(1);
        assertThat(r.finalTranscript()).isEqualTo("hello i");
        assertThat(r.errors()).hasSize(2).first().isEqualTo("malformed_frame: bad");
        assertThat(r.bye()).containsEntry("received", 3);
        assertThat(r.completedNormally()).isFalse();
    }

    private void deliver(long serverSeq, long[] echoes) {
        long[] timestamps = new long[echoes.length];
        java.util.Arrays.fill(timestamps, System.nanoTime() - 5_000_000);
        session.onBinary(NO_SOCKET, AgentFrames.of(serverSeq, echoes, timestamps, 1000), true);
    }

    private void text(String event) {
        session.onText(NO_SOCKET, event, true);
    }

    /** Stands in for the JDK's WebSocket: the session only asks it for more messages. */
    private static final WebSocket NO_SOCKET = new WebSocket() {
        @Override
        public CompletableFuture<WebSocket> sendText(CharSequence data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendBinary(ByteBuffer data, boolean last) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPing(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendPong(ByteBuffer message) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<WebSocket> sendClose(int statusCode, String reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void request(long n) {}

        @Override
        public String getSubprotocol() {
            return "";
        }

        @Override
        public boolean isOutputClosed() {
            return false;
        }

        @Override
        public boolean isInputClosed() {
            return false;
        }

        @Override
        public void abort() {}
    };
}
