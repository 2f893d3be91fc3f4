package io.voiceload.platform.voice;

import java.nio.ByteBuffer;
import java.util.List;

/**
 * A stand-in for speech recognition, derived from the audio so that a load test sees work proportional
 * to what it sends: a 20 ms frame is voiced when its RMS level is above {@link #VOICED_RMS}; every
 * {@link #FRAMES_PER_WORD} voiced frames (300 ms of speech) make one word, taken in turn from a fixed
 * hotel vocabulary. Silence transcribes to nothing. Not thread-safe: one per stream, fed in order.
 */
final class SyntheticTranscriber {

    /** RMS level (of 32 767) above which a frame counts as speech. */
    static final double VOICED_RMS = 500;

    static final int FRAMES_PER_WORD = 15;

    /** The text of a transcript holds at most this many words (the count goes on). */
    static final int MAX_TEXT_WORDS = 200;

    private static final List<String> VOCABULARY = List.of(
            "hello",
            "i",
            "would",
            "like",
            "a",
            "late",
            "checkout",
            "for",
            "room",
            "four",
            "twelve",
            "please",
            "and",
            "could",
            "you",
            "send",
            "extra",
            "towels",
            "to",
            "my",
            "room",
            "thank",
            "you");

    private long voicedFrames;
    private long frames;
    private final StringBuilder text = new StringBuilder();
    private int textWords;

    /** Feeds one frame of little-endian 16-bit PCM. */
    void accept(ByteBuffer pcm) {
        frames++;
        int samples = pcm.remaining() / 2;
        double sumSquares = 0;
        for (int i = 0; i < samples; i++) {
            double s = pcm.getShort(pcm.position() + 2 * i);
            sumSquares += s * s;
        }
        if (samples > 0 && Math.sqrt(sumSquares / samples) > VOICED_RMS) {
            voicedFrames++;
            if (voicedFrames % FRAMES_PER_WORD == 0 && textWords < MAX_TEXT_WORDS) {
                if (!text.isEmpty()) {
                    text.append(' ');
                }
                text.append(VOCABULARY.get(textWords % VOCABULARY.size()));
                textWords++;
            }
        }
    }

    /** Words recognised so far. */
    long words() {
        return voicedFrames / FRAMES_PER_WORD;
    }

    /** Frames fed so far. */
    long frames() {
        return frames;
    }

    /** The transcript so far (at most {@link #MAX_TEXT_WORDS} words). */
    String text() {
        return text.toString();
    }
}
