package io.voiceload.voice;

import java.util.Objects;

/**
 * The caller's audio: fills one 20 ms frame of signed 16-bit mono samples at a time. Called on the
 * streaming thread, in frame order, once per frame sent.
 *
 * <pre>{@code
 * FrameSource speech = FrameSource.tone(220, 8000);
 * }</pre>
 */
@FunctionalInterface
public interface FrameSource {

    /**
     * Fills {@code samples} (length: 20 ms at {@code sampleRate}, i.e. 160 or 320) with frame
     * {@code frameIndex} (0-based) of the audio.
     */
    void fill(long frameIndex, int sampleRate, short[] samples);

    /** Digital silence: the server transcribes nothing. */
    static FrameSource silence() {
        return (frameIndex, sampleRate, samples) -> java.util.Arrays.fill(samples, (short) 0);
    }

    /**
     * A sine tone, continuous across frames. The platform counts a frame as speech above an RMS of 500, i.e.
     * an amplitude above about 710.
     *
     * @param hertz 1 to 4000 (below half the 8 kHz sample rate)
     * @param amplitude 0 to 32767
     */
    static FrameSource tone(double hertz, int amplitude) {
        if (!(hertz >= 1 && hertz <= 4000)) {
            throw new IllegalArgumentException("tone hertz must be between 1 and 4000, not " + hertz);
        }
        if (amplitude < 0 || amplitude > Short.MAX_VALUE) {
            throw new IllegalArgumentException("tone amplitude must be between 0 and 32767, not " + amplitude);
        }
        return (frameIndex, sampleRate, samples) -> {
            long first = frameIndex * samples.length;
            for (int i = 0; i < samples.length; i++) {
                samples[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hertz * (first + i) / sampleRate));
            }
        };
    }

    /**
     * Recorded audio, looped: signed 16-bit little-endian mono PCM at the stream's sample rate (what a
     * {@code .wav} file holds after its header).
     *
     * @param pcm at least one sample (2 bytes), an even number of bytes; copied
     */
    static FrameSource pcm(byte[] pcm) {
        Objects.requireNonNull(pcm, "pcm");
        if (pcm.length < 2 || pcm.length % 2 != 0) {
            throw new IllegalArgumentException(
                    "pcm must hold whole 16-bit samples (an even number of bytes, at least 2), not " + pcm.length
                            + " bytes");
        }
        short[] audio = new short[pcm.length / 2];
        for (int i = 0; i < audio.length; i++) {
            audio[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8));
        }
        return (frameIndex, sampleRate, samples) -> {
            long first = frameIndex * samples.length;
            for (int i = 0; i < samples.length; i++) {
                samples[i] = audio[(int) ((first + i) % audio.length)];
            }
        };
    }
}
