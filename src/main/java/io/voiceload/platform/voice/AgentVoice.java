package io.voiceload.platform.voice;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The agent's synthetic voice: a quiet 400 Hz tone, exactly 8 periods per 20 ms frame at 8 and 16 kHz, so
 * one precomputed frame repeats without clicks.
 */
final class AgentVoice {

    static final double HERTZ = 400;
    static final int AMPLITUDE = 3000;

    private static final ByteBuffer AT_8K = tone(8_000);
    private static final ByteBuffer AT_16K = tone(16_000);

    private AgentVoice() {}

    /** A read-only frame of 20 ms at {@code sampleRate} (one of {@link VoiceProtocol#SAMPLE_RATES}). */
    static ByteBuffer frame(int sampleRate) {
        return switch (sampleRate) {
            case 8_000 -> AT_8K.duplicate();
            case 16_000 -> AT_16K.duplicate();
            default -> throw new IllegalArgumentException("unsupported sample rate " + sampleRate);
        };
    }

    private static ByteBuffer tone(int sampleRate) {
        int samples = VoiceProtocol.pcmBytes(sampleRate) / 2;
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm.putShort((short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * HERTZ * i / sampleRate)));
        }
        return pcm.flip().asReadOnlyBuffer();
    }
}
