package io.voiceload.http;

import static io.voiceload.http.HttpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The fast client against a loopback stub, outside any load run: the fluent API, statuses, timeouts, failures. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpClientTest {
    private StubServer stub;
    private Http http;

    /** The transport under test; {@code Raw…Test} runs the same tests with {@link Transport#RAW}. */
    Transport transport() {
        return Transport.VERTX;
    }

    Http.Builder builder(String baseUrl) {
        return Http.builder(baseUrl).transport(transport());
    }

    @BeforeAll
    void start() throws IOException {
        stub = StubServer.start();
        http = builder(stub.baseUrl())
                .defaultHeader("X-Suite", "voiceload")
                .requestTimeout(Duration.ofSeconds(5))
                .build();
    }

    @AfterAll
    void stop() {
        if (http != null) {
            http.close();
        }
        if (stub != null) {
            stub.close();
        }
    }

    record Guest(String name, int room) {}

    @Test
    void everyMethodReachesTheServerWithItsFilledPath() {
        for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")) {
            Response r = http.request(method, "/echo/calls/{id}/events/{n}", "c-1", 7)
                    .send();
            assertThat(r)
                    .hasStatus(200)
                    .hasJsonPath("/method", method)
                    .hasJsonPath("/path", "/echo/calls/c-1/events/7");
            assertThat(r.name()).isEqualTo(method + " /echo/calls/{id}/events/{n}");
        }
        assertThat(http.get("/echo").send().json().get("method").asText()).isEqualTo("GET");
        assertThat(http.post("/echo").send().json().get("method").asText()).isEqualTo("POST");
        assertThat(http.put("/echo").send().json().get("method").asText()).isEqualTo("PUT");
        assertThat(http.patch("/echo").send().json().get("method").asText()).isEqualTo("PATCH");
        assertThat(http.delete("/echo").send().json().get("method").asText()).isEqualTo("DELETE");
    }

    @Test
    void pathValuesAreEncodedAsSegmentsAndQueryAsForm() {
        Response r = http.get("/echo/rooms/{room}", "12 04/b?é")
                .query("q", "a b&c")
                .query("n", 3)
                .send();
        assertThat(r).hasJsonPath("/path", "/echo/rooms/12%2004%2Fb%3F%C3%A9").hasJsonPath("/query", "q=a+b%26c&n=3");
        assertThat(r.path()).isEqualTo("/echo/rooms/12%2004%2Fb%3F%C3%A9?q=a+b%26c&n=3");
    }

    @Test
    void defaultAndRequestHeadersAreSentAndResponseHeadersRead() {
        Response r = http.get("/echo").header("X-Trace", "t-1").send();
        assertThat(r)
                .hasJsonPath("/headers/x-suite", "voiceload")
                .hasJsonPath("/headers/x-trace", "t-1")
                .hasHeader("content-type", "application/json")
                .hasHeader("X-Stub");
        assertThat(r.header("CONTENT-TYPE")).isEqualTo("application/json");
        assertThat(r.headers()).containsEntry("x-stub", List.of("yes"));
        assertThat(r.header("X-Absent")).isNull();
    }

    @Test
    void aRequestHeaderReplacesADefaultOfTheSameName() {
        Response r = http.get("/echo").header("X-Suite", "override").send();
        assertThat(r).hasJsonPath("/headers/x-suite", "override");
    }

    @Test
    void aSuppliedDefaultHeaderIsComputedPerRequestAndLeftOutWhenNull() {
        String[] token = {null};
        try (Http withToken = builder(stub.baseUrl())
                .defaultHeader("Authorization", () -> token[0])
                .build()) {
            assertThat(withToken
                            .get("/echo")
                            .send()
                            .json()
                            .at("/headers/authorization")
                            .isMissingNode())
                    .isTrue();
            token[0] = "Bearer u-1";
            assertThat(withToken.get("/echo").send()).hasJsonPath("/headers/authorization", "Bearer u-1");
            token[0] = "Bearer u-2";
            assertThat(withToken.get("/echo").send()).hasJsonPath("/headers/authorization", "Bearer u-2");
        }
    }

    @Test
    void jsonBodiesGoOutSerialisedAndComeBackParsed() {
        Response r = http.post("/echo").json(new Guest("Ada", 1204)).send();
        assertThat(r).hasJsonPath("/headers/content-type", "application/json");
        JsonNode sent = readTree("{\"name\":\"Ada\",\"room\":1204}");
        JsonNode received = readTree(r.json().get("body").asText());
        assertThat(received).isEqualTo(sent);

        Response raw = http.post("/echo").json("{\"already\":\"json\"}").send();
        assertThat(raw).hasJsonPath("/body", "{\"already\":\"json\"}");

        Guest back = http.post("/echo")
                .json(Map.of("name", "Bob", "room", 7))
                .send()
                .as(EchoOfGuest.class)
                .guest();
        assertThat(back).isEqualTo(new Guest("Bob", 7));
    }

    /** The echo's body field, mapped back onto a Guest. */
    record EchoOfGuest(String body) {
        Guest guest() {
            try {
                return Response.MAPPER.readValue(body, Guest.class);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static JsonNode readTree(String s) {
        try {
            return Response.MAPPER.readTree(s);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void bytesGoOutAndComeBackUnchanged() {
        byte[] audio = {(byte) 0x52, (byte) 0x49, 0, (byte) 0xFF, 10};
        Response echo = http.put("/echo/audio").body(audio, "audio/wav").send();
        assertThat(echo).hasJsonPath("/bodyLength", 5).hasJsonPath("/headers/content-type", "audio/wav");

        Response bytes = http.get("/bytes").send();
        assertThat(bytes.bodyBytes()).containsExactly(StubServer.BYTES);
        assertThat(bytes.bodyLength()).isEqualTo(StubServer.BYTES.length);
        assertThat(bytes).hasHeader("Content-Type", "application/octet-stream");
    }

    @Test
    void byDefaultA4xxOr5xxThrowsWithTheStatusAndTheResponse() {
        assertThatThrownBy(() -> http.get("/status/{code}", 404).send())
                .isInstanceOfSatisfying(HttpStatusException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.response()).hasStatus(404).hasJsonPath("/status", 404);
                })
                .hasMessageContaining("GET /status/{code} (/status/404) answered 404, expected 2xx or 3xx");
        assertThatThrownBy(() -> http.get("/status/503").send())
                .isInstanceOf(HttpStatusException.class)
                .hasMessageContaining("answered 503");
        assertThat(http.get("/status/204").send()).hasStatus(204).hasStatusClass(2);
        assertThat(http.get("/status/302").send().status()).isEqualTo(302);
    }

    @Test
    void anExpectedStatusSucceedsAndAnyOtherFails() {
        assertThat(http.post("/status/409").expect(409).send()).hasStatus(409);
        assertThat(http.get("/status/404").expect(200, 404).send()).hasStatus(404);
        assertThatThrownBy(() -> http.get("/status/200").expect(201).send())
                .isInstanceOf(HttpStatusException.class)
                .hasMessageContaining("answered 200, expected [201]");
    }

    @Test
    void allowAnyStatusNeverThrows() {
        assertThat(http.get("/status/500").allowAnyStatus().send()).hasStatus(500);
        assertThat(http.get("/status/418").allowAnyStatus().send()).hasStatus(418);
    }

    @Test
    void aStalledServerFailsTheRequestWithinItsTimeout() {
        long start = System.nanoTime();
        try {
            assertThatThrownBy(() ->
                            http.get("/stall").timeout(Duration.ofMillis(300)).send())
                    .isInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("GET /stall");
        } finally {
            stub.releaseStalled();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(250), Duration.ofSeconds(3));
        // The client is still usable afterwards.
        assertThat(http.get("/echo").send()).hasStatus(200);
    }

    @Test
    void waitingForAPooledConnectionIsBoundedByTheConnectTimeout() throws Exception {
        try (Http one = builder(stub.baseUrl())
                        .maxConnections(1)
                        .connectTimeout(Duration.ofMillis(300))
                        .requestTimeout(Duration.ofSeconds(20))
                        .build();
                var executor = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            // The only connection is held by a stalled request; the next one must give up, not wait for it.
            var stalled = executor.submit(() -> one.get("/stall").send());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (stub.stalledNow() == 0) {
                assertThat(System.nanoTime())
                        .as("stalled request reached the stub")
                        .isLessThan(deadline);
                Thread.sleep(5); // the stub counts on arrival; nothing to wait on
            }
            long start = System.nanoTime();
            try {
                assertThatThrownBy(() -> one.get("/echo").send())
                        .isInstanceOf(RequestTimeoutException.class)
                        .hasMessageContaining("GET /echo");
            } finally {
                stub.releaseStalled();
            }
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(250), Duration.ofSeconds(5));
            assertThat(stalled.get(10, java.util.concurrent.TimeUnit.SECONDS).status())
                    .isEqualTo(200);
        }
    }

    @Test
    void aRefusedConnectionFailsFastWithTheAddress() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Http nowhere = builder("http://127.0.0.1:" + closedPort).build()) {
            assertThatThrownBy(() -> nowhere.get("/calls/{id}", 1).send())
                    .isInstanceOf(HttpTransportException.class)
                    .isNotInstanceOf(RequestTimeoutException.class)
                    .hasMessageContaining("GET /calls/{id}: cannot connect to 127.0.0.1:" + closedPort);
        }
    }

    @Test
    void aBasePathPrefixesEveryRequest() {
        try (Http prefixed = builder(stub.baseUrl() + "/echo/api/").build()) {
            Response r = prefixed.get("/calls/{id}", 9).send();
            assertThat(r).hasJsonPath("/path", "/echo/api/calls/9");
            assertThat(r.name()).isEqualTo("GET /calls/{id}");
        }
    }

    @Test
    void aNonJsonBodySaysSoWhenReadAsJson() {
        Response r = http.get("/text").send();
        assertThat(r.text()).isEqualTo("hello, not json");
        assertThatThrownBy(r::json)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /text (/text): body is not JSON: hello, not json");
    }

    @Test
    void theTransportDefaultsToRawForHttpAndVertxForHttps() {
        try (Http plain = Http.to("http://127.0.0.1:1");
                Http tls = Http.to("https://127.0.0.1:1")) {
            assertThat(plain.transport()).isEqualTo(Transport.RAW);
            assertThat(tls.transport()).isEqualTo(Transport.VERTX);
        }
        try (Http chosen =
                Http.builder("http://127.0.0.1:1").transport(Transport.VERTX).build()) {
            assertThat(chosen.transport()).isEqualTo(Transport.VERTX);
        }
    }

    @Test
    void badSettingsAndTemplatesAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> Http.to("ftp://host")).hasMessageContaining("must be http://host[:port][/path]");
        assertThatThrownBy(() -> Http.to("http://host/?q=1")).hasMessageContaining("must not have a query");
        assertThatThrownBy(() -> Http.builder("http://h").maxConnections(0))
                .hasMessage("maxConnections = 0: must be between 1 and 100000");
        assertThatThrownBy(() -> Http.builder("http://h").requestTimeout(Duration.ZERO))
                .hasMessageContaining("requestTimeout = PT0S: must be between 1 ms and 1 h");
        assertThatThrownBy(() -> Http.builder("http://h").eventLoops(0)).hasMessageContaining("eventLoops = 0");
        assertThatThrownBy(() -> http.get("/calls/{id}"))
                .hasMessageContaining("path template /calls/{id} needs more than 0 value(s)");
        assertThatThrownBy(() -> http.get("/calls/{id}", 1, 2))
                .hasMessageContaining("has 1 placeholder(s) but 2 value(s)");
        assertThatThrownBy(() -> http.get("/calls", 1)).hasMessageContaining("has no {placeholder}");
        assertThatThrownBy(() -> http.get("calls")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> http.get("/x").expect(99)).hasMessageContaining("99 is not between 100 and 599");
        assertThatThrownBy(() -> http.get("/x").expect()).hasMessageContaining("at least one status");
    }

    @Test
    void aClosedClientRefusesRequests() {
        Http closed = builder(stub.baseUrl()).build();
        closed.close();
        closed.close(); // idempotent
        assertThatThrownBy(() -> closed.get("/echo").send())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
