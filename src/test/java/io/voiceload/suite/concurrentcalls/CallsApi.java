package io.voiceload.suite.concurrentcalls;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.http.Request;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.PlatformClients;
import io.voiceload.suite.support.ReadBack;
import io.voiceload.suite.support.StoredCalls;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.random.RandomGenerator;

/**
 * The platform's calls API as the tests of the {@code concurrent-calls} category drive it, over one fast
 * client ({@link Http}) whose credentials the test chooses: opening calls, reading stored calls back after a
 * run, any other request of the API ({@link #post}, {@link #get}, {@link #put}, each timed under its method and
 * path template), and the category's test data (a random valid new call, how a
 * transfer differs from the routing rules; recordings come from {@code support.Recordings}). Closing it closes the
 * client.
 *
 * <pre>{@code
 * @AutoClose
 * private final CallsApi calls; // = CallsApi.eachUserAs(platform, UserRole.FRONT_DESK) in the constructor
 *
 * String id = calls.createCall(hotel, user.random());
 * calls.post("/calls/{id}/events", id).json(Map.of("type", "started")).expect(201).send();
 * }</pre>
 */
final class CallsApi implements AutoCloseable {
    static final List<String> DEPARTMENTS =
            List.of("front_desk", "concierge", "housekeeping", "room_service", "reservations", "maintenance", "spa");
    static final List<String> LANGUAGES = List.of("en", "de", "en-US", "fr-CH", "ja");

    private final Http http;

    /** The calls API over {@code http}, which it closes. */
    CallsApi(Http http) {
        this.http = http;
    }

    /** Requests under the current virtual user's own session of {@code role} ({@link PlatformClients#eachUserAs}). */
    static CallsApi eachUserAs(PlatformEndpoint platform, UserRole role) {
        return new CallsApi(PlatformClients.eachUserAs(platform, role));
    }

    /** Requests without default credentials: each names who sends it ({@link PlatformClients#withoutCredentials}). */
    static CallsApi withoutCredentials(PlatformEndpoint platform) {
        return new CallsApi(PlatformClients.withoutCredentials(platform));
    }

    /** {@code POST} to a path template of the API: {@code post("/calls/{id}/end", id)}. */
    Request post(String template, Object... pathParams) {
        return http.post(template, pathParams);
    }

    /** {@code GET} of a path template of the API: {@code get("/calls/{id}", id)}. */
    Request get(String template, Object... pathParams) {
        return http.get(template, pathParams);
    }

    /** {@code PUT} to a path template of the API: {@code put("/calls/{id}/audio", id)}. */
    Request put(String template, Object... pathParams) {
        return http.put(template, pathParams);
    }

    /** Opens a random valid call for {@code hotelId} ({@link #newCall}); {@code POST /calls} must answer 201. */
    String createCall(String hotelId, RandomGenerator random) {
        return createCall(newCall(hotelId, random));
    }

    /** Opens the call {@code call}; {@code POST /calls} must answer 201. Returns the new call's id. */
    String createCall(Map<String, String> call) {
        return http.post("/calls")
                .json(call)
                .expect(201)
                .send()
                .json()
                .path("id")
                .asText();
    }

    /** Every call stored for {@code hotelId}, read page by page through {@code GET /calls?hotelId=}. */
    List<JsonNode> callsOf(String hotelId, String authorization) {
        return StoredCalls.of(http, hotelId, authorization);
    }

    /**
     * GETs {@code path} (a template with one {@code {id}}) for every call id, a few at a time, handing each
     * answer to {@code check} (which may run on any thread); the first failure is thrown once all are done
     * ({@link ReadBack#each}).
     */
    void readEach(Collection<String> ids, String authorization, String path, BiConsumer<String, JsonNode> check)
            throws Exception {
        ReadBack.each(http, ids, authorization, path, check);
    }

    @Override
    public void close() {
        http.close();
    }

    /** The body of a valid {@code POST /calls} for {@code hotelId}. */
    static Map<String, String> newCall(String hotelId, RandomGenerator random) {
        return Map.of(
                "hotelId",
                hotelId,
                "callerNumber",
                "+4144" + (1_000_000 + random.nextInt(9_000_000)),
                "direction",
                random.nextBoolean() ? "inbound" : "outbound",
                "language",
                LANGUAGES.get(random.nextInt(LANGUAGES.size())),
                "department",
                DEPARTMENTS.get(random.nextInt(DEPARTMENTS.size())));
    }

    /**
     * How a routing entry or transfer answer ({@code landed}) differs from the rules' {@code decision} for
     * {@code department} (department, target, rule), or null when it does not.
     */
    static String offRules(JsonNode landed, String department, JsonNode decision) {
        if (!department.equals(landed.path("department").asText())
                || !decision.path("target").equals(landed.path("target"))
                || !decision.path("ruleId").equals(landed.path("ruleId"))) {
            return "department " + landed.path("department") + ", target " + landed.path("target") + " (rule "
                    + landed.path("ruleId") + ")";
        }
        return null;
    }
}
