package io.voiceload.suite.support;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.random.RandomGenerator;

/** Call recordings for the tests that upload audio: tones with a little noise, so that no two files are alike. */
public final class Recordings {
    private Recordings() {}

    /** A RIFF/WAVE file: PCM 16-bit little-endian mono, {@code seconds} of a tone at {@code sampleRate}. */
    public static byte[] wav(int sampleRate, int seconds, RandomGenerator random) {
        int samples = sampleRate * seconds;
        int dataBytes = samples * 2;
        ByteBuffer wav = ByteBuffer.allocate(44 + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(US_ASCII)).putInt(36 + dataBytes);
        wav.put("WAVEfmt ".getBytes(US_ASCII)).putInt(16);
        wav.putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2);
        wav.putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(US_ASCII)).putInt(dataBytes);
        double hz = 200 + random.nextInt(600);
        for (int i = 0; i < samples; i++) {
            double tone = Math.sin(2 * Math.PI * hz * i / sampleRate) * 8000;
            wav.putShort((short) (tone + random.nextInt(200) - 100)); // a little noise: no two files alike
        }
        return wav.array();
    }
}
