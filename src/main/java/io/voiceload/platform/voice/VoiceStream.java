package io.voiceload.platform.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.http.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open voice stream: reads client frames (Jetty's thread), and sends an agent frame every 20 ms from
 * the module's shared clock, carrying the echoes of the client frames received since the previous one.
 * All state is guarded by one lock; sends are asynchronous, made under the lock so that events keep
 * their order. The stream ends once: by the client's {@code stop}, a protocol error, a limit, the client
 * closing, or the platform stopping; its clock task is cancelled then.
 */
final class VoiceStream {

    private static final Logger LOG = LoggerFactory.getLogger(VoiceStream.class);

    /** Agent frames in flight the server accepts before it skips frames (a client that does not read). */
    static final int MAX_SEND_BACKLOG = 50;

    /** A late clock catches up at most this many frames in a burst; more are skipped (no bursts). */
    static final int MAX_CATCH_UP_FRAMES = 2;

    private final Session session;
    private final UUID callId;
    private final int sampleRate;
    private final VoiceOptions options;
    private final int dropEchoEveryNth;
    private final ScheduledExecutorService clock;
    private final Runnable onEnded;
    private final long startNanos = System.nanoTime();
    private final ByteBuffer agentPcm;
    private final AtomicInteger sendsInFlight = new AtomicInteger();
    private final ReentrantLock lock = new ReentrantLock();

    // Guarded by lock.
    private final SyntheticTranscriber transcriber = new SyntheticTranscriber();
    private final long[] pendingSeq = new long[VoiceProtocol.MAX_PENDING_ECHOES];
    private final long[] pendingTimestamp = new long[VoiceProtocol.MAX_PENDING_ECHOES];
    private final long[] pendingArrival = new long[VoiceProtocol.MAX_PENDING_ECHOES];
    private int pendingHead;
    private int pendingSize;
    private long received;
    private long highestSeq = -1;
    private long outOfOrder;
    private long echoed;
    private long echoesDropped;
    private long echoesWithheld;
    private long lastClientFrameNanos = startNanos;
    private long nextFrame;
    private long agentFrames;
    private long framesSkipped;
    private ScheduledFuture<?> tick;
    private boolean ended;

    VoiceStream(
            Session session,
            UUID callId,
            int sampleRate,
            VoiceOptions options,
            VoiceFaults faults,
            ScheduledExecutorService clock,
            Runnable onEnded) {
        this.session = session;
        this.callId = callId;
        this.sampleRate = sampleRate;
        this.options = options;
        this.dropEchoEveryNth = faults.dropVoiceEchoEveryNth();
        this.clock = clock;
        this.onEnded = onEnded;
        this.agentPcm = AgentVoice.frame(sampleRate);
    }

    /** Sends {@code ready} and starts the clock. */
    void start() {
        lock.lock();
        try {
            Map<String, Object> ready = event("ready");
            ready.put("protocol", VoiceProtocol.VERSION);
            ready.put("callId", callId.toString());
            ready.put("sampleRate", sampleRate);
            ready.put("frameMs", VoiceProtocol.FRAME_MILLIS);
            ready.put("clientFrameBytes", VoiceProtocol.CLIENT_HEADER_BYTES + VoiceProtocol.pcmBytes(sampleRate));
            ready.put("partialEveryFrames", options.partialEveryFrames());
            ready.put("maxStreamMs", options.maxStreamDuration().toMillis());
            ready.put("clientIdleTimeoutMs", options.clientIdleTimeout().toMillis());
            send(ready);
            tick = clock.schedule(this::tick, 0, TimeUnit.NANOSECONDS);
        } finally {
            lock.unlock();
        }
    }

    /** A binary message from the client. */
    void onBinary(ByteBuffer message) {
        long arrival = System.nanoTime();
        lock.lock();
        try {
            if (ended) {
                return;
            }
            VoiceProtocol.ClientFrame frame;
            try {
                frame = VoiceProtocol.readClientFrame(message, sampleRate);
            } catch (VoiceProtocol.MalformedFrameException e) {
                end("error", 1003, "malformed frame", error("malformed_frame", e.getMessage()));
                return;
            }
            received++;
            lastClientFrameNanos = arrival;
            if (frame.seq() < highestSeq) {
                outOfOrder++;
            } else {
                highestSeq = frame.seq();
            }
            transcriber.accept(frame.pcm());
            int k = dropEchoEveryNth;
            if (k > 0 && received % k == 0) {
                echoesWithheld++;
            } else {
                enqueueEcho(frame.seq(), frame.clientTimestamp(), arrival);
            }
            if (received % options.partialEveryFrames() == 0) {
                Map<String, Object> partial = event("partial_transcript");
                partial.put("text", transcriber.text());
                partial.put("words", transcriber.words());
                partial.put("framesReceived", received);
                partial.put("lastSeq", frame.seq());
                send(partial);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A text message from the client: only {@code {"type": "stop"}} is understood. */
    void onText(String message) {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            String type = null;
            try {
                JsonNode node = Json.MAPPER.readTree(message);
                type = node != null && node.isObject() ? node.path("type").asText(null) : null;
            } catch (JsonProcessingException e) {
                // answered below
            }
            if ("stop".equals(type)) {
                end("client_stop", 1000, "stream complete", null);
            } else {
                end(
                        "error",
                        1003,
                        "unsupported message",
                        error(
                                "unsupported_message",
                                "text messages must be the JSON object {\"type\": \"stop\"}; audio goes in binary"
                                        + " messages"));
            }
        } finally {
            lock.unlock();
        }
    }

    /** The connection closed (by the client, or after {@link #end}); stops the clock. */
    void onClosed() {
        lock.lock();
        try {
            ended = true;
            cancelTick();
        } finally {
            lock.unlock();
        }
        onEnded.run();
    }

    /** The platform is stopping: ends the stream with {@code bye} and close 1001. */
    void shutdown() {
        lock.lock();
        try {
            end("server_shutdown", 1001, "server stopping", null);
        } finally {
            lock.unlock();
        }
    }

    private void tick() {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            if (!session.isOpen()) {
                ended = true;
                onEnded.run();
                return;
            }
            long now = System.nanoTime();
            long elapsed = now - startNanos;
            if (elapsed >= options.maxStreamDuration().toNanos()) {
                end("max_duration", 1008, "max stream duration reached", null);
                return;
            }
            if (now - lastClientFrameNanos > options.clientIdleTimeout().toNanos()) {
                end("client_idle", 1008, "no client frame within the idle timeout", null);
                return;
            }
            long due = elapsed / VoiceProtocol.FRAME_NANOS;
            if (due - nextFrame > MAX_CATCH_UP_FRAMES) {
                framesSkipped += due - nextFrame;
                nextFrame = due;
            }
            sendAgentFrame(now);
            nextFrame++;
            long delay = startNanos + nextFrame * VoiceProtocol.FRAME_NANOS - System.nanoTime();
            tick = clock.schedule(this::tick, Math.max(0, delay), TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            LOG.warn("voice stream of call {} failed on its clock", callId, e);
            end("error", 1011, "server error", error("server_error", "the stream failed on the server"));
        } finally {
            lock.unlock();
        }
    }

    private void sendAgentFrame(long now) {
        if (sendsInFlight.get() >= MAX_SEND_BACKLOG) {
            // The client does not read: skip this frame rather than queue without bound. Its echoes wait.
            framesSkipped++;
            return;
        }
        int echoes = Math.min(pendingSize, VoiceProtocol.MAX_ECHOES_PER_FRAME);
        ByteBuffer frame = ByteBuffer.allocate(
                        VoiceProtocol.AGENT_HEADER_BYTES + echoes * VoiceProtocol.ECHO_BYTES + agentPcm.remaining())
                .order(ByteOrder.BIG_ENDIAN);
        frame.putShort((short) VoiceProtocol.MAGIC);
        frame.put((byte) VoiceProtocol.VERSION);
        frame.put((byte) VoiceProtocol.KIND_AGENT_AUDIO);
        frame.putInt((int) nextFrame);
        frame.put((byte) echoes);
        frame.put(new byte[3]);
        for (int i = 0; i < echoes; i++) {
            int at = pendingHead;
            long heldMicros = Math.max(0, (now - pendingArrival[at]) / 1000);
            frame.putInt((int) pendingSeq[at]);
            frame.putInt((int) Math.min(heldMicros, 0xFFFF_FFFFL));
            frame.putLong(pendingTimestamp[at]);
            pendingHead = (pendingHead + 1) % pendingSeq.length;
            pendingSize--;
        }
        echoed += echoes;
        frame.put(agentPcm.duplicate());
        frame.flip();
        sendsInFlight.incrementAndGet();
        session.sendBinary(
                frame, Callback.from(sendsInFlight::decrementAndGet, failed -> sendsInFlight.decrementAndGet()));
        agentFrames++;
    }

    private void enqueueEcho(long seq, long clientTimestamp, long arrival) {
        if (pendingSize == pendingSeq.length) {
            // Bounded: a client sending far faster than real time loses the oldest echoes, counted in bye.
            pendingHead = (pendingHead + 1) % pendingSeq.length;
            pendingSize--;
            echoesDropped++;
        }
        int at = (pendingHead + pendingSize) % pendingSeq.length;
        pendingSeq[at] = seq;
        pendingTimestamp[at] = clientTimestamp;
        pendingArrival[at] = arrival;
        pendingSize++;
    }

    /** Ends the stream once: optional error event, final transcript, bye, close. Caller holds the lock. */
    private void end(String reason, int closeCode, String closeReason, Map<String, Object> error) {
        if (ended) {
            return;
        }
        ended = true;
        cancelTick();
        try {
            if (error != null) {
                send(error);
            }
            Map<String, Object> transcript = event("final_transcript");
            transcript.put("text", transcriber.text());
            transcript.put("words", transcriber.words());
            transcript.put("framesReceived", received);
            send(transcript);
            send(bye(reason));
            session.close(closeCode, closeReason, Callback.NOOP);
        } catch (RuntimeException e) {
            LOG.debug("voice stream of call {}: could not say goodbye", callId, e);
        }
        onEnded.run();
    }

    private Map<String, Object> bye(String reason) {
        Map<String, Object> bye = event("bye");
        bye.put("reason", reason);
        bye.put("received", received);
        bye.put("highestSeq", highestSeq);
        bye.put("missing", Math.max(0, highestSeq + 1 - received));
        bye.put("outOfOrder", outOfOrder);
        bye.put("echoed", echoed);
        bye.put("echoesDropped", echoesDropped);
        bye.put("echoesWithheld", echoesWithheld);
        bye.put("agentFrames", agentFrames);
        bye.put("agentFramesSkipped", framesSkipped);
        bye.put("durationMs", (System.nanoTime() - startNanos) / 1_000_000);
        return bye;
    }

    private void cancelTick() {
        if (tick != null) {
            tick.cancel(false);
        }
    }

    private void send(Map<String, Object> event) {
        try {
            session.sendText(Json.MAPPER.writeValueAsString(event), Callback.NOOP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a voice event", e);
        }
    }

    private static Map<String, Object> event(String type) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        return event;
    }

    private static Map<String, Object> error(String code, String message) {
        Map<String, Object> error = event("error");
        error.put("code", code);
        error.put("message", message);
        return error;
    }
}
