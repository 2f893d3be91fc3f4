package io.voiceload.http;

import static io.voiceload.http.HttpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RequestStats;
import io.voiceload.load.RunOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Transport#RAW} on the wire ({@link ScriptedHttpServer}): bodies without a length, chunked, HEAD/204/304,
 * closing servers, a stale pooled connection, the whole-response timeout. The API-level behaviour is shared with
 * the Vert.x transport in {@code RawHttpClientTest}, {@code RawHttpRecordingTest} and {@code RawHttpCloseTest}.
 */
class RawTransportTest {
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private ScriptedHttpServer server;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        server = new ScriptedHttpServer();
        http = Http.builder(server.baseUrl())
                .transport(Transport.RAW)
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        server.close();
    }

    @Test
    void aChunkedBodyIsJoinedAndItsTrailerSkipped() {
        Response r = http.get("/chunked").send();
        assertThat(r.text()).isEqualTo("hello, world!");
        assertThat(r).hasHeader("Transfer-Encoding", "chunked");
        assertThat(http.get("/after").send().text()).isEqualTo("GET /after HTTP/1.1"); // same connection
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void headAnd204And304HaveNoBodyWhateverTheirHeadersSay() {
        Response head = http.head("/head").send();
        assertThat(head).hasStatus(200).hasHeader("Content-Length", "42").hasHeader("X-Head", "yes");
        assertThat(head.bodyLength()).isZero();
        assertThat(http.get("/no-content").send()).hasStatus(204).hasHeader("X-Empty", "yes");
        Response notModified = http.get("/not-modified").send();
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.bodyLength()).isZero();
        assertThat(http.get("/after").send().text()).isEqualTo("GET /after HTTP/1.1");
        assertThat(server.connections()).as("all on one kept-alive connection").isEqualTo(1);
    }

    @Test
    void anInterimResponseIsSkipped() {
        assertThat(http.get("/interim").send().text()).isEqualTo("ok");
        assertThat(http.get("/after").send()).hasStatus(200);
        assertThat(server.connections()).isEqualTo(1);
    }

    @Test
    void connectionCloseAndHttp10AreNotReused() {
        assertThat(http.get("/close").send().text()).isEqualTo("ok");
        assertThat(http.get("/http10").send().text()).isEqualTo("up to the close");
        assertThat(http.get("/after").send()).hasStatus(200);
        assertThat(server.connections()).isEqualTo(3);
        assertThat(server.requests()).isEqualTo(3);
    }

    @Test
    void anIdempotentRequestOnAConnectionTheServerClosedIsRetriedOnceOnANewOne() throws Exception {
        assertThat(http.get("/then-close").send().text()).isEqualTo("ok"); // pooled, but the server closes it
        awaitServerClosed(1);
        assertThat(http.get("/after").send().text()).isEqualTo("GET /after HTTP/1.1");
        assertThat(http.put("/then-close").send()).hasStatus(200);
        awaitServerClosed(2);
        assertThat(http.delete("/after").send()).hasStatus(200);
        assertThat(server.connections()).isEqualTo(3);
    }

    @Test
    void aNonIdempotentRequestOnAStaleConnectionFailsWithoutARetry() throws Exception {
        try (Http one = Http.builder(server.baseUrl())
                .transport(Transport.RAW)
                .maxConnections(1)
                .build()) {
            assertThat(one.get("/then-close").send()).hasStatus(200);
            awaitServerClosed(1);
            assertThatThrownBy(() -> one.post("/calls").json("{}").send())
                    .isInstanceOf(HttpTransportException.class)
                    .isNotInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("POST /calls: connection to 127.0.0.1:")
                    .hasMessageContaining("closed by the server before any response");
            assertThat(server.requests()).as("the POST was not sent twice").isEqualTo(1);
            assertThat(one.post("/calls").json("{}").send()).hasStatus(200); // a new connection
        }
    }

    @Test
    void aConnectionIdleLongerThanMaxIdleTimeIsReplacedSoAPostDoesNotMeetAClosedOne() throws Exception {
        try (Http one = Http.builder(server.baseUrl())
                .transport(Transport.RAW)
                .maxConnections(1)
                .maxIdleTime(Duration.ofMillis(50))
                .build()) {
            assertThat(one.get("/then-close").send()).hasStatus(200); // pooled; the server then closes it
            awaitServerClosed(1);
            Thread.sleep(100); // idle past maxIdleTime: the pool must not hand it out
            assertThat(one.post("/calls").json("{}").send()).hasStatus(200);
            assertThat(server.requests()).isEqualTo(2);
            assertThat(server.connections()).isEqualTo(2);
            // A connection used within maxIdleTime is reused.
            assertThat(one.post("/calls").json("{}").send()).hasStatus(200);
            assertThat(server.connections()).isEqualTo(2);
        }
    }

    @Test
    void maxIdleTimeIsChecked() {
        assertThatThrownBy(() -> Http.builder(server.baseUrl()).maxIdleTime(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxIdleTime");
    }

    @Test
    void aTricklingResponseFailsWithinTheRequestTimeoutAsAWhole() {
        long start = System.nanoTime();
        assertThatThrownBy(() ->
                        http.get("/trickle").timeout(Duration.ofMillis(500)).send())
                .isInstanceOf(RequestTimeoutException.class)
                .hasMessageContaining("GET /trickle: no complete response from 127.0.0.1:");
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(450), Duration.ofSeconds(3));
        assertThat(http.get("/after").send()).hasStatus(200);
    }

    @Test
    void httpsIsRefusedNamingTheTransportThatSpeaksIt() {
        assertThatThrownBy(() -> Http.builder("https://example.org")
                        .transport(Transport.RAW)
                        .build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Transport.RAW speaks plain http:// only")
                .hasMessageContaining("use Transport.VERTX");
    }

    @Test
    void headerTextWithALineBreakIsRefusedBeforeAnythingIsSent() {
        assertThatThrownBy(() ->
                        http.get("/x").header("X-Bad", "a\r\nX-Smuggled: 1").send())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line break");
        assertThat(server.requests()).isZero();
        assertThat(http.get("/after").send()).hasStatus(200);
    }

    @Test
    void insideALoadRunClosingServersAndChunkedBodiesRecordSuccessesUnderTheirTemplates() {
        LoadResult result = LoadRunner.run(
                LoadPlan.closed(4).requests(10).build(),
                user -> {
                    http.get("/chunked").send();
                    http.get("/{what}", "close").send();
                    http.get("/then-close").send();
                },
                QUIET);
        assertThat(result.requests()).containsOnlyKeys("GET /chunked", "GET /{what}", "GET /then-close");
        for (RequestStats stats : result.requests().values()) {
            assertThat(stats.failures()).as("failures: %s", stats.errors()).isZero();
            assertThat(stats.successes()).isEqualTo(40);
        }
    }

    private void awaitServerClosed(int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.closedByServer() < n) {
            assertThat(System.nanoTime()).as("server closed the connection").isLessThan(deadline);
            Thread.sleep(5); // the server's close has no event to wait on
        }
        Thread.sleep(20); // let the FIN reach the client's socket
    }
}
