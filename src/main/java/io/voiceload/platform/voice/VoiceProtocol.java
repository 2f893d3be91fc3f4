package io.voiceload.platform.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * The voice stream's wire format, version 1 (described for clients in {@code docs/api.md}, "Voice stream").
 * Binary messages carry audio, text messages carry JSON events. Header fields are big-endian; PCM is
 * signed 16-bit little-endian mono, exactly 20 ms per message.
 *
 * <pre>
 * client audio (kind 1), 16-byte header:
 *   0  u16 magic 0x564C ("VL")   2  u8 version 1   3  u8 kind 1
 *   4  u32 client sequence number (0, 1, 2, ...)
 *   8  i64 client time stamp (opaque to the server, echoed back)
 *  16  PCM: 320 bytes at 8 kHz, 640 bytes at 16 kHz
 *
 * agent audio (kind 2), 12-byte header + echoes:
 *   0  u16 magic   2  u8 version 1   3  u8 kind 2
 *   4  u32 server sequence number: the media frame index since the stream started (media time = seq × 20 ms)
 *   8  u8 echo count n (0-16)   9  3 bytes reserved (0)
 *  12  n echoes of 16 bytes, oldest first (the last is the latest client frame received):
 *        u32 client sequence number, u32 microseconds the frame waited on the server, i64 its client time stamp
 *  12 + 16n  PCM: 20 ms of agent audio at the stream's sample rate
 * </pre>
 *
 * Every client frame received is echoed exactly once, in the next agent frame, unless more than
 * {@link #MAX_PENDING_ECHOES} wait (then the oldest are dropped and counted).
 */
public final class VoiceProtocol {

    public static final int MAGIC = 0x564C;
    public static final int VERSION = 1;
    public static final int KIND_CLIENT_AUDIO = 1;
    public static final int KIND_AGENT_AUDIO = 2;
    public static final int FRAME_MILLIS = 20;
    public static final long FRAME_NANOS = FRAME_MILLIS * 1_000_000L;
    public static final int CLIENT_HEADER_BYTES = 16;
    public static final int AGENT_HEADER_BYTES = 12;
    public static final int ECHO_BYTES = 16;
    public static final int MAX_ECHOES_PER_FRAME = 16;
    public static final int MAX_PENDING_ECHOES = 256;
    /** Sample rates a client may ask for with {@code ?sampleRate=}; the first is the default. */
    public static final List<Integer> SAMPLE_RATES = List.of(16_000, 8_000);

    private VoiceProtocol() {}

    /** Bytes of 20 ms of 16-bit mono PCM at {@code sampleRate} Hz. */
    public static int pcmBytes(int sampleRate) {
        return sampleRate / 1000 * FRAME_MILLIS * 2;
    }

    /** A client audio message, as read from the wire. {@code pcm} is a little-endian view of the audio. */
    public record ClientFrame(long seq, long clientTimestamp, ByteBuffer pcm) {}

    /**
     * Reads a client audio message.
     *
     * @throws MalformedFrameException naming what is wrong (length, magic, version, kind)
     */
    public static ClientFrame readClientFrame(ByteBuffer message, int sampleRate) {
        int expected = CLIENT_HEADER_BYTES + pcmBytes(sampleRate);
        ByteBuffer b = message.slice().order(ByteOrder.BIG_ENDIAN);
        if (b.remaining() != expected) {
            throw new MalformedFrameException("a client frame at " + sampleRate + " Hz must be " + expected
                    + " bytes (16-byte header + 20 ms of 16-bit PCM), not " + b.remaining());
        }
        int magic = Short.toUnsignedInt(b.getShort(0));
        if (magic != MAGIC) {
            throw new MalformedFrameException(
                    String.format("bad magic 0x%04X: a client frame starts with 0x%04X (\"VL\")", magic, MAGIC));
        }
        int version = Byte.toUnsignedInt(b.get(2));
        if (version != VERSION) {
            throw new MalformedFrameException("unsupported protocol version " + version + "; supported: " + VERSION);
        }
        int kind = Byte.toUnsignedInt(b.get(3));
        if (kind != KIND_CLIENT_AUDIO) {
            throw new MalformedFrameException(
                    "unsupported frame kind " + kind + "; a client sends kind " + KIND_CLIENT_AUDIO + " (audio)");
        }
        long seq = Integer.toUnsignedLong(b.getInt(4));
        long timestamp = b.getLong(8);
        ByteBuffer pcm =
                b.slice(CLIENT_HEADER_BYTES, expected - CLIENT_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        return new ClientFrame(seq, timestamp, pcm);
    }

    /** A client message the protocol does not allow; answered with an {@code error} event and close 1003. */
    public static final class MalformedFrameException extends RuntimeException {
        public MalformedFrameException(String message) {
            super(message, null, false, false);
        }
    }
}
