package io.voiceload.voice;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;

/**
 * The measuring side of one stream. The JDK's WebSocket calls the {@link WebSocket.Listener} methods one at
 * a time on its own threads; the streaming thread calls {@link #markSent}, {@link #resolveLosses} and reads
 * the results. Echo bookkeeping is a ring of atomic slots ({@code seq << 2 | state}), so that a frame is
 * either echoed or declared lost, exactly once, whichever thread gets there first; the other receive-side
 * figures are guarded by this object's monitor.
 */
final class StreamSession implements WebSocket.Listener {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> EVENT = new TypeReference<>() {};

    private static final long SKIPPED = 0;
    private static final long PENDING = 1;
    private static final long ECHOED = 2;
    private static final long LOST = 3;

    /** Largest text or binary message the client assembles; the server's are far smaller. */
    private static final int MAX_MESSAGE_BYTES = 1 << 20;

    private final long echoTimeoutNanos;
    private final AtomicLongArray ring;
    private final long[] sentAt;
    private final int mask;
    /** Round trips (ns) waiting for the streaming thread to record them into a virtual user; null: none. */
    private final ConcurrentLinkedQueue<Long> forUser;

    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final CompletableFuture<Void> closed = new CompletableFuture<>();

    // Streaming thread only.
    private long lossCursor;
    private long sentUpTo;
    private long lost;

    // Receive side, guarded by this.
    private final Histogram roundTrip = new Histogram(1_000, 3_600_000_000_000L, 3);
    private final Histogram networkRoundTrip = new Histogram(1_000, 3_600_000_000_000L, 3);
    private long echoed;
    private long lateEchoes;
    private long duplicateEchoes;
    private long outOfOrderEchoes;
    private long highestEchoed = -1;
    private long agentFrames;
    private long agentFramesMissing;
    private long agentFramesOutOfOrder;
    private long highestAgentSeq = -1;
    private long previousTransit;
    private double jitterNanos;
    private double maxJitterNanos;
    private long partialTranscripts;
    private String finalTranscript;
    private final List<String> errors = new ArrayList<>();
    private Map<String, Object> bye = Map.of();
    private int closeCode = -1;
    private String closeReason = "";
    private final ByteArrayOutputStream binaryParts = new ByteArrayOutputStream();
    private final StringBuilder textParts = new StringBuilder();

    StreamSession(long echoTimeoutNanos, boolean recordForUser) {
        this.echoTimeoutNanos = echoTimeoutNanos;
        // Twice the frames that can wait for their echo, so a slot is always resolved before it is reused.
        long window = echoTimeoutNanos / WireFormat.FRAME_NANOS + 64;
        int size = Integer.highestOneBit((int) Math.min(window, 1 << 20)) * 4;
        this.ring = new AtomicLongArray(size);
        this.sentAt = new long[size];
        this.mask = size - 1;
        this.forUser = recordForUser ? new ConcurrentLinkedQueue<>() : null;
        for (int i = 0; i < size; i++) {
            ring.set(i, tag(-1 - i, SKIPPED));
        }
    }

    private static long tag(long seq, long state) {
        return seq << 2 | state;
    }

    // ---- streaming thread ----

    /** Frame {@code seq} is about to be sent at {@code now}; earlier sequence numbers were sent or skipped. */
    void markSent(long seq, long now, LossSink sink) {
        resolveLosses(now, seq - ring.length(), sink);
        int slot = (int) (seq & mask);
        sentAt[slot] = now;
        ring.set(slot, tag(seq, PENDING));
        sentUpTo = seq + 1;
    }

    /** Slot {@code seq} was not sent (the client was late): its number is never used. */
    void markSkipped(long seq, long now, LossSink sink) {
        resolveLosses(now, seq - ring.length(), sink);
        ring.set((int) (seq & mask), tag(seq, SKIPPED));
        sentUpTo = seq + 1;
    }

    /**
     * Declares lost every sent frame whose echo is overdue at {@code now}, and every pending frame up to
     * {@code forceUpTo} (inclusive) however recent; reports each to {@code sink}.
     */
    void resolveLosses(long now, long forceUpTo, LossSink sink) {
        while (lossCursor < sentUpTo) {
            long seq = lossCursor;
            int slot = (int) (seq & mask);
            long value = ring.get(slot);
            if (value == tag(seq, PENDING)) {
                if (seq > forceUpTo && now - sentAt[slot] < echoTimeoutNanos) {
                    return;
                }
                if (ring.compareAndSet(slot, value, tag(seq, LOST))) {
                    lost++;
                    sink.lost(seq);
                }
            }
            lossCursor++;
        }
    }

    /** Whether every frame sent so far is echoed or lost. */
    boolean allResolved() {
        while (lossCursor < sentUpTo) {
            long value = ring.get((int) (lossCursor & mask));
            if (value == tag(lossCursor, PENDING)) {
                return false;
            }
            lossCursor++;
        }
        return true;
    }

    long lost() {
        return lost;
    }

    /** Round trips (ns) measured since the last call, for a virtual user; empty when not recording. */
    void drainRoundTrips(java.util.function.LongConsumer consumer) {
        if (forUser == null) {
            return;
        }
        for (Long rtt = forUser.poll(); rtt != null; rtt = forUser.poll()) {
            consumer.accept(rtt);
        }
    }

    /** Receives each frame declared lost. */
    @FunctionalInterface
    interface LossSink {
        void lost(long seq);
    }

    // ---- WebSocket listener ----

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        long now = System.nanoTime();
        synchronized (this) {
            if (!last || binaryParts.size() > 0) {
                if (binaryParts.size() + data.remaining() > MAX_MESSAGE_BYTES) {
                    errors.add("client: binary message larger than " + MAX_MESSAGE_BYTES + " bytes");
                    binaryParts.reset();
                } else {
                    byte[] part = new byte[data.remaining()];
                    data.get(part);
                    binaryParts.writeBytes(part);
                }
                if (last) {
                    agentFrame(ByteBuffer.wrap(binaryParts.toByteArray()), now);
                    binaryParts.reset();
                }
            } else {
                agentFrame(data, now);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void agentFrame(ByteBuffer message, long now) {
        ByteBuffer frame = message.slice().order(ByteOrder.BIG_ENDIAN);
        WireFormat.AgentHeader header;
        try {
            header = WireFormat.agentHeader(frame);
        } catch (IllegalArgumentException e) {
            errors.add("client: " + e.getMessage());
            return;
        }
        agentFrames++;
        long seq = header.serverSeq();
        if (seq <= highestAgentSeq) {
            agentFramesOutOfOrder++;
        } else {
            if (highestAgentSeq >= 0) {
                agentFramesMissing += seq - highestAgentSeq - 1;
                // RFC 3550 §6.4.1: D = change in transit time; the server's clock is its seq × 20 ms.
                long transit = now - seq * WireFormat.FRAME_NANOS;
                long d = Math.abs(transit - previousTransit);
                jitterNanos += (d - jitterNanos) / 16.0;
                maxJitterNanos = Math.max(maxJitterNanos, jitterNanos);
                previousTransit = transit;
            } else {
                previousTransit = now - seq * WireFormat.FRAME_NANOS;
            }
            highestAgentSeq = seq;
        }
        for (int i = 0; i < header.echoes(); i++) {
            echo(
                    WireFormat.echoSeq(frame, i),
                    WireFormat.echoHeldMicros(frame, i),
                    WireFormat.echoTimestamp(frame, i),
                    now);
        }
    }

    private void echo(long seq, long heldMicros, long sentTimestamp, long now) {
        int slot = (int) (seq & mask);
        if (ring.compareAndSet(slot, tag(seq, PENDING), tag(seq, ECHOED))) {
            long rtt = Math.max(1_000, now - sentTimestamp);
            roundTrip.recordValue(Math.min(rtt, roundTrip.getHighestTrackableValue()));
            long network = Math.max(1_000, rtt - heldMicros * 1_000);
            networkRoundTrip.recordValue(Math.min(network, networkRoundTrip.getHighestTrackableValue()));
            echoed++;
            if (seq < highestEchoed) {
                outOfOrderEchoes++;
            } else {
                highestEchoed = seq;
            }
            if (forUser != null) {
                forUser.add(rtt);
            }
        } else if (ring.get(slot) == tag(seq, ECHOED)) {
            duplicateEchoes++;
        } else {
            lateEchoes++;
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        synchronized (this) {
            if (textParts.length() + data.length() > MAX_MESSAGE_BYTES) {
                errors.add("client: text message larger than " + MAX_MESSAGE_BYTES + " characters");
                textParts.setLength(0);
            } else {
                textParts.append(data);
            }
            if (last) {
                event(textParts.toString());
                textParts.setLength(0);
            }
        }
        webSocket.request(1);
        return null;
    }

    private void event(String text) {
        Map<String, Object> event;
        try {
            event = JSON.readValue(text, EVENT);
        } catch (Exception e) {
            errors.add("client: event is not a JSON object: " + text.substring(0, Math.min(80, text.length())));
            return;
        }
        switch (String.valueOf(event.get("type"))) {
            case "ready" -> ready.complete(null);
            case "partial_transcript" -> partialTranscripts++;
            case "final_transcript" -> finalTranscript = event.get("text") instanceof String said ? said : "";
            case "error" -> errors.add(event.get("code") + ": " + event.get("message"));
            case "bye" -> bye = new LinkedHashMap<>(event);
            default -> {
                // Unknown events are ignored: the protocol may add some.
            }
        }
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        synchronized (this) {
            closeCode = statusCode;
            closeReason = reason == null ? "" : reason;
        }
        closed.complete(null);
        ready.completeExceptionally(new VoiceStreamException(
                "the server closed the stream before it was ready: " + statusCode + " " + reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        synchronized (this) {
            errors.add("client: " + error);
        }
        closed.complete(null);
        ready.completeExceptionally(error);
    }

    /** The result, once the stream is over. */
    synchronized VoiceStreamResult result(
            int sampleRate, long framesPlanned, long framesSent, long slotsMissed, java.time.Duration duration) {
        return new VoiceStreamResult(
                sampleRate,
                framesPlanned,
                framesSent,
                slotsMissed,
                echoed,
                lost,
                lateEchoes,
                duplicateEchoes,
                outOfOrderEchoes,
                agentFrames,
                agentFramesMissing,
                agentFramesOutOfOrder,
                jitterNanos / 1e6,
                maxJitterNanos / 1e6,
                roundTrip,
                networkRoundTrip,
                partialTranscripts,
                finalTranscript,
                errors,
                bye,
                closeCode,
                closeReason,
                duration);
    }
}
