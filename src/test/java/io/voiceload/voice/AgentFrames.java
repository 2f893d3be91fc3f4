package io.voiceload.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Builds agent frames as the server writes them, for the client's tests. */
final class AgentFrames {

    private AgentFrames() {}

    static ByteBuffer of(long serverSeq, long[] echoSeqs, long[] echoTimestamps, long heldMicros) {
        ByteBuffer b = ByteBuffer.allocate(12 + 16 * echoSeqs.length + 640).order(ByteOrder.BIG_ENDIAN);
        b.putShort((short) 0x564C).put((byte) 1).put((byte) 2).putInt((int) serverSeq);
        b.put((byte) echoSeqs.length).put(new byte[3]);
        for (int i = 0; i < echoSeqs.length; i++) {
            b.putInt((int) echoSeqs[i]).putInt((int) heldMicros).putLong(echoTimestamps[i]);
        }
        b.position(b.limit());
        return b.flip();
    }
}
