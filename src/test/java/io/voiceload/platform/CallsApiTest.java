package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /calls} through real HTTP against the embedded platform. */
@WithPlatform
class CallsApiTest {

    private final Api api;

    CallsApiTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
    }

    @Test
    void createsAndReadsACall() {
        String hotel = Api.newHotel();
        Api.Response created = api.post("/calls", Api.validCall(hotel));

        assertThat(created.status()).isEqualTo(201);
        JsonNode call = created.body();
        assertThat(call.path("hotelId").asText()).isEqualTo(hotel);
        assertThat(call.path("callerNumber").asText()).isEqualTo("+41446681800");
        assertThat(call.path("direction").asText()).isEqualTo("inbound");
        assertThat(call.path("language").asText()).isEqualTo("en-US");
        assertThat(call.path("department").asText()).isEqualTo("front_desk");
        assertThat(call.path("status").asText()).isEqualTo("created");
        assertThat(call.path("lastSequence").asInt()).isZero();
        assertThat(call.path("allowedEvents").toString()).isEqualTo("[\"started\",\"ended\"]");
        assertThat(call.path("endedAt").isNull()).isTrue();

        Api.Response read = api.get("/calls/" + call.path("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(call);
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyAnswersTheSameCallAndStoresItOnce() throws Exception {
        String hotel = Api.newHotel();
        String body = Api.JSON.writeValueAsString(Api.validCall(hotel));

        Api.Response first = postWithKey(body, "retry-1");
        Api.Response retry = postWithKey(body, "retry-1");
        Api.Response other = postWithKey(body, "retry-2");

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(retry.body().path("id")).isEqualTo(first.body().path("id"));
        assertThat(other.body().path("id")).isNotEqualTo(first.body().path("id"));
        assertThat(api.get("/calls?hotelId=" + hotel).body().path("items")).hasSize(2);
    }

    @Test
    void retriesRacingWithOneKeyStoreOneCall() throws Exception {
        String hotel = Api.newHotel();
        String body = Api.JSON.writeValueAsString(Api.validCall(hotel));
        List<java.util.concurrent.Future<Api.Response>> racing = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                racing.add(pool.submit(() -> postWithKey(body, "race")));
            }
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (var r : racing) {
            assertThat(r.get().status()).as(r.get().raw()).isEqualTo(201);
            ids.add(r.get().body().path("id").asText());
        }
        assertThat(ids).hasSize(1);
        assertThat(api.get("/calls?hotelId=" + hotel).body().path("items")).hasSize(1);
    }

    @Test
    void anIdempotencyKeyReusedForAnotherCallIs422AndABadKeyIs400() throws Exception {
        String hotel = Api.newHotel();
        Map<String, Object> call = new HashMap<>(Api.validCall(hotel));
        Api.Response first = postWithKey(Api.JSON.writeValueAsString(call), "k-1");
        call.put("department", "concierge");

        JsonNode conflict =
                postWithKey(Api.JSON.writeValueAsString(call), "k-1").assertError(422);
        assertThat(conflict.path("details").path("callId"))
                .isEqualTo(first.body().path("id"));
        JsonNode bad =
                postWithKey(Api.JSON.writeValueAsString(call), "has space").assertError(400);
        assertThat(bad.path("details").path("Idempotency-Key").asText()).contains("visible ASCII");
    }

    private Api.Response postWithKey(String body, String key) {
        return api.send(java.net.http.HttpRequest.newBuilder(api.endpoint().resolve("/calls"))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void repeatedReadsComeFromTheCacheAndStayCurrent() {
        String id = api.createCall(Api.newHotel());
        api.get("/calls/" + id);
        Api.Response again = api.get("/calls/" + id);
        assertThat(again.cache()).isEqualTo("hit");

        api.event(id, "started");
        Api.Response afterEvent = api.get("/calls/" + id);
        assertThat(afterEvent.body().path("status").asText()).isEqualTo("started");
        assertThat(afterEvent.body().path("lastSequence").asInt()).isEqualTo(1);
    }

    @Test
    void reportsEveryInvalidFieldAtOnce() {
        JsonNode error = api.post(
                        "/calls",
                        Map.of(
                                "hotelId", "bad id!",
                                "callerNumber", "0041 44 668",
                                "direction", "sideways",
                                "language", "English",
                                "colour", "red"))
                .assertError(400);

        JsonNode details = error.path("details");
        assertThat(details.path("hotelId").asText()).contains("A-Z");
        assertThat(details.path("callerNumber").asText()).contains("E.164");
        assertThat(details.path("direction").asText()).contains("inbound");
        assertThat(details.path("language").asText()).contains("en-US");
        assertThat(details.path("department").asText()).isEqualTo("is required");
        assertThat(details.path("colour").asText()).startsWith("unknown field");
    }

    @Test
    void rejectsWrongTypes() {
        Map<String, Object> body = new HashMap<>(Api.validCall(Api.newHotel()));
        body.put("hotelId", 42);
        body.put("department", List.of("spa"));

        JsonNode details = api.post("/calls", body).assertError(400).path("details");

        assertThat(details.path("hotelId").asText()).isEqualTo("must be a string, not a number");
        assertThat(details.path("department").asText()).isEqualTo("must be a string, not an array");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{",
                "not json",
                "[1, 2]",
                "null",
                "\"text\"",
                "{\"hotelId\": \"a\"} trailing",
                "{\"hotelId\": \"a\", \"hotelId\": \"b\"}",
                "{\"hotelId\": \"a\\u0000b\"}"
            })
    void rejectsBodiesThatAreNotOneJsonObject(String body) {
        api.post("/calls", body).assertError(400);
    }

    @Test
    void rejectsAnOversizedBodyWith413() throws Exception {
        String huge = "{\"hotelId\": \"" + "x".repeat((int) HotelVoicePlatform.MAX_REQUEST_BYTES) + "\"}";
        // Javalin warns about the body it refused: expected here, so captured, and it comes without a stack trace.
        ServerLog.Captured<Api.Response> refused = ServerLog.capture(() -> api.post("/calls", huge));

        refused.value().assertError(413);
        assertThat(refused.log()).doesNotContain("\tat ");
    }

    @Test
    void unknownAndMalformedIdsAre404() {
        String unknown = UUID.randomUUID().toString();
        for (String id : List.of(unknown, "not-a-uuid", "1")) {
            assertThat(api.get("/calls/" + id).assertError(404).path("error").asText())
                    .isEqualTo("no call with id " + id);
            api.get("/calls/" + id + "/events").assertError(404);
            api.post("/calls/" + id + "/events", Map.of("type", "started")).assertError(404);
            api.post("/calls/" + id + "/end", "").assertError(404);
        }
    }

    @Test
    void unknownEndpointsAre404WithJson() {
        assertThat(api.get("/no/such/thing").assertError(404).path("error").asText())
                .isEqualTo("no such endpoint: GET /no/such/thing");
    }

    @Test
    void listsFiltersAndPagesNewestFirst() {
        String hotel = Api.newHotel();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(api.createCall(hotel));
        }
        api.post("/calls/" + created.get(1) + "/end", "");
        api.post("/calls/" + created.get(3) + "/end", "");

        List<String> paged = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page =
                    api.get("/calls?hotelId=" + hotel + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).isEqualTo(200);
            page.body().path("items").forEach(c -> paged.add(c.path("id").asText()));
            cursor = page.body().path("nextCursor").isNull()
                    ? null
                    : page.body().path("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(paged).containsExactlyElementsOf(created.reversed());
        assertThat(pages).isEqualTo(3);
        JsonNode ended =
                api.get("/calls?hotelId=" + hotel + "&status=ended").body().path("items");
        assertThat(ended).extracting(c -> c.path("id").asText()).containsExactly(created.get(3), created.get(1));
        assertThat(api.get("/calls?status=ended&limit=1").body().path("items")).hasSize(1);
    }

    @Test
    void rejectsInvalidListQueries() {
        JsonNode details = api.get("/calls?limit=0&status=flying&cursor=abc&hotelId=a%20b")
                .assertError(400)
                .path("details");
        assertThat(details.path("limit").asText()).contains("1 to 200");
        assertThat(details.path("status").asText()).contains("on_hold");
        assertThat(details.path("cursor").asText()).contains("nextCursor");
        assertThat(details.path("hotelId").asText()).contains("A-Z");
        api.get("/calls?limit=201").assertError(400);
        api.get("/calls?limit=99999999999999999999").assertError(400);
    }

    @Test
    void endsACallOnce() {
        String id = api.createCall(Api.newHotel());
        api.event(id, "started");

        Api.Response ended = api.post("/calls/" + id + "/end", "");

        assertThat(ended.status()).isEqualTo(200);
        assertThat(ended.body().path("status").asText()).isEqualTo("ended");
        assertThat(ended.body().path("endedAt").isNull()).isFalse();
        assertThat(ended.body().path("allowedEvents")).isEmpty();
        JsonNode conflict = api.post("/calls/" + id + "/end", "").assertError(409);
        assertThat(conflict.path("details").path("currentStatus").asText()).isEqualTo("ended");
        api.post("/calls/" + id + "/end", "{oops").assertError(400);
    }
}
