package io.voiceload.voice;

import io.voiceload.load.VirtualUser;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Streams a caller's audio to the platform's voice stream and measures it: frame round trip, jitter of the
 * agent's audio, lost frames. Frames go out at real-time pace from planned times (frame n at start + n × 20
 * ms: no drift; a slot the client misses is skipped, never made up in a burst). Every bound is explicit:
 * connect and {@code ready} ({@code connectTimeout}), the stream itself ({@code frames} × 20 ms), the wait
 * for the last echoes ({@code echoTimeout}) and the close handshake ({@code closeTimeout}); after that the
 * connection is aborted.
 *
 * <pre>{@code
 * try (VoiceStreamClient voice = VoiceStreamClient.create()) {
 *     VoiceStreamResult r = voice.stream(platform.baseUrl(), callId, VoiceStreamOptions.builder()
 *             .headers(Map.of("Authorization", "Bearer " + token))
 *             .source(FrameSource.tone(220, 8000))
 *             .duration(Duration.ofSeconds(3))
 *             .build());
 *     assertThat(r.lossRatio()).isZero();
 * }
 * }</pre>
 *
 * <p>Inside a load test (on a {@link VirtualUser}'s thread) each round trip is recorded as a success of
 * {@link VoiceStreamOptions#metricName()} ({@code voice.frame_rtt}), each lost frame as a failure of it
 * (kind {@code LostFrame: no echo within 1000 ms}; so loss shows as its error rate), the connect time
 * (upgrade + {@code ready}) under {@link VoiceStreamOptions#connectMetricName()} ({@code voice.connect}),
 * and once per stream its {@link VoiceStreamResult#maxJitter() highest jitter estimate} under
 * {@link VoiceStreamOptions#jitterMetricName()} ({@code voice.jitter}); all on the user's own thread, and
 * equal to the figures of the returned {@link VoiceStreamResult}. So SLOs read:
 *
 * <pre>{@code
 * @Slo(request = "voice.frame_rtt", p99 = "300ms", errorRate = 0.001) // errorRate: lost frames
 * @Slo(request = "voice.jitter", p99 = "50ms")
 * @Slo(request = "voice.connect", p99 = "1s", errorRate = 0)
 * }</pre>
 *
 * <p>Outside a load test nothing is recorded but the result.
 *
 * <p>Thread-safe: one client serves many concurrent streams (one JDK {@link HttpClient}, one selector
 * thread, callbacks on virtual threads). {@link #close()} releases them. Limitation: one stream blocks its
 * calling thread for its whole length.
 */
public final class VoiceStreamClient implements AutoCloseable {

    private static final String STOP = "{\"type\":\"stop\"}";
    private static final Duration TERMINATION = Duration.ofSeconds(2);

    private final ExecutorService executor;
    private final HttpClient http;

    private VoiceStreamClient() {
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("voice-client-", 0).factory());
        this.http = HttpClient.newBuilder().executor(executor).build();
    }

    /** A client with its own HTTP client; close it when done. */
    public static VoiceStreamClient create() {
        return new VoiceStreamClient();
    }

    /**
     * The stream's WebSocket address: {@code ws://host:port/calls/<callId>/stream?sampleRate=<rate>} for an
     * {@code http} base URL ({@code wss} for {@code https}).
     */
    public static URI streamUri(URI baseUrl, String callId, int sampleRate) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        String scheme = baseUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("baseUrl must be http:// or https://, not " + baseUrl);
        }
        return URI.create(("https".equals(scheme) ? "wss" : "ws") + base.substring(scheme.length()) + "/calls/" + callId
                + "/stream?sampleRate=" + sampleRate);
    }

    /** Streams to call {@code callId} of the platform at {@code baseUrl}; see {@link #stream(URI, VoiceStreamOptions)}. */
    public VoiceStreamResult stream(URI baseUrl, String callId, VoiceStreamOptions options) {
        return stream(streamUri(baseUrl, callId, options.sampleRate()), options);
    }

    /**
     * Opens the stream at {@code webSocketUri}, sends {@code options.frames()} frames at real-time pace, waits
     * for their echoes, sends {@code stop} and waits for the server's close. Blocks for about
     * {@code frames × 20 ms}, at most that plus the connect, echo and close timeouts.
     *
     * @throws VoiceStreamRefusedException when the server answers the upgrade with an HTTP status
     * @throws VoiceStreamException when no connection or {@code ready} comes within the connect timeout, or
     *     the thread is interrupted
     */
    public VoiceStreamResult stream(URI webSocketUri, VoiceStreamOptions options) {
        VirtualUser user = VirtualUser.current().orElse(null);
        StreamSession session = new StreamSession(options.echoTimeout().toNanos(), user != null);
        long start = System.nanoTime();
        WebSocket ws = connect(webSocketUri, options, session, user, start);
        try {
            return run(ws, session, options, user, start);
        } finally {
            ws.abort();
        }
    }

    private WebSocket connect(
            URI uri, VoiceStreamOptions options, StreamSession session, VirtualUser user, long start) {
        WebSocket.Builder builder = http.newWebSocketBuilder().connectTimeout(options.connectTimeout());
        options.headers().forEach(builder::header);
        CompletableFuture<WebSocket> opening = builder.buildAsync(uri, session);
        long deadline = start + options.connectTimeout().toNanos();
        WebSocket ws = null;
        try {
            ws = opening.get(remaining(deadline), TimeUnit.NANOSECONDS);
            session.ready.get(remaining(deadline), TimeUnit.NANOSECONDS);
            record(user, options.connectMetricName(), System.nanoTime() - start, null);
            return ws;
        } catch (ExecutionException e) {
            VoiceStreamException failure = refusal(uri, e.getCause());
            abort(opening, ws);
            record(user, options.connectMetricName(), System.nanoTime() - start, failure);
            throw failure;
        } catch (TimeoutException e) {
            VoiceStreamException failure =
                    new VoiceStreamException((ws == null ? "no WebSocket connection to " : "no ready event from ") + uri
                            + " within " + options.connectTimeout().toMillis() + " ms");
            abort(opening, ws);
            record(user, options.connectMetricName(), System.nanoTime() - start, failure);
            throw failure;
        } catch (InterruptedException e) {
            abort(opening, ws);
            Thread.currentThread().interrupt();
            throw new VoiceStreamException("interrupted while connecting to " + uri, e);
        }
    }

    private VoiceStreamResult run(
            WebSocket ws, StreamSession session, VoiceStreamOptions options, VirtualUser user, long start) {
        int sampleRate = options.sampleRate();
        short[] samples = new short[WireFormat.samplesPerFrame(sampleRate)];
        ByteBuffer buffer = ByteBuffer.allocate(WireFormat.CLIENT_HEADER_BYTES + samples.length * 2);
        LostFrame lostFrame = new LostFrame(options.echoTimeout());
        StreamSession.LossSink sink =
                seq -> record(user, options.metricName(), options.echoTimeout().toNanos(), lostFrame);
        CompletableFuture<WebSocket> lastSend = CompletableFuture.completedFuture(ws);
        long sent = 0;
        long missed = 0;
        long t0 = System.nanoTime();
        long lastSentAt = t0;
        for (long seq = 0; seq < options.frames() && !session.closed.isDone(); seq++) {
            long planned = t0 + seq * WireFormat.FRAME_NANOS;
            long now = sleepUntil(planned);
            boolean late = now - planned >= WireFormat.FRAME_NANOS;
            if (!late && !lastSend.isDone()) {
                try {
                    lastSend.get(planned + WireFormat.FRAME_NANOS - now, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    late = true;
                } catch (ExecutionException e) {
                    break; // the connection failed: onError has recorded why
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new VoiceStreamException("interrupted while streaming", e);
                }
            }
            if (late) {
                session.markSkipped(seq, System.nanoTime(), sink);
                missed++;
                continue;
            }
            options.source().fill(seq, sampleRate, samples);
            now = System.nanoTime();
            WireFormat.clientFrame(buffer, seq, now, samples);
            session.markSent(seq, now, sink);
            lastSend = ws.sendBinary(buffer, true);
            sent++;
            lastSentAt = now;
            session.resolveLosses(now, -1, sink);
            drain(session, user, options);
        }
        awaitEchoes(session, lastSentAt + options.echoTimeout().toNanos(), user, options, sink);
        close(ws, session, lastSend, options);
        // No message arrives after abort(); result() waits for one still being handled. Draining after both
        // makes the virtual user's metrics agree exactly with the result.
        ws.abort();
        VoiceStreamResult result =
                session.result(sampleRate, options.frames(), sent, missed, Duration.ofNanos(System.nanoTime() - start));
        drain(session, user, options);
        if (user != null && result.hasJitter()) {
            user.record(options.jitterMetricName(), result.maxJitter(), null);
        }
        return result;
    }

    /** Waits (bounded) until every frame sent is echoed, then declares the rest lost. */
    private static void awaitEchoes(
            StreamSession session,
            long deadline,
            VirtualUser user,
            VoiceStreamOptions options,
            StreamSession.LossSink sink) {
        while (!session.allResolved() && !session.closed.isDone()) {
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            session.resolveLosses(now, -1, sink);
            drain(session, user, options);
            LockSupport.parkNanos(Math.min(2_000_000, deadline - now));
            if (Thread.currentThread().isInterrupted()) {
                throw new VoiceStreamException("interrupted while waiting for echoes");
            }
        }
        session.resolveLosses(System.nanoTime(), Long.MAX_VALUE, sink);
    }

    /** Sends {@code stop} and waits (bounded) for the server's final events and close. */
    private static void close(
            WebSocket ws, StreamSession session, CompletableFuture<WebSocket> lastSend, VoiceStreamOptions options) {
        if (session.closed.isDone()) {
            return;
        }
        long deadline = System.nanoTime() + options.closeTimeout().toNanos();
        try {
            lastSend.get(remaining(deadline), TimeUnit.NANOSECONDS);
            ws.sendText(STOP, true).get(remaining(deadline), TimeUnit.NANOSECONDS);
            session.closed.get(remaining(deadline), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // The close did not complete in time or the connection broke: the result says so (close code -1).
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VoiceStreamException("interrupted while closing", e);
        }
    }

    private static void drain(StreamSession session, VirtualUser user, VoiceStreamOptions options) {
        if (user != null) {
            session.drainRoundTrips(rtt -> user.record(options.metricName(), Duration.ofNanos(rtt), null));
        }
    }

    private static void record(VirtualUser user, String name, long nanos, Throwable failure) {
        if (user != null) {
            user.record(name, Duration.ofNanos(nanos), failure);
        }
    }

    /** Parks until {@code planned} (System.nanoTime); returns the time it woke. */
    private static long sleepUntil(long planned) {
        long now = System.nanoTime();
        while (now < planned) {
            LockSupport.parkNanos(planned - now);
            if (Thread.currentThread().isInterrupted()) {
                throw new VoiceStreamException("interrupted while streaming");
            }
            now = System.nanoTime();
        }
        return now;
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static VoiceStreamException refusal(URI uri, Throwable cause) {
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof WebSocketHandshakeException handshake && handshake.getResponse() != null) {
            int status = handshake.getResponse().statusCode();
            Object body = handshake.getResponse().body();
            String text = body == null ? "" : body.toString();
            return new VoiceStreamRefusedException(
                    "voice stream refused by " + uri + ": HTTP " + status
                            + (text.isBlank() ? "" : " " + text.substring(0, Math.min(300, text.length()))),
                    status,
                    cause);
        }
        return new VoiceStreamException("cannot open the voice stream " + uri + ": " + cause, cause);
    }

    /** Aborts the connection, now if it is open, else as soon as it opens (the JDK bounds the opening). */
    private static void abort(CompletableFuture<WebSocket> opening, WebSocket ws) {
        if (ws != null) {
            ws.abort();
        }
        opening.thenAccept(WebSocket::abort);
    }

    /** Stops the HTTP client and its threads (bounded wait: 2 s each); streams still running are aborted. */
    @Override
    public void close() {
        http.shutdownNow();
        try {
            http.awaitTermination(TERMINATION);
            executor.shutdownNow();
            executor.awaitTermination(TERMINATION.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * A frame whose echo did not come back in time: recorded as a failure of the round-trip metric, so its
     * error kind reads {@code LostFrame: no echo within 1000 ms}. One instance per stream, without a stack
     * trace (it is a measurement, not an event to debug).
     */
    static final class LostFrame extends RuntimeException {
        LostFrame(Duration echoTimeout) {
            super("no echo within " + echoTimeout.toMillis() + " ms", null, false, false);
        }
    }
}
