package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * Routing rules, {@code /routing/decide}, {@code /calls/{id}/route} and {@code /calls/{id}/transfer},
 * against the demo rules seeded by migration V2 (grand-zurich, harbour-sydney, lakeside-chicago).
 */
@WithPlatform
@WithInfrastructure
class RoutingApiTest {

    private static final String ZURICH = "grand-zurich";
    private static final String SYDNEY = "harbour-sydney";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 22);

    private final Api api;

    RoutingApiTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
    }

    @Test
    void routesByDepartment() {
        String noon = local(ZURICH, "12:00");
        assertThat(target(ZURICH, "front_desk", "en", noon)).isEqualTo("queue:front_desk");
        assertThat(target(ZURICH, "concierge", "en", noon)).isEqualTo("queue:concierge");
        assertThat(target(ZURICH, "housekeeping", "en", noon)).isEqualTo("queue:housekeeping");
        assertThat(target(ZURICH, "room_service", "en", noon)).isEqualTo("queue:restaurant");
        assertThat(target(ZURICH, "reservations", "en", noon)).isEqualTo("queue:reservations");
    }

    @Test
    void languageSpecificDesksWinAtEqualPriority() {
        String noon = local(ZURICH, "12:00");
        assertThat(target(ZURICH, "concierge", "de", noon)).isEqualTo("queue:concierge_de");
        assertThat(target(ZURICH, "concierge", "de-CH", noon)).isEqualTo("queue:concierge_de");
        assertThat(target(ZURICH, "concierge", "fr", noon)).isEqualTo("queue:concierge_fr");
        assertThat(target(ZURICH, "concierge", "en-US", noon)).isEqualTo("queue:concierge");
        assertThat(target(ZURICH, "concierge", null, noon)).isEqualTo("queue:concierge");
        assertThat(target(ZURICH, "front_desk", "ja", noon)).isEqualTo("agent:agent-yuki");
    }

    @Test
    void nightWindowWrapsMidnightInTheHotelsTimeZone() {
        assertThat(target(ZURICH, "front_desk", "en", local(ZURICH, "21:59"))).isEqualTo("queue:front_desk");
        assertThat(target(ZURICH, "front_desk", "en", local(ZURICH, "22:00"))).isEqualTo("queue:night_audit");
        assertThat(target(ZURICH, "front_desk", "en", local(ZURICH, "23:59"))).isEqualTo("queue:night_audit");
        assertThat(target(ZURICH, "front_desk", "en", local(ZURICH, "00:00"))).isEqualTo("queue:night_audit");
        assertThat(target(ZURICH, "front_desk", "en", local(ZURICH, "06:59"))).isEqualTo("queue:night_audit");
        assertThat(target(ZURICH, "front_desk", "en", local(ZURICH, "07:00"))).isEqualTo("queue:front_desk");
        JsonNode decision = decide(ZURICH, "housekeeping", "en", local(ZURICH, "02:30"));
        assertThat(decision.path("localTime").asText()).isEqualTo("02:30");
        assertThat(decision.path("timeZone").asText()).isEqualTo("Europe/Zurich");
        assertThat(decision.path("target").path("id").asText()).isEqualTo("night_audit");
    }

    @Test
    void oneInstantIsNightInSydneyAndDayInZurich() {
        String instant = "2026-11-22T12:00:00Z"; // 23:00 in Sydney (AEDT), 13:00 in Zurich (CET)

        JsonNode sydney = decide(SYDNEY, "front_desk", "en", instant);
        JsonNode zurich = decide(ZURICH, "front_desk", "en", instant);

        assertThat(sydney.path("localTime").asText()).isEqualTo("23:00");
        assertThat(sydney.path("target").path("id").asText()).isEqualTo("night_audit");
        assertThat(zurich.path("localTime").asText()).isEqualTo("13:00");
        assertThat(zurich.path("target").path("id").asText()).isEqualTo("front_desk");
        // An offset other than Z names the same instant.
        assertThat(decide(SYDNEY, "front_desk", "en", "2026-11-22T13:00:00+01:00")
                        .path("ruleId")
                        .asLong())
                .isEqualTo(sydney.path("ruleId").asLong());
    }

    @Test
    void priorityComesBeforeSpecificity() {
        // The French restaurant rule is more specific but has a lower priority than the general one.
        assertThat(target(ZURICH, "room_service", "fr", local(ZURICH, "12:00"))).isEqualTo("queue:restaurant");
        // The night rule (priority 20) beats the Japanese agent (10) though the agent rule names a language.
        assertThat(target(ZURICH, "front_desk", "ja", local(ZURICH, "23:00"))).isEqualTo("queue:night_audit");
        assertThat(target(SYDNEY, "front_desk", "zh-CN", local(SYDNEY, "12:00")))
                .isEqualTo("queue:front_desk_zh");
    }

    @Test
    void noMatchingRuleFallsBackToTheFrontDesk() {
        JsonNode maintenance = decide(ZURICH, "maintenance", "en", local(ZURICH, "12:00"));
        JsonNode lateReservation = decide(ZURICH, "reservations", "en", local(ZURICH, "20:00"));

        for (JsonNode decision : List.of(maintenance, lateReservation)) {
            assertThat(decision.path("fallback").asBoolean()).isTrue();
            assertThat(decision.path("ruleId").isNull()).isTrue();
            assertThat(decision.path("target").path("type").asText()).isEqualTo("queue");
            assertThat(decision.path("target").path("id").asText()).isEqualTo("front_desk");
        }
        assertThat(decide(ZURICH, "reservations", "en", local(ZURICH, "09:00"))
                        .path("fallback")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void refusesBadQueriesAndUnknownHotels() {
        JsonNode missing = api.get("/routing/decide").assertError(400);
        assertThat(missing.path("details").has("hotelId")).isTrue();
        assertThat(missing.path("details").has("department")).isTrue();

        JsonNode bad = api.get("/routing/decide?hotelId=a%20b&department=bar&language=EN&at=yesterday")
                .assertError(400);
        assertThat(bad.path("details").has("hotelId")).isTrue();
        assertThat(bad.path("details").has("department")).isTrue();
        assertThat(bad.path("details").has("language")).isTrue();
        assertThat(bad.path("details").has("at")).isTrue();

        JsonNode unknown = api.get("/routing/decide?hotelId=" + Api.newHotel() + "&department=spa")
                .assertError(404);
        assertThat(unknown.path("details").has("hotelId")).isTrue();

        String unrouted = api.createCall(Api.newHotel());
        assertThat(api.post("/calls/" + unrouted + "/route", "")
                        .assertError(404)
                        .path("details")
                        .has("hotelId"))
                .isTrue();
    }

    @Test
    void routingARealCallAgreesWithDecide() {
        record Case(String hotel, String department, String language, String at) {}
        List<Case> cases = List.of(
                new Case(ZURICH, "front_desk", "en-US", local(ZURICH, "23:30")),
                new Case(ZURICH, "front_desk", "ja", local(ZURICH, "10:00")),
                new Case(ZURICH, "concierge", "de-CH", local(ZURICH, "15:00")),
                new Case(ZURICH, "spa", "en", local(ZURICH, "15:00")),
                new Case(SYDNEY, "room_service", "en", local(SYDNEY, "23:30")),
                new Case("lakeside-chicago", "front_desk", "es", local("lakeside-chicago", "12:00")),
                new Case("lakeside-chicago", "front_desk", "es", local("lakeside-chicago", "03:00")));
        for (Case c : cases) {
            JsonNode expected = decide(c.hotel(), c.department(), c.language(), c.at());
            String id = createCall(c.hotel(), c.department(), c.language());

            Api.Response routed = api.post("/calls/" + id + "/route", Map.of("at", c.at()));

            assertThat(routed.status()).as(routed.raw()).isEqualTo(200);
            assertThat(routed.body().path("decision").path("target")).isEqualTo(expected.path("target"));
            assertThat(routed.body().path("decision").path("ruleId")).isEqualTo(expected.path("ruleId"));
            JsonNode call = api.get("/calls/" + id).body();
            assertThat(call.path("target")).as(c.toString()).isEqualTo(expected.path("target"));
            assertThat(call.path("status").asText()).isEqualTo("created");
            assertThat(call.path("routing")).hasSize(1);
            assertThat(call.path("routing").get(0).path("kind").asText()).isEqualTo("route");
            assertThat(call.path("routing").get(0).path("ruleId")).isEqualTo(expected.path("ruleId"));
        }
    }

    @Test
    void anEndedCallCannotBeRouted() {
        String id = createCall(ZURICH, "front_desk", "en");
        assertThat(api.post("/calls/" + id + "/end", "").status()).isEqualTo(200);

        api.post("/calls/" + id + "/route", "").assertError(409);

        assertThat(api.get("/calls/" + id).body().path("routing")).isEmpty();
    }

    @Test
    void transfersLandWhereTheRulesSay() {
        String id = createCall(ZURICH, "front_desk", "de");
        api.event(id, "started");
        api.event(id, "answered");
        String evening = local(ZURICH, "22:15");
        JsonNode expected = decide(ZURICH, "concierge", "de", evening);

        Api.Response transferred =
                api.post("/calls/" + id + "/transfer", Map.of("department", "concierge", "at", evening));

        assertThat(transferred.status()).as(transferred.raw()).isEqualTo(200);
        assertThat(expected.path("target").path("id").asText()).isEqualTo("concierge_de");
        assertThat(transferred.body().path("event").path("type").asText()).isEqualTo("transferred");
        assertThat(transferred.body().path("event").path("sequence").asInt()).isEqualTo(3);
        JsonNode call = api.get("/calls/" + id).body();
        assertThat(call.path("status").asText()).isEqualTo("transferred");
        assertThat(call.path("target")).isEqualTo(expected.path("target"));
        assertThat(call.path("routing").get(0).path("eventSequence").asInt()).isEqualTo(3);
        JsonNode event =
                api.get("/calls/" + id + "/events").body().path("items").get(2);
        assertThat(event.path("details").path("target")).isEqualTo(expected.path("target"));
        assertThat(event.path("details").path("ruleId")).isEqualTo(expected.path("ruleId"));

        api.event(id, "answered");
        Api.Response toAgent = api.post("/calls/" + id + "/transfer", Map.of("agentId", "agent-7"));

        assertThat(toAgent.status()).as(toAgent.raw()).isEqualTo(200);
        JsonNode after = api.get("/calls/" + id).body();
        assertThat(after.path("target").path("type").asText()).isEqualTo("agent");
        assertThat(after.path("target").path("id").asText()).isEqualTo("agent-7");
        assertThat(after.path("routing")).hasSize(2);
        assertThat(after.path("routing").get(1).path("eventSequence").asInt()).isEqualTo(5);
    }

    @Test
    void refusesATransferTheStateMachineDoesNotAllow() {
        String id = createCall(ZURICH, "front_desk", "en");

        JsonNode early = api.post("/calls/" + id + "/transfer", Map.of("department", "concierge"))
                .assertError(409);

        assertThat(early.path("details").path("currentStatus").asText()).isEqualTo("created");
        assertThat(early.path("details").path("event").asText()).isEqualTo("transferred");
        api.event(id, "started");
        api.event(id, "answered");
        assertThat(api.post("/calls/" + id + "/transfer", Map.of("department", "spa"))
                        .status())
                .isEqualTo(200);
        api.post("/calls/" + id + "/transfer", Map.of("department", "concierge"))
                .assertError(409);
        JsonNode call = api.get("/calls/" + id).body();
        assertThat(call.path("routing")).hasSize(1);
        assertThat(call.path("target").path("id").asText()).isEqualTo("front_desk"); // spa: fallback
        assertThat(call.path("lastSequence").asInt()).isEqualTo(3);
    }

    @Test
    void validatesTheTransferBody() {
        String id = createCall(ZURICH, "front_desk", "en");
        String path = "/calls/" + id + "/transfer";

        assertThat(api.post(path, Map.of()).assertError(400).path("details").has("department"))
                .isTrue();
        JsonNode both =
                api.post(path, Map.of("department", "spa", "agentId", "a-1")).assertError(400);
        assertThat(both.path("details").has("agentId")).isTrue();
        JsonNode bad = api.post(path, Map.of("department", "bar", "at", 5, "extra", true))
                .assertError(400);
        assertThat(bad.path("details").has("department")).isTrue();
        assertThat(bad.path("details").has("at")).isTrue();
        assertThat(bad.path("details").has("extra")).isTrue();
        assertThat(api.post(path, Map.of("agentId", "no spaces"))
                        .assertError(400)
                        .path("details")
                        .has("agentId"))
                .isTrue();
        api.post("/calls/00000000-0000-0000-0000-000000000000/transfer", Map.of("department", "spa"))
                .assertError(404);
        String unrouted = api.createCall(Api.newHotel());
        api.event(unrouted, "started");
        api.event(unrouted, "answered");
        assertThat(api.post("/calls/" + unrouted + "/transfer", Map.of("department", "spa"))
                        .assertError(404)
                        .path("details")
                        .has("hotelId"))
                .isTrue();
        assertThat(api.get("/calls/" + id).body().path("lastSequence").asInt()).isZero();
    }

    /**
     * A trigger makes the event insert fail for one call: the transfer answers 500, and neither the
     * target nor the routing history moved with the rolled-back event.
     */
    @Test
    void aFailedTransferLeavesTargetAndEventsUntouched(DataSource db) throws Exception {
        String id = createCall(ZURICH, "front_desk", "en");
        api.event(id, "started");
        api.event(id, "answered");
        assertThat(api.post("/calls/" + id + "/route", "").status()).isEqualTo(200);
        JsonNode before = api.get("/calls/" + id).body();
        ServerLog.Captured<Api.Response> attempt = ServerLog.capture(() -> EventInsertFault.whileFailingFor(
                db, id, () -> api.post("/calls/" + id + "/transfer", Map.of("agentId", "agent-9"))));

        Api.Response failed = attempt.value();
        failed.assertError(500);
        ServerLog.assertUnexpectedFailureLogged(
                attempt.log(), failed.body().path("details").path("errorId").asText(), "injected failure");
        try (Connection c = db.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT status, last_seq, target->>'id', jsonb_array_length(routing)"
                        + " FROM calls WHERE id = '" + id + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("answered");
            assertThat(rs.getInt(2)).isEqualTo(2);
            // Where the route sent it (the rules depend on the hotel's local time: front desk by day, night audit
            // at night), unchanged by the failed transfer.
            assertThat(rs.getString(3))
                    .isEqualTo(before.path("target").path("id").asText());
            assertThat(rs.getInt(4)).isEqualTo(1);
        }
        JsonNode after = api.get("/calls/" + id).body();
        assertThat(after.path("target")).isEqualTo(before.path("target"));
        assertThat(after.path("routing")).isEqualTo(before.path("routing"));
        Api.Response retried = api.post("/calls/" + id + "/transfer", Map.of("agentId", "agent-9"));
        assertThat(retried.body().path("event").path("sequence").asInt()).isEqualTo(3);
    }

    /**
     * Clients race to transfer one call and to take it back: every attempt is stored or refused with 409,
     * the events form a gap-free chain of valid transitions, and each stored transfer has exactly one
     * routing entry, the last of which is the call's target.
     */
    @Test
    void concurrentTransfersKeepTheEventChainValid() throws Exception {
        String id = createCall(ZURICH, "front_desk", "en");
        api.event(id, "started");
        api.event(id, "answered");
        List<String> departments = List.of("concierge", "housekeeping", "room_service", "spa");
        List<Future<List<Integer>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int w = 0; w < 16; w++) {
                int writer = w;
                results.add(pool.submit(() -> {
                    List<Integer> statuses = new ArrayList<>();
                    for (int a = 0; a < 6; a++) {
                        Api.Response r = writer % 2 == 0
                                ? api.post(
                                        "/calls/" + id + "/transfer",
                                        Map.of("department", departments.get((writer / 2 + a) % departments.size())))
                                : api.post("/calls/" + id + "/events", Map.of("type", "answered"));
                        statuses.add(r.status());
                    }
                    return statuses;
                }));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<List<Integer>> r : results) {
            statuses.addAll(r.get());
        }

        assertThat(statuses).allMatch(s -> s == 200 || s == 201 || s == 409);
        long transfers = statuses.stream().filter(s -> s == 200).count();
        assertThat(transfers).isPositive();
        JsonNode events = api.get("/calls/" + id + "/events").body().path("items");
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).path("sequence").asInt()).isEqualTo(i + 1);
            if (i > 0) {
                assertThat(events.get(i).path("fromStatus").asText())
                        .isEqualTo(events.get(i - 1).path("toStatus").asText());
            }
        }
        List<JsonNode> transferEvents = new ArrayList<>();
        events.forEach(e -> {
            if (e.path("type").asText().equals("transferred")) {
                transferEvents.add(e);
            }
        });
        assertThat(transferEvents).hasSize((int) transfers);
        JsonNode call = api.get("/calls/" + id).body();
        JsonNode routing = call.path("routing");
        assertThat(routing).hasSize((int) transfers);
        for (int i = 0; i < routing.size(); i++) {
            assertThat(routing.get(i).path("eventSequence").asInt())
                    .isEqualTo(transferEvents.get(i).path("sequence").asInt());
            assertThat(routing.get(i).path("target"))
                    .isEqualTo(transferEvents.get(i).path("details").path("target"));
        }
        assertThat(call.path("target"))
                .isEqualTo(routing.get(routing.size() - 1).path("target"));
        assertThat(call.path("lastSequence").asInt()).isEqualTo(events.size());
    }

    private String createCall(String hotel, String department, String language) {
        Api.Response created = api.post(
                "/calls",
                Map.of(
                        "hotelId", hotel,
                        "callerNumber", "+41446681800",
                        "direction", "inbound",
                        "language", language,
                        "department", department));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    private JsonNode decide(String hotel, String department, String language, String at) {
        String query = "/routing/decide?hotelId=" + hotel + "&department=" + department
                + (language == null ? "" : "&language=" + language) + "&at="
                + URLEncoder.encode(at, StandardCharsets.UTF_8);
        Api.Response r = api.get(query);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    /** "type:id" of the decided target. */
    private String target(String hotel, String department, String language, String at) {
        JsonNode target = decide(hotel, department, language, at).path("target");
        return target.path("type").asText() + ":" + target.path("id").asText();
    }

    /** The instant at which it is {@code time} on {@link #DAY} in the hotel's zone (as seeded). */
    private static String local(String hotel, String time) {
        ZoneId zone = ZoneId.of(
                switch (hotel) {
                    case ZURICH -> "Europe/Zurich";
                    case SYDNEY -> "Australia/Sydney";
                    default -> "America/Chicago";
                });
        return ZonedDateTime.of(DAY, LocalTime.parse(time), zone).toInstant().toString();
    }
}
