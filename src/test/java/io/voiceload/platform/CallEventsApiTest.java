package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.Proxy;
import io.voiceload.infra.Dependency;
import io.voiceload.junit.ProxyOf;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** {@code /calls/{id}/events}: the state machine, ordering under concurrency and atomicity. */
@WithPlatform
@WithInfrastructure
class CallEventsApiTest {

    private final Api api;

    CallEventsApiTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
    }

    @Test
    void recordsAWholeCallInOrder() {
        String id = api.createCall(Api.newHotel());
        List<String> types =
                List.of("started", "ringing", "answered", "on_hold", "answered", "transferred", "answered", "ended");
        for (int i = 0; i < types.size(); i++) {
            JsonNode event = api.event(id, types.get(i));
            assertThat(event.path("sequence").asInt()).isEqualTo(i + 1);
            assertThat(event.path("toStatus").asText()).isEqualTo(types.get(i));
            assertThat(api.get("/calls/" + id).body().path("status").asText()).isEqualTo(types.get(i));
        }

        JsonNode events = api.get("/calls/" + id + "/events").body().path("items");

        assertThat(events).extracting(e -> e.path("type").asText()).containsExactlyElementsOf(types);
        assertThat(events).extracting(e -> e.path("sequence").asInt()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        assertThat(events.get(0).path("fromStatus").asText()).isEqualTo("created");
        assertThat(api.get("/calls/" + id).body().path("endedAt").isNull()).isFalse();
    }

    @Test
    void keepsEventDetails() {
        String id = api.createCall(Api.newHotel());
        api.event(id, "started");
        api.event(id, "answered");

        Api.Response transferred = api.post(
                "/calls/" + id + "/events", Map.of("type", "transferred", "details", Map.of("to", "concierge")));

        assertThat(transferred.status()).isEqualTo(201);
        assertThat(api.get("/calls/" + id + "/events")
                        .body()
                        .path("items")
                        .get(2)
                        .path("details")
                        .path("to")
                        .asText())
                .isEqualTo("concierge");
    }

    @Test
    void refusesAnInvalidTransitionWith409AndTheAllowedEvents() {
        String id = api.createCall(Api.newHotel());

        JsonNode conflict =
                api.post("/calls/" + id + "/events", Map.of("type", "answered")).assertError(409);

        assertThat(conflict.path("error").asText())
                .isEqualTo("event answered is not allowed while the call is created");
        assertThat(conflict.path("details").path("currentStatus").asText()).isEqualTo("created");
        assertThat(conflict.path("details").path("event").asText()).isEqualTo("answered");
        assertThat(conflict.path("details").path("allowedEvents").toString()).isEqualTo("[\"started\",\"ended\"]");
        assertThat(api.get("/calls/" + id + "/events").body().path("items")).isEmpty();
    }

    @Test
    void anEndedCallTakesNoMoreEvents() {
        String id = api.createCall(Api.newHotel());
        api.event(id, "ended");

        for (String type : List.of("started", "ringing", "answered", "on_hold", "transferred", "ended")) {
            JsonNode conflict =
                    api.post("/calls/" + id + "/events", Map.of("type", type)).assertError(409);
            assertThat(conflict.path("details").path("allowedEvents")).isEmpty();
        }
    }

    @Test
    void validatesTheEventBody() {
        String id = api.createCall(Api.newHotel());
        String path = "/calls/" + id + "/events";

        assertThat(api.post(path, "{}")
                        .assertError(400)
                        .path("details")
                        .path("type")
                        .asText())
                .startsWith("is required");
        assertThat(api.post(path, Map.of("type", "exploded"))
                        .assertError(400)
                        .path("details")
                        .path("type")
                        .asText())
                .contains("on_hold");
        assertThat(api.post(path, Map.of("type", 3))
                        .assertError(400)
                        .path("details")
                        .path("type")
                        .asText())
                .isEqualTo("must be a string, not a number");
        assertThat(api.post(path, Map.of("type", "started", "details", List.of(1)))
                        .assertError(400)
                        .path("details")
                        .path("details")
                        .asText())
                .isEqualTo("must be an object, not an array");
        assertThat(api.post(path, Map.of("type", "started", "when", "now"))
                        .assertError(400)
                        .path("details")
                        .has("when"))
                .isTrue();
        api.post(path, "{\"type\": ").assertError(400);
    }

    /**
     * Many clients race to put the call on hold and take it back: each attempt is either stored (201) or
     * refused as a conflict (409), and what is stored is a gap-free sequence of valid transitions.
     */
    @Test
    void concurrentEventsKeepAGapFreeValidSequence() throws Exception {
        String id = api.createCall(Api.newHotel());
        api.event(id, "started");
        api.event(id, "answered");
        int writers = 16;
        int attempts = 8;
        List<Future<List<Integer>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < writers; w++) {
                String type = w % 2 == 0 ? "on_hold" : "answered";
                results.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int a = 0; a < attempts; a++) {
                        statuses.add(api.post("/calls/" + id + "/events", Map.of("type", type))
                                .status());
                    }
                    return statuses;
                }));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<List<Integer>> r : results) {
            statuses.addAll(r.get());
        }

        assertThat(statuses).hasSize(writers * attempts).allMatch(s -> s == 201 || s == 409);
        long stored = statuses.stream().filter(s -> s == 201).count();
        assertThat(stored).isPositive();
        JsonNode events = api.get("/calls/" + id + "/events").body().path("items");
        assertThat(events).hasSize((int) stored + 2);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence").asInt()).isEqualTo(i + 1);
            if (i > 0) {
                assertThat(events.get(i).path("fromStatus").asText())
                        .isEqualTo(events.get(i - 1).path("toStatus").asText());
            }
        }
        JsonNode call = api.get("/calls/" + id).body();
        assertThat(call.path("lastSequence").asInt()).isEqualTo(events.size());
        assertThat(call.path("status").asText())
                .isEqualTo(events.get(events.size() - 1).path("toStatus").asText());
    }

    /**
     * A trigger makes the event insert fail for one call only: the answer is a JSON 500 with an error id,
     * and neither the call's status nor its sequence moved (the call update before the insert was rolled
     * back). Once the fault is gone, numbering continues without a gap.
     */
    @Test
    void aFailedInsertLeavesNothingHalfWritten(DataSource db) throws Exception {
        String id = api.createCall(Api.newHotel());
        api.event(id, "started");
        ServerLog.Captured<Api.Response> attempt = ServerLog.capture(() -> EventInsertFault.whileFailingFor(
                db, id, () -> api.post("/calls/" + id + "/events", Map.of("type", "answered"))));

        Api.Response failed = attempt.value();
        String errorId = failed.assertError(500).path("details").path("errorId").asText();
        assertThat(errorId).hasSize(36);
        assertThat(failed.raw()).doesNotContain("injected failure");
        ServerLog.assertUnexpectedFailureLogged(attempt.log(), errorId, "injected failure");
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, last_seq, (SELECT count(*) FROM call_events e"
                        + " WHERE e.call_id = calls.id) FROM calls WHERE id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("started");
            assertThat(rs.getInt(2)).isEqualTo(1);
            assertThat(rs.getInt(3)).isEqualTo(1);
        }
        assertThat(api.get("/calls/" + id).body().path("status").asText()).isEqualTo("started");
        assertThat(api.event(id, "answered").path("sequence").asInt()).isEqualTo(2);
    }

    /**
     * With Redis gone, reads and writes still work from Postgres; the cached state the outage made stale
     * is never served once Redis is back. A service client (API key, checked in Postgres) is used: user
     * sessions live in Redis, so user tokens are refused with 503 during the outage (fail closed).
     */
    @Test
    void redisOutageNeverLeavesAStaleCall(@ProxyOf(Dependency.REDIS) Proxy redis) throws IOException {
        Api api = this.api.asService();
        String id = api.createCall(Api.newHotel());
        assertThat(api.get("/calls/" + id).cache()).isEqualTo("hit");

        redis.disable();
        api.event(id, "started");
        Api.Response during = api.get("/calls/" + id);
        redis.enable();

        assertThat(during.status()).isEqualTo(200);
        assertThat(during.body().path("status").asText()).isEqualTo("started");
        Api.Response after = api.get("/calls/" + id);
        assertThat(after.body().path("status").asText()).isEqualTo("started");
        assertThat(api.get("/calls/" + id).body().path("status").asText()).isEqualTo("started");
        api.event(id, "answered");
        assertThat(api.get("/calls/" + id).body().path("status").asText()).isEqualTo("answered");
    }
}
