package io.voiceload.platform.pms.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.http.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Guest updates with optimistic concurrency: {@code If-Match: <version>} on {@code PATCH /guests/{id}}. */
class PmsGuestVersionTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static PmsSimulator pms;

    @BeforeAll
    static void start() {
        pms = PmsSimulator.start("primary", PmsData.seeded(9, 50, 5), 0, Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        pms.close();
    }

    @Test
    void aStaleVersionIsAConflictThatChangesNothing() throws Exception {
        HttpResponse<String> current = send("GET", "/guests/G-000001", null, null);
        assertThat(current.headers().firstValue("ETag")).hasValue("\"1\"");

        HttpResponse<String> first = send("PATCH", "/guests/G-000001", "\"1\"", "{\"vip\": true}");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(json(first).path("version").asInt()).isEqualTo(2);
        assertThat(first.headers().firstValue("ETag")).hasValue("\"2\"");

        HttpResponse<String> stale = send("PATCH", "/guests/G-000001", "1", "{\"email\": \"late@example.com\"}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(json(stale).path("error").asText()).isEqualTo("version conflict");
        assertThat(json(stale).path("details").path("currentVersion").asInt()).isEqualTo(2);
        JsonNode after = json(send("GET", "/guests/G-000001", null, null));
        assertThat(after.path("version").asInt()).isEqualTo(2);
        assertThat(after.path("email").asText()).isNotEqualTo("late@example.com");

        assertThat(send("PATCH", "/guests/G-000001", "2", "{\"vip\": false}").statusCode())
                .isEqualTo(200);
        assertThat(send("PATCH", "/guests/G-000001", null, "{\"vip\": true}").statusCode())
                .as("without If-Match, as before")
                .isEqualTo(200);
        assertThat(send("PATCH", "/guests/G-000001", "*", "{\"vip\": true}").statusCode())
                .isEqualTo(200);
    }

    @Test
    void aVersionOfUpToEighteenDigitsIsReadAsTheConnectorPassesItOn() throws Exception {
        HttpResponse<String> long12 = send("PATCH", "/guests/G-000005", "\"123456789012\"", "{\"vip\": true}");
        assertThat(long12.statusCode()).as(long12.body()).isEqualTo(409);
        assertThat(json(long12).path("details").path("currentVersion").asInt()).isEqualTo(1);
        assertThat(send("PATCH", "/guests/G-000005", "999999999999999999", "{\"vip\": true}")
                        .statusCode())
                .isEqualTo(409);
        assertThat(send("PATCH", "/guests/G-000005", "1234567890123456789", "{\"vip\": true}")
                        .statusCode())
                .as("19 digits: no version, as the connector refuses it too")
                .isEqualTo(400);
    }

    @Test
    void aBadIfMatchIsRefusedNamingTheHeader() throws Exception {
        HttpResponse<String> bad = send("PATCH", "/guests/G-000002", "W/\"x\"", "{\"vip\": true}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("details").path("If-Match").asText()).contains("such as 3");
        assertThat(send("PATCH", "/guests/G-999999", "1", "{\"vip\": true}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void ofConcurrentWritersAtOneVersionExactlyOneWins() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> writers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            writers.add(HTTP.sendAsync(
                    request("PATCH", "/guests/G-000003", "1", "{\"preferences\": \"writer " + i + "\"}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> statuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> writer : writers) {
            statuses.add(writer.get().statusCode());
        }
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);
        assertThat(json(send("GET", "/guests/G-000003", null, null))
                        .path("version")
                        .asInt())
                .isEqualTo(2);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.MAPPER.readTree(response.body());
    }

    private static HttpResponse<String> send(String method, String path, String ifMatch, String body) throws Exception {
        return HTTP.send(request(method, path, ifMatch, body), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String method, String path, String ifMatch, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(pms.baseUrl() + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.build();
    }
}
