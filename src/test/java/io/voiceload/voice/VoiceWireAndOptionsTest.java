package io.voiceload.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The client's side of the wire format, its options and its audio sources. */
class VoiceWireAndOptionsTest {

    @Test
    void writesTheClientFrameLayout() {
        short[] samples = new short[320];
        samples[0] = 0x0102;
        samples[319] = -2;
        ByteBuffer frame = WireFormat.clientFrame(ByteBuffer.allocate(656), 0xFFFF_FFFEL, 1234567890123L, samples);

        assertThat(frame.remaining()).isEqualTo(656);
        ByteBuffer b = frame.duplicate().order(ByteOrder.BIG_ENDIAN);
        assertThat(Short.toUnsignedInt(b.getShort(0))).isEqualTo(0x564C);
        assertThat(b.get(2)).isEqualTo((byte) 1);
        assertThat(b.get(3)).isEqualTo((byte) 1);
        assertThat(Integer.toUnsignedLong(b.getInt(4))).isEqualTo(0xFFFF_FFFEL);
        assertThat(b.getLong(8)).isEqualTo(1234567890123L);
        // PCM is little-endian.
        assertThat(b.get(16)).isEqualTo((byte) 0x02);
        assertThat(b.get(17)).isEqualTo((byte) 0x01);
        assertThat(b.order(ByteOrder.LITTLE_ENDIAN).getShort(16 + 2 * 319)).isEqualTo((short) -2);
    }

    @Test
    void readsAnAgentFrameWithItsEchoes() {
        ByteBuffer frame = AgentFrames.of(7, new long[] {3, 4}, new long[] {111, 222}, 500);

        WireFormat.AgentHeader header = WireFormat.agentHeader(frame);

        assertThat(header.serverSeq()).isEqualTo(7);
        assertThat(header.echoes()).isEqualTo(2);
        assertThat(WireFormat.echoSeq(frame, 1)).isEqualTo(4);
        assertThat(WireFormat.echoHeldMicros(frame, 1)).isEqualTo(500);
        assertThat(WireFormat.echoTimestamp(frame, 0)).isEqualTo(111);
    }

    @Test
    void refusesWhatIsNotAnAgentFrame() {
        assertThatThrownBy(() -> WireFormat.agentHeader(ByteBuffer.allocate(5)))
                .hasMessageContaining("shorter than its header");
        assertThatThrownBy(() -> WireFormat.agentHeader(ByteBuffer.allocate(700)))
                .hasMessageContaining("not a version-1 agent frame");
        ByteBuffer truncated = AgentFrames.of(1, new long[] {1, 2}, new long[] {1, 2}, 0);
        truncated.limit(12 + 16);
        assertThatThrownBy(() -> WireFormat.agentHeader(truncated)).hasMessageContaining("announces 2 echoes");
    }

    @Test
    void optionsValidateWithTheFieldName() {
        assertThatThrownBy(() -> VoiceStreamOptions.builder().sampleRate(44_100).build())
                .hasMessage("sampleRate must be 8000 or 16000 (Hz), not 44100");
        assertThatThrownBy(() -> VoiceStreamOptions.builder().frames(0).build())
                .hasMessageContaining("frames must be between 1 and 180000");
        assertThatThrownBy(() -> VoiceStreamOptions.builder()
                        .echoTimeout(Duration.ofMillis(5))
                        .build())
                .hasMessageContaining("echoTimeout must be between");
        assertThatThrownBy(() -> VoiceStreamOptions.builder().metricName(" ").build())
                .hasMessageContaining("metricName");
    }

    @Test
    void durationRoundsUpToWholeFrames() {
        VoiceStreamOptions options =
                VoiceStreamOptions.builder().duration(Duration.ofMillis(1001)).build();

        assertThat(options.frames()).isEqualTo(51);
        assertThat(options.plannedDuration()).isEqualTo(Duration.ofMillis(1020));
        assertThat(options.metricName()).isEqualTo("voice.frame_rtt");
        assertThat(options.connectMetricName()).isEqualTo("voice.connect");
        assertThat(options.jitterMetricName()).isEqualTo("voice.jitter");
    }

    @Test
    void connectAndJitterMetricsAreNamedAfterTheRoundTripMetric() {
        VoiceStreamOptions named =
                VoiceStreamOptions.builder().metricName("lobby.voice.rtt").build();
        VoiceStreamOptions plain =
                VoiceStreamOptions.builder().metricName("rtt").build();

        assertThat(named.jitterMetricName()).isEqualTo("lobby.voice.jitter");
        assertThat(named.connectMetricName()).isEqualTo("lobby.voice.connect");
        assertThat(plain.jitterMetricName()).isEqualTo("rtt.jitter");
    }

    @Test
    void streamUriSwitchesTheScheme() {
        assertThat(VoiceStreamClient.streamUri(URI.create("http://127.0.0.1:8080/"), "abc", 8000))
                .isEqualTo(URI.create("ws://127.0.0.1:8080/calls/abc/stream?sampleRate=8000"));
        assertThat(VoiceStreamClient.streamUri(URI.create("https://voice.example"), "abc", 16000))
                .isEqualTo(URI.create("wss://voice.example/calls/abc/stream?sampleRate=16000"));
        assertThatThrownBy(() -> VoiceStreamClient.streamUri(URI.create("ftp://x"), "abc", 8000))
                .hasMessageContaining("http:// or https://");
    }

    @Test
    void aToneIsContinuousAcrossFrames() {
        FrameSource tone = FrameSource.tone(400, 10_000);
        short[] first = new short[160];
        short[] second = new short[160];
        short[] both = new short[320];
        tone.fill(0, 8000, first);
        tone.fill(1, 8000, second);
        FrameSource.tone(400, 10_000).fill(0, 8000, both);

        for (int i = 0; i < 160; i++) {
            assertThat(second[i]).isEqualTo(both[160 + i]);
        }
        assertThat(first).contains((short) 10_000, (short) -10_000);
        assertThatThrownBy(() -> FrameSource.tone(0, 100)).hasMessageContaining("hertz");
        assertThatThrownBy(() -> FrameSource.tone(100, 40_000)).hasMessageContaining("amplitude");
    }

    @Test
    void recordedPcmLoopsAndSilenceIsZero() {
        FrameSource pcm = FrameSource.pcm(new byte[] {1, 0, (byte) 0xFF, (byte) 0xFF, 0, 1});
        short[] samples = new short[160];
        pcm.fill(0, 8000, samples);
        assertThat(samples[0]).isEqualTo((short) 1);
        assertThat(samples[1]).isEqualTo((short) -1);
        assertThat(samples[2]).isEqualTo((short) 256);
        assertThat(samples[3]).isEqualTo((short) 1);
        pcm.fill(1, 8000, samples); // sample 160 = 160 % 3 = 1
        assertThat(samples[0]).isEqualTo((short) -1);

        FrameSource.silence().fill(0, 8000, samples);
        assertThat(samples).containsOnly((short) 0);
        assertThatThrownBy(() -> FrameSource.pcm(new byte[3])).hasMessageContaining("even number of bytes");
    }
}
