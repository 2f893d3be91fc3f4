package io.voiceload.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * limit_data boundary cases (cf. upstream's limit_data_test.go): the upstream server writes the given pieces, each
 * as its own chunk, then stays open; the client gets at most the limit, and the close once the limit is reached.
 */
class LimitDataToxicTest {
    private static final Map<Integer, int[]> PLANS = new ConcurrentHashMap<>();

    @RegisterExtension
    static final Fixture fx = Fixture.create();

    private static TestServer pieces;

    @BeforeAll
    static void start() throws IOException {
        // The client's first byte says which plan to play.
        pieces = TestServer.with(s -> {
            int plan = s.getInputStream().read();
            OutputStream out = s.getOutputStream();
            byte next = 0;
            for (int size : PLANS.get(plan)) {
                byte[] piece = new byte[size];
                for (int i = 0; i < size; i++) {
                    piece[i] = next++;
                }
                out.write(piece);
                out.flush();
                Thread.sleep(40);
            }
            s.getInputStream().read();
        });
    }

    @AfterAll
    static void stop() throws IOException {
        pieces.close();
    }

    @ParameterizedTest(name = "limit {0}, pieces [{1}] -> {2} bytes, closed {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "0|10|0|true",
                "1|1|1|true",
                "10|5 5|10|true",
                "10|10|10|true",
                "10|15|10|true",
                "10|5 10|10|true",
                "10|9 2|10|true",
                "10|3 3|6|false",
                "100|30 30 30|90|false",
            })
    void forwardsUpToTheLimitThenCloses(long limit, String plan, int expectedBytes, boolean closed) throws IOException {
        int id = PLANS.size() + 1;
        PLANS.put(id, Arrays.stream(plan.split(" ")).mapToInt(Integer::parseInt).toArray());
        Proxy p = fx.proxy("limit" + id, pieces);
        p.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, limit);
        try (Socket s = Sockets.connect(p.getListen())) {
            s.getOutputStream().write(id);
            Sockets.Received r = Sockets.readUntilEofOrQuiet(s, 400);
            assertThat(r.bytes()).hasSize(expectedBytes);
            for (int i = 0; i < expectedBytes; i++) {
                assertThat(r.bytes()[i]).isEqualTo((byte) i);
            }
            assertThat(r.eof()).isEqualTo(closed);
        }
    }

    @Test
    void theCountSurvivesAnUpdate() throws IOException {
        PLANS.put(100, new int[] {4, 4, 4});
        Proxy p = fx.proxy("limit-update", pieces);
        var limit = p.toxics().limitData("limit", ToxicDirection.DOWNSTREAM, 100);
        try (Socket s = Sockets.connect(p.getListen())) {
            s.getOutputStream().write(100);
            assertThat(s.getInputStream().readNBytes(4)).hasSize(4);
            limit.setBytes(6); // 4 already sent: 2 more, then close
            Sockets.Received r = Sockets.readUntilEofOrQuiet(s, 400);
            assertThat(r.bytes()).hasSize(2);
            assertThat(r.eof()).isTrue();
        }
    }
}
