package io.voiceload.suite.concurrentcalls;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.junit.PlatformEndpoint;
import io.voiceload.load.VirtualUser;
import io.voiceload.target.auth.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.random.RandomGenerator;

/**
 * What both tests of the category share: the fast client, logged in per virtual user as its own front-desk
 * agent, a random valid new call, and a reader of stored calls for the checks after a run.
 */
final class CallsApi {
    static final List<String> DEPARTMENTS =
            List.of("front_desk", "concierge", "housekeeping", "room_service", "reservations", "maintenance", "spa");
    static final List<String> LANGUAGES = List.of("en", "de", "en-US", "fr-CH", "ja");

    private CallsApi() {}

    /** A client whose requests carry the current virtual user's own session (none outside a run). */
    static Http client(PlatformEndpoint platform) {
        return Http.builder(platform.baseUrl().toString())
                .defaultHeader("Authorization", () -> VirtualUser.current()
                        .map(u -> platform.session(u, Role.FRONT_DESK))
                        .orElse(null))
                .build();
    }

    /** A hotel id no other run uses, so the calls of this run can be counted through the API. */
    static String uniqueHotel(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 13);
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

    /** Every call stored for {@code hotelId}, read page by page through {@code GET /calls?hotelId=}. */
    static List<JsonNode> callsOf(Http http, String authorization, String hotelId) {
        List<JsonNode> calls = new ArrayList<>();
        String cursor = null;
        do {
            var request = http.get("/calls")
                    .header("Authorization", authorization)
                    .query("hotelId", hotelId)
                    .query("limit", 200);
            if (cursor != null) {
                request.query("cursor", cursor);
            }
            JsonNode page = request.expect(200).send().json();
            page.path("items").forEach(calls::add);
            JsonNode next = page.path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asText();
        } while (cursor != null);
        return calls;
    }

    /** Request kinds that answered 5xx during the run: the platform failed, whatever the test expected. */
    static List<String> serverErrors(io.voiceload.load.LoadResult result) {
        List<String> errors = new ArrayList<>();
        result.requests().forEach((name, stats) -> stats.errors().forEach((kind, count) -> {
            if (kind.startsWith("HTTP 5")) {
                errors.add(count + " × " + kind + " on " + name);
            }
        }));
        return errors;
    }
}
