package io.voiceload.platform.voice;

import java.util.UUID;

/**
 * What the voice module keeps of an open stream, registered with it while the stream is open so that the
 * module's {@code GET /voice/streams} and its shutdown see every stream: the call, when the stream opened, and the
 * last frames heard (a {@value #RECENT_FRAME_BYTES}-byte buffer). The stream removes it when it ends; the planted
 * bug {@link VoiceFaults#listenerLeak()} never does.
 */
public final class VoiceStreamListener {

    /** Bytes of recent audio each listener holds. */
    public static final int RECENT_FRAME_BYTES = 16 * 1024;

    private final String sessionId;
    private final UUID callId;
    private final long openedAtNanos = System.nanoTime();
    private final byte[] recentFrames = new byte[RECENT_FRAME_BYTES];

    VoiceStreamListener(String sessionId, UUID callId) {
        this.sessionId = sessionId;
        this.callId = callId;
    }

    @Override
    public String toString() {
        return "VoiceStreamListener[" + sessionId + ", call " + callId + ", open for "
                + (System.nanoTime() - openedAtNanos) / 1_000_000 + " ms, " + recentFrames.length + " bytes]";
    }
}
