package io.voiceload.platform.audio;

import java.io.InputStream;
import java.util.Arrays;

/**
 * The synthetic TTS engine: not speech, a tone generator standing in for a real TTS engine, so that load
 * tests see the same shape of work (output and CPU time growing with the text). Every code point of the
 * text becomes {@value #MS_PER_CHARACTER} ms of audio: a letter or digit a vowel-like tone (harmonics of
 * the voice's pitch, shaped by two formant peaks derived from the code point, with a smooth attack and
 * release), anything else silence. Every sample is computed, so output and CPU time grow linearly with the
 * text ({@link StrictMath} and plain double arithmetic: the same text, voice and rate give the same bytes on
 * every JVM).
 */
final class ToneSynthesizer {

    /** Audio per code point of the text, in milliseconds. */
    static final int MS_PER_CHARACTER = 65;

    /** Most harmonics summed per sample; CPU cost is about letters × samples per letter × harmonics. */
    static final int MAX_HARMONICS = 16;

    private static final double AMPLITUDE = 0.6 * Short.MAX_VALUE;
    private static final double HIGHEST_HARMONIC_HZ = 3_500;
    private static final int ATTACK_MS = 8;
    private static final int RELEASE_MS = 15;

    private ToneSynthesizer() {}

    /** Samples per code point at {@code sampleRate}. */
    static int samplesPerCharacter(int sampleRate) {
        return sampleRate * MS_PER_CHARACTER / 1000;
    }

    /**
     * Synthesises {@code text}: 16-bit signed little-endian mono PCM at {@code sampleRate}, exactly
     * {@code codePoints × samplesPerCharacter(sampleRate)} samples.
     */
    static byte[] synthesise(String text, SyntheticVoice voice, int sampleRate) {
        int perCharacter = samplesPerCharacter(sampleRate);
        int[] codePoints = text.codePoints().toArray();
        byte[] pcm = new byte[codePoints.length * perCharacter * 2];
        double[] harmonicGains = new double[MAX_HARMONICS];
        for (int i = 0; i < codePoints.length; i++) {
            character(codePoints, i, voice, sampleRate, harmonicGains, pcm, i * perCharacter * 2);
        }
        return pcm;
    }

    /**
     * The samples of code point {@code i} of {@code codePoints} ({@code samplesPerCharacter(sampleRate)} of them,
     * 16-bit signed little-endian) into {@code pcm} at {@code offset}, which must be zero there: what
     * {@link #synthesise} makes of that code point, so that a caller can stream the audio one code point at a time.
     *
     * @param harmonicGains scratch space of {@value #MAX_HARMONICS} doubles
     */
    static void character(
            int[] codePoints,
            int i,
            SyntheticVoice voice,
            int sampleRate,
            double[] harmonicGains,
            byte[] pcm,
            int offset) {
        int perCharacter = samplesPerCharacter(sampleRate);
        int cp = codePoints[i];
        if (!Character.isLetterOrDigit(cp)) {
            return; // silence: the array is already zero
        }
        // A gentle, deterministic intonation over the utterance.
        double pitch = voice.pitchHz() * (1 + 0.06 * StrictMath.sin(2 * Math.PI * i / 11.0));
        int harmonics = (int) Math.min(MAX_HARMONICS, Math.min(HIGHEST_HARMONIC_HZ, 0.45 * sampleRate) / pitch);
        formantGains(cp, pitch, harmonics, harmonicGains);
        for (int n = 0; n < perCharacter; n++) {
            double theta = 2 * Math.PI * pitch * n / sampleRate;
            // sin(kθ) for k = 1..harmonics by the recurrence sin((k+1)θ) = 2cos(θ)sin(kθ) - sin((k-1)θ):
            // one sine and one cosine per sample instead of one sine per harmonic.
            double twoCos = 2 * StrictMath.cos(theta);
            double previous = 0;
            double current = StrictMath.sin(theta);
            double value = 0;
            for (int k = 0; k < harmonics; k++) {
                value += harmonicGains[k] * current;
                double next = twoCos * current - previous;
                previous = current;
                current = next;
            }
            short sample = (short) Math.round(AMPLITUDE * envelope(n, perCharacter, sampleRate) * value);
            pcm[offset + 2 * n] = (byte) sample;
            pcm[offset + 2 * n + 1] = (byte) (sample >> 8);
        }
    }

    /**
     * The PCM of {@link #synthesise}, made one code point at a time as it is read: a stream holds one code point's
     * samples ({@code 2 × samplesPerCharacter(sampleRate)} bytes, 2,080 at 16000 Hz) however long the text.
     */
    static InputStream stream(String text, SyntheticVoice voice, int sampleRate) {
        int[] codePoints = text.codePoints().toArray();
        int bytesPerCharacter = samplesPerCharacter(sampleRate) * 2;
        double[] harmonicGains = new double[MAX_HARMONICS];
        return new InputStream() {
            private final byte[] piece = new byte[bytesPerCharacter];
            private int next; // code point to make next
            private int position = bytesPerCharacter; // read position in piece

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (len == 0) {
                    return 0;
                }
                if (position == bytesPerCharacter) {
                    if (next == codePoints.length) {
                        return -1;
                    }
                    Arrays.fill(piece, (byte) 0);
                    character(codePoints, next++, voice, sampleRate, harmonicGains, piece, 0);
                    position = 0;
                }
                int n = Math.min(len, bytesPerCharacter - position);
                System.arraycopy(piece, position, b, off, n);
                position += n;
                return n;
            }
        };
    }

    /**
     * Gains of the harmonics (summing to 1) under two resonance peaks, F1 in 300–800 Hz and F2 in
     * 900–2300 Hz, picked from the code point so that different characters sound different.
     */
    private static void formantGains(int codePoint, double pitch, int harmonics, double[] gains) {
        int hash = codePoint * 0x9E3779B1; // Fibonacci hashing spreads neighbouring code points apart
        int spread = (hash ^ (hash >>> 15)) & 0x7fffffff;
        double f1 = 300 + spread % 500;
        double f2 = 900 + (spread / 500) % 1400;
        double sum = 0;
        for (int k = 1; k <= harmonics; k++) {
            double f = k * pitch;
            double gain = peak(f, f1, 90) + 0.6 * peak(f, f2, 120);
            gains[k - 1] = gain;
            sum += gain;
        }
        for (int k = 0; k < harmonics; k++) {
            gains[k] /= sum;
        }
    }

    private static double peak(double f, double centre, double bandwidth) {
        double x = (f - centre) / bandwidth;
        return 1 / (1 + x * x);
    }

    /** Raised-cosine attack and release, so tones start and stop without clicks. */
    private static double envelope(int n, int length, int sampleRate) {
        int attack = sampleRate * ATTACK_MS / 1000;
        int release = sampleRate * RELEASE_MS / 1000;
        if (n < attack) {
            return 0.5 - 0.5 * StrictMath.cos(Math.PI * n / attack);
        }
        int fromEnd = length - 1 - n;
        if (fromEnd < release) {
            return 0.5 - 0.5 * StrictMath.cos(Math.PI * fromEnd / release);
        }
        return 1;
    }
}
