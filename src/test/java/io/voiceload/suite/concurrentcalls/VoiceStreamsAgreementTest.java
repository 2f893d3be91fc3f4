package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.voice.VoiceStreamResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/**
 * The check of {@link VoiceStreamsLoadIT} that a stream's {@code bye} agrees with the client's own counts,
 * fed by hand: it passes when they agree (late echoes included) and fails, naming the figures, when the
 * server received frames whose echo never came, counts otherwise, sees or sends frames out of order, or when
 * the stream did not end normally.
 */
class VoiceStreamsAgreementTest {

    @Test
    void agreesWhenEveryFrameTheServerReceivedCameBack() {
        assertThat(VoiceStreamsLoadIT.disagreement(stream(100, 0, 0, bye(100, 100), 1000)))
                .isNull();
    }

    @Test
    void agreesWhenALostFrameCameBackLate() {
        // 2 frames lost to the echo timeout, their echoes arrived later: the server did receive and echo them.
        assertThat(VoiceStreamsLoadIT.disagreement(stream(100, 2, 2, bye(100, 100), 1000)))
                .isNull();
    }

    @Test
    void disagreesWhenTheServerReceivedFramesItNeverEchoed() {
        String problem = VoiceStreamsLoadIT.disagreement(stream(100, 10, 0, bye(100, 90), 1000));

        assertThat(problem)
                .contains("lost frames the server received")
                .contains("client sent 100, lost 10")
                .contains("should have received 90")
                .contains("bye says received 100, echoed 90");
    }

    @Test
    void disagreesWhenTheServerCountsFewerFramesThanArrived() {
        assertThat(VoiceStreamsLoadIT.disagreement(stream(100, 0, 0, bye(99, 100), 1000)))
                .contains("the server's counts differ")
                .contains("bye says received 99");
    }

    @Test
    void disagreesWhenFramesArriveOutOfOrder() {
        assertThat(VoiceStreamsLoadIT.disagreement(stream(100, 0, 0, bye(100, 100, 3), 1000)))
                .contains("frames out of order")
                .contains("the server saw 3 client frames out of order");
    }

    @Test
    void failsAStreamThatDidNotEndNormally() {
        assertThat(VoiceStreamsLoadIT.disagreement(stream(100, 0, 0, bye(100, 100), 1011)))
                .contains("did not end normally: close 1011");
        assertThat(VoiceStreamsLoadIT.disagreement(stream(100, 0, 0, Map.of(), 1000)))
                .contains("did not end normally");
    }

    private static Map<String, Object> bye(long received, long echoed) {
        return bye(received, echoed, 0);
    }

    private static Map<String, Object> bye(long received, long echoed, long outOfOrder) {
        Map<String, Object> bye = new LinkedHashMap<>();
        bye.put("outOfOrder", outOfOrder);
        bye.put("type", "bye");
        bye.put("reason", "client_stop");
        bye.put("received", received);
        bye.put("echoed", echoed);
        return bye;
    }

    private static VoiceStreamResult stream(long sent, long lost, long late, Map<String, Object> bye, int close) {
        Histogram rtt = new Histogram(1_000, 3_600_000_000_000L, 3);
        return new VoiceStreamResult(
                16_000,
                sent,
                sent,
                0,
                sent - lost,
                lost,
                late,
                0,
                0,
                sent,
                0,
                0,
                1.0,
                2.0,
                rtt,
                rtt,
                4,
                "",
                List.of(),
                bye,
                close,
                close == 1000 ? "stream complete" : "server error",
                Duration.ofSeconds(2));
    }
}
