package io.voiceload.platform.audio;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The synthesiser's stream, made one code point at a time, gives the bytes it makes whole, read in any sizes. */
class ToneSynthesizerStreamTest {

    @Test
    void theStreamGivesTheSameBytesAsTheWholeSynthesis() throws IOException {
        String text = "Room 4 is ready, señor! 👍 Checkout at noon.";
        for (int rate : new int[] {8_000, 16_000}) {
            byte[] whole = ToneSynthesizer.synthesise(text, SyntheticVoice.NEUTRAL, rate);
            assertThat(ToneSynthesizer.stream(text, SyntheticVoice.NEUTRAL, rate)
                            .readAllBytes())
                    .isEqualTo(whole);
            try (InputStream odd = ToneSynthesizer.stream(text, SyntheticVoice.NEUTRAL, rate)) {
                byte[] read = new byte[whole.length];
                int at = 0;
                for (int n; (n = odd.read(read, at, Math.min(777, read.length - at))) > 0; ) {
                    at += n;
                }
                assertThat(at).isEqualTo(whole.length);
                assertThat(odd.read()).isEqualTo(-1);
                assertThat(read).isEqualTo(whole);
            }
        }
    }
}
