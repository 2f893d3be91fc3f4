package io.voiceload.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Version 1 of the voice stream's binary messages, as the client writes and reads them (the server's
 * side lives in the platform; the two meet only on the wire, documented in the API description):
 * client audio = 16-byte header (magic "VL", version 1, kind 1, u32 seq, i64 time stamp) + PCM; agent
 * audio = 12-byte header (magic, version, kind 2, u32 server seq, u8 echo count) + 16-byte echoes
 * (u32 client seq, u32 µs held on the server, i64 echoed time stamp) + PCM. Header fields big-endian,
 * PCM signed 16-bit little-endian.
 */
final class WireFormat {

    static final int MAGIC = 0x564C;
    static final int VERSION = 1;
    static final int KIND_CLIENT_AUDIO = 1;
    static final int KIND_AGENT_AUDIO = 2;
    static final int FRAME_MILLIS = 20;
    static final long FRAME_NANOS = FRAME_MILLIS * 1_000_000L;
    static final int CLIENT_HEADER_BYTES = 16;
    static final int AGENT_HEADER_BYTES = 12;
    static final int ECHO_BYTES = 16;

    private WireFormat() {}

    /** Samples in 20 ms at {@code sampleRate}. */
    static int samplesPerFrame(int sampleRate) {
        return sampleRate / 1000 * FRAME_MILLIS;
    }

    /** Writes one client audio message into {@code out} (cleared first) and flips it for sending. */
    static ByteBuffer clientFrame(ByteBuffer out, long seq, long timestamp, short[] samples) {
        out.clear().order(ByteOrder.BIG_ENDIAN);
        out.putShort((short) MAGIC).put((byte) VERSION).put((byte) KIND_CLIENT_AUDIO);
        out.putInt((int) seq).putLong(timestamp);
        out.order(ByteOrder.LITTLE_ENDIAN);
        for (short s : samples) {
            out.putShort(s);
        }
        return out.flip();
    }

    /** What an agent frame tells the client; echoes are read one by one with {@link #echo}. */
    record AgentHeader(long serverSeq, int echoes) {}

    /**
     * Reads an agent audio message's header.
     *
     * @throws IllegalArgumentException when the message is not a version-1 agent frame
     */
    static AgentHeader agentHeader(ByteBuffer message) {
        ByteBuffer b = message.duplicate().order(ByteOrder.BIG_ENDIAN);
        if (b.remaining() < AGENT_HEADER_BYTES) {
            throw new IllegalArgumentException("agent frame of " + b.remaining() + " bytes is shorter than its header");
        }
        int at = b.position();
        if (Short.toUnsignedInt(b.getShort(at)) != MAGIC
                || Byte.toUnsignedInt(b.get(at + 2)) != VERSION
                || Byte.toUnsignedInt(b.get(at + 3)) != KIND_AGENT_AUDIO) {
            throw new IllegalArgumentException("not a version-1 agent frame");
        }
        int echoes = Byte.toUnsignedInt(b.get(at + 8));
        if (b.remaining() < AGENT_HEADER_BYTES + echoes * ECHO_BYTES) {
            throw new IllegalArgumentException("agent frame announces " + echoes + " echoes but is too short");
        }
        return new AgentHeader(Integer.toUnsignedLong(b.getInt(at + 4)), echoes);
    }

    static long echoSeq(ByteBuffer message, int index) {
        return Integer.toUnsignedLong(message.getInt(echoAt(message, index)));
    }

    static long echoHeldMicros(ByteBuffer message, int index) {
        return Integer.toUnsignedLong(message.getInt(echoAt(message, index) + 4));
    }

    static long echoTimestamp(ByteBuffer message, int index) {
        return message.getLong(echoAt(message, index) + 8);
    }

    private static int echoAt(ByteBuffer message, int index) {
        return message.position() + AGENT_HEADER_BYTES + index * ECHO_BYTES;
    }
}
