package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.HotelIds;
import io.voiceload.suite.support.ServerErrors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Call events under load: each virtual user drives its calls through started, ringing, answered, ended,
 * some with a hold or a transfer on the way, and tries two transitions the state machine forbids (answering
 * a call that has not started, ringing an ended one), which must answer 409. Afterwards every call's events,
 * read back through {@code GET /calls/{id}/events}, must be exactly the valid ones it was sent, in that
 * order; a 5xx anywhere fails the test.
 */
@ConcurrentCalls
class CallEventsLoadIT {
    static final String INVALID = "POST /calls/{id}/events (invalid)";

    private static final List<List<String>> SCENARIOS = List.of(
            List.of("started", "ringing", "answered"),
            List.of("started", "ringing", "answered", "on_hold", "answered"),
            List.of("started", "ringing", "answered", "transferred", "ringing", "answered"),
            List.of("started", "answered", "on_hold", "transferred", "answered"));

    private final PlatformEndpoint platform;
    /** Each virtual user's requests under its own front-desk session. */
    @AutoClose
    private final CallsApi calls;

    private final String hotel = HotelIds.unique("cc-events");
    /** The valid events each call was sent, in order, by call id. */
    private final Map<String, List<String>> sent = new ConcurrentHashMap<>();

    CallEventsLoadIT(PlatformEndpoint platform) {
        this.platform = platform;
        this.calls = CallsApi.eachUserAs(platform, UserRole.FRONT_DESK);
    }

    @LoadTest(users = 20, requests = 10, warmupIterations = 8)
    @Slo(request = "POST /calls/{id}/events", p99 = "1s", errorRate = 0)
    @Slo(request = INVALID, p99 = "1s", errorRate = 0)
    void driveCallsThroughTheirLifecycle(VirtualUser user) {
        String id = calls.createCall(hotel, user.random());
        List<String> events = new ArrayList<>();
        sent.put(id, events); // only this user's thread writes it; read after the run
        refused(id, "answered", "created");
        for (String type : SCENARIOS.get(user.random().nextInt(SCENARIOS.size()))) {
            JsonNode event = calls.post("/calls/{id}/events", id)
                    .json(Map.of("type", type))
                    .expect(201)
                    .send()
                    .json();
            events.add(type);
            if (!type.equals(event.path("type").asText())
                    || event.path("sequence").asInt() != events.size()) {
                throw new AssertionError(
                        "event " + type + " #" + events.size() + " of call " + id + " was answered as " + event);
            }
        }
        calls.post("/calls/{id}/events", id)
                .json(Map.of("type", "ended"))
                .expect(201)
                .send();
        events.add("ended");
        refused(id, "ringing", "ended");
    }

    /** Sends an event the state machine must refuse now: 409 naming the call's status. */
    private void refused(String id, String type, String status) {
        JsonNode conflict = calls.post("/calls/{id}/events", id)
                .name(INVALID)
                .json(Map.of("type", type))
                .expect(409)
                .send()
                .json();
        if (!status.equals(conflict.path("details").path("currentStatus").asText())) {
            throw new AssertionError("event " + type + " on call " + id + " was refused for status "
                    + conflict.path("details").path("currentStatus") + ", expected " + status + ": " + conflict);
        }
    }

    @AfterEach
    void storedEventsAreTheSentOnesInOrder(LoadResult result) throws Exception {
        assertThat(result.request("POST /calls/{id}/events").successes())
                .as("successful events")
                .isPositive();
        assertThat(result.request(INVALID).successes())
                .as("invalid transitions answered 409")
                .isPositive();
        assertThat(ServerErrors.in(result)).as("5xx answers").isEmpty();

        String authorization = platform.login(UserRole.MANAGER, 1).authorization();
        Map<String, List<String>> wrong = new ConcurrentHashMap<>();
        calls.readEach(sent.keySet(), authorization, "/calls/{id}/events", (id, answer) -> {
            List<String> stored = new ArrayList<>();
            answer.path("items").forEach(e -> stored.add(e.path("type").asText()));
            if (!stored.equals(sent.get(id))) {
                wrong.put(id, stored);
            }
        });
        if (!wrong.isEmpty()) {
            String first = wrong.keySet().stream().sorted().findFirst().orElseThrow();
            throw new AssertionError("wrong order of stored events in " + wrong.size() + " of " + sent.size()
                    + " calls; e.g. call " + first + " was sent " + sent.get(first) + " but stores "
                    + wrong.get(first));
        }
    }
}
