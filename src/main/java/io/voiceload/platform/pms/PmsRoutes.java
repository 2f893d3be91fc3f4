package io.voiceload.platform.pms;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The {@code /pms/...} and {@code /admin/pms} endpoints over a configured PMS (see {@code docs/api.md, "PMS connector"}). */
final class PmsRoutes {

    static final Pattern CONFIRMATION = Pattern.compile("[A-Z]{2}-[0-9]{6}");
    static final Pattern GUEST_ID = Pattern.compile("G-[0-9]{6}");
    static final Pattern LAST_NAME = Pattern.compile("[\\p{L}][\\p{L} '-]{0,63}");
    static final Pattern HOTEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Set<String> SEARCH_PARAMETERS = Set.of("lastName", "guestId", "hotelId");

    private final PmsClient client;
    private final PmsCache cache;
    private final ReservationSync sync;

    PmsRoutes(PmsClient client, PmsCache cache, ReservationSync sync) {
        this.client = client;
        this.cache = cache;
        this.sync = sync;
    }

    void install(RoutesConfig routes) {
        routes.get("/pms/reservations/{confirmation}", this::reservation, Role.STAFF);
        routes.get("/pms/reservations", this::searchReservations, Role.STAFF);
        routes.get("/pms/guests/{id}", this::guest, Role.STAFF);
        routes.patch("/pms/guests/{id}", this::updateGuest, Role.STAFF);
        routes.post("/pms/sync", this::sync, Role.MANAGER, Role.ADMIN);
        routes.get("/admin/pms", this::status, Role.MANAGER, Role.ADMIN);
        routes.post("/admin/pms/reset", this::reset, Role.ADMIN);
    }

    private void reservation(Context ctx) throws JsonProcessingException {
        String confirmation = ctx.pathParam("confirmation");
        if (!CONFIRMATION.matcher(confirmation).matches()) {
            throw ApiException.badRequest(
                    "invalid confirmation number",
                    Map.of("confirmation", "must be two capital letters, a dash and six digits, e.g. GZ-000123"));
        }
        readThrough(ctx, PmsCache.reservationKey(confirmation), "/reservations/" + confirmation, "changeSeq");
    }

    private void guest(Context ctx) throws JsonProcessingException {
        String id = guestId(ctx);
        readThrough(ctx, PmsCache.guestKey(id), "/guests/" + id, "version");
    }

    /**
     * Answers from the cache (X-Cache: hit) or from the PMS, caching what it answers (X-Cache: miss). When
     * the PMS cannot answer and the cache keeps a stale copy, answers that (X-Cache: stale).
     */
    private void readThrough(Context ctx, String key, String pmsPath, String versionField)
            throws JsonProcessingException {
        PmsCache.Lookup cached = cache.get(key);
        if (cached.fresh() != null) {
            ctx.header("X-Cache", "hit").contentType("application/json").result(cached.fresh());
            return;
        }
        PmsClient.Answer answer;
        try {
            answer = client.get(pmsPath);
        } catch (PmsUnavailableException e) {
            if (cached.stale() == null) {
                throw e;
            }
            cache.servedStale();
            ctx.header("X-Cache", "stale").contentType("application/json").result(cached.stale());
            return;
        }
        ctx.header("X-Cache", "miss").header("X-Pms-Endpoint", answer.endpoint());
        JsonNode body = relay(answer);
        cache.put(key, body.path(versionField).asLong(), answer.body());
        ctx.contentType("application/json").result(answer.body());
    }

    private void searchReservations(Context ctx) throws JsonProcessingException {
        Map<String, String> problems = new LinkedHashMap<>();
        for (String parameter : ctx.queryParamMap().keySet()) {
            if (!SEARCH_PARAMETERS.contains(parameter)) {
                problems.put(parameter, "unknown parameter; use lastName or guestId, and optionally hotelId");
            }
        }
        String lastName = ctx.queryParam("lastName");
        String guestId = ctx.queryParam("guestId");
        String hotelId = ctx.queryParam("hotelId");
        if ((lastName == null) == (guestId == null)) {
            problems.put("lastName", "give exactly one of lastName and guestId");
        } else if (lastName != null && !LAST_NAME.matcher(lastName).matches()) {
            problems.put("lastName", "must be 1-64 letters, spaces, apostrophes or dashes, starting with a letter");
        } else if (guestId != null && !GUEST_ID.matcher(guestId).matches()) {
            problems.put("guestId", "must be G- and six digits, e.g. G-000042");
        }
        if (hotelId != null && !HOTEL_ID.matcher(hotelId).matches()) {
            problems.put("hotelId", "must be 1-64 of A-Z a-z 0-9 _ -");
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid query: " + String.join(", ", problems.keySet()), problems);
        }
        StringBuilder query = new StringBuilder("/reservations?");
        query.append(lastName != null ? "lastName=" + encode(lastName) : "guestId=" + guestId);
        if (hotelId != null) {
            query.append("&hotelId=").append(hotelId);
        }
        PmsClient.Answer answer = client.get(query.toString());
        relay(answer);
        ctx.header("X-Pms-Endpoint", answer.endpoint())
                .contentType("application/json")
                .result(answer.body());
    }

    /** Write-through: the PMS first; on success the cached profile is invalidated. */
    private void updateGuest(Context ctx) throws JsonProcessingException {
        String id = guestId(ctx);
        ObjectNode change = Json.readObject(ctx);
        PmsClient.Answer answer = client.patch("/guests/" + id, Json.MAPPER.writeValueAsString(change));
        JsonNode updated = relay(answer);
        cache.invalidate(PmsCache.guestKey(id), updated.path("version").asLong());
        ctx.header("X-Pms-Endpoint", answer.endpoint())
                .contentType("application/json")
                .result(answer.body());
    }

    private void sync(Context ctx) throws SQLException, JsonProcessingException {
        boolean full = false;
        if (ctx.bodyAsBytes().length > 0) {
            ObjectNode body = Json.readObject(ctx);
            Map<String, String> problems = new LinkedHashMap<>();
            body.fieldNames().forEachRemaining(f -> {
                if (!f.equals("full")) {
                    problems.put(f, "unknown field; the only field is full");
                }
            });
            JsonNode fullNode = body.get("full");
            if (fullNode != null && !fullNode.isBoolean()) {
                problems.put("full", "must be true or false, not " + Json.describe(fullNode));
            }
            if (!problems.isEmpty()) {
                throw ApiException.badRequest(
                        "invalid sync request: " + String.join(", ", problems.keySet()), problems);
            }
            full = fullNode != null && fullNode.booleanValue();
        }
        Json.respond(ctx, 200, sync.run(full).toJson());
    }

    private void status(Context ctx) {
        Json.respond(ctx, 200, status(client, cache));
    }

    private void reset(Context ctx) {
        client.resetBreakers();
        Json.respond(ctx, 200, status(client, cache));
    }

    /** The admin view: breakers, counters, cache. */
    static Map<String, Object> status(PmsClient client, PmsCache cache) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("configured", true);
        body.put("activeEndpoint", client.activeEndpoint());
        body.put("failovers", client.failovers());
        List<Map<String, Object>> endpoints =
                client.endpoints().stream().map(PmsRoutes::endpoint).toList();
        body.put("endpoints", endpoints);
        Map<String, Object> cacheJson = new LinkedHashMap<>();
        long hits = cache.hits();
        long misses = cache.misses();
        cacheJson.put("hits", hits);
        cacheJson.put("misses", misses);
        cacheJson.put("hitRatio", hits + misses == 0 ? null : (double) hits / (hits + misses));
        cacheJson.put("errors", cache.errors());
        cacheJson.put("staleServed", cache.staleServed());
        cacheJson.put("ttlSeconds", cache.ttl().toSeconds());
        cacheJson.put("staleIfErrorSeconds", cache.staleIfError().toSeconds());
        body.put("cache", cacheJson);
        return body;
    }

    private static Map<String, Object> endpoint(PmsClient.Endpoint endpoint) {
        var metrics = endpoint.breaker.getMetrics();
        var config = endpoint.breaker.getCircuitBreakerConfig();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", endpoint.name);
        json.put("url", endpoint.baseUrl.toString());
        json.put("state", endpoint.state());
        float rate = metrics.getFailureRate();
        json.put("failureRate", rate < 0 ? null : rate); // -1: fewer calls than the minimum
        json.put("bufferedCalls", metrics.getNumberOfBufferedCalls());
        json.put("failedCallsInWindow", metrics.getNumberOfFailedCalls());
        json.put("calls", endpoint.calls.sum());
        json.put("failures", endpoint.failures.sum());
        json.put("timeouts", endpoint.timeouts.sum());
        json.put("notPermitted", endpoint.notPermitted.sum());
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("failureRateThreshold", config.getFailureRateThreshold());
        settings.put("slidingWindowSize", config.getSlidingWindowSize());
        settings.put("minimumNumberOfCalls", config.getMinimumNumberOfCalls());
        settings.put(
                "waitInOpenStateMs", config.getWaitIntervalFunctionInOpenState().apply(1));
        settings.put("permittedCallsInHalfOpenState", config.getPermittedNumberOfCallsInHalfOpenState());
        json.put("breaker", settings);
        return json;
    }

    /**
     * The PMS's answer as JSON when it is a 200; its 404 as ours; its 400/422 as our 400 with its details.
     */
    private static JsonNode relay(PmsClient.Answer answer) throws JsonProcessingException {
        JsonNode body = answer.body().isEmpty() ? null : Json.MAPPER.readTree(answer.body());
        return switch (answer.status()) {
            case 200 -> body;
            case 404 ->
                throw ApiException.notFound(
                        body == null
                                ? "not found in the PMS"
                                : body.path("error").asText());
            case 400, 422 ->
                throw ApiException.badRequest(
                        body == null
                                ? "the PMS refused the request"
                                : body.path("error").asText(),
                        body == null ? null : Json.MAPPER.convertValue(body.get("details"), Object.class));
            default ->
                throw new IllegalStateException("unexpected PMS answer " + answer.status() + " from "
                        + answer.endpoint() + ": " + answer.body());
        };
    }

    private static String guestId(Context ctx) {
        String id = ctx.pathParam("id");
        if (!GUEST_ID.matcher(id).matches()) {
            throw ApiException.badRequest("invalid guest id", Map.of("id", "must be G- and six digits, e.g. G-000042"));
        }
        return id;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
