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

    /** {@code If-Match} as the connector passes it on: {@code *}, or a version, quoted (an ETag) or not. */
    static final Pattern IF_MATCH = Pattern.compile("\\*|\"[0-9]{1,18}\"|[0-9]{1,18}");

    private final PmsClient client;
    private final PmsCache cache;
    private final ReservationSync sync;
    /** The planted bug {@link PmsFaults#cacheNotInvalidated()}. */
    private final boolean cacheNotInvalidated;

    PmsRoutes(PmsClient client, PmsCache cache, ReservationSync sync) {
        this(client, cache, sync, PmsFaults.NONE);
    }

    PmsRoutes(PmsClient client, PmsCache cache, ReservationSync sync, PmsFaults faults) {
        this.client = client;
        this.cache = cache;
        this.sync = sync;
        this.cacheNotInvalidated = faults.cacheNotInvalidated();
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
        readThrough(ctx, PmsCache.reservationKey(confirmation), "/reservations/" + confirmation, "changeSeq", false);
    }

    private void guest(Context ctx) {
        String id = guestId(ctx);
        readThrough(ctx, PmsCache.guestKey(id), "/guests/" + id, "version", true);
    }

    /**
     * Answers from the cache (X-Cache: hit) or from the PMS, caching what it answers (X-Cache: miss). When
     * the PMS cannot answer and the cache keeps a stale copy, answers that (X-Cache: stale). Cached answers
     * say their age ({@code Age}, {@code X-Cache-Age-Ms}) and come from {@code X-Pms-Endpoint: cache}; with
     * {@code etag}, every answer carries {@code ETag: "<version>"}.
     */
    private void readThrough(Context ctx, String key, String pmsPath, String versionField, boolean etag) {
        PmsCache.Lookup cached = cache.get(key);
        if (cached.fresh() != null) {
            ctx.header("X-Cache", "hit");
            fromCache(ctx, cached, etag);
            ctx.contentType("application/json").result(cached.fresh());
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
            ctx.header("X-Cache", "stale");
            fromCache(ctx, cached, etag);
            ctx.contentType("application/json").result(cached.stale());
            return;
        }
        ctx.header("X-Cache", "miss");
        answeredBy(ctx, answer);
        JsonNode body = relay(answer);
        long version = body.path(versionField).asLong();
        cache.put(key, version, answer.body());
        if (etag) {
            ctx.header("ETag", etag(version));
        }
        ctx.contentType("application/json").result(answer.body());
    }

    private static void fromCache(Context ctx, PmsCache.Lookup cached, boolean etag) {
        long now = System.currentTimeMillis();
        ctx.header("X-Pms-Endpoint", "cache")
                .header("Age", Long.toString(cached.ageSeconds(now)))
                .header("X-Cache-Age-Ms", Long.toString(cached.ageMs(now)));
        if (etag) {
            ctx.header("ETag", etag(cached.version()));
        }
    }

    /** {@code X-Pms-Endpoint: primary|secondary}, and {@code X-Pms-Failover: true} when not the primary. */
    private static void answeredBy(Context ctx, PmsClient.Answer answer) {
        ctx.header("X-Pms-Endpoint", answer.endpoint());
        if (!answer.endpoint().equals("primary")) {
            ctx.header("X-Pms-Failover", "true");
        }
    }

    private static String etag(long version) {
        return "\"" + version + "\"";
    }

    private void searchReservations(Context ctx) {
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
        answeredBy(ctx, answer);
        relay(answer);
        ctx.contentType("application/json").result(answer.body());
    }

    /**
     * Write-through: the PMS first, with the client's {@code If-Match}; on success the cached profile is
     * invalidated (a tombstone at the new version, so the next read gets that version or a newer one) and the
     * answer carries {@code ETag: "<version>"}. A version conflict (the PMS's 409 or 412) is our 409 with the current
     * version, and invalidates the cached profile up to that version too.
     */
    private void updateGuest(Context ctx) throws JsonProcessingException {
        String id = guestId(ctx);
        String ifMatch = ctx.header("If-Match");
        if (ifMatch != null && !IF_MATCH.matcher(ifMatch.strip()).matches()) {
            throw ApiException.badRequest(
                    "invalid If-Match",
                    Map.of("If-Match", "must be * or the profile's version as its ETag gives it, e.g. \"7\""));
        }
        ObjectNode change = Json.readObject(ctx);
        PmsClient.Answer answer = client.patch(
                "/guests/" + id, Json.MAPPER.writeValueAsString(change), ifMatch == null ? null : ifMatch.strip());
        answeredBy(ctx, answer);
        String key = PmsCache.guestKey(id);
        if ((answer.status() == 409 || answer.status() == 412) && !cacheNotInvalidated) {
            long current = currentVersion(answer);
            if (current > 0) {
                cache.invalidate(key, current);
            }
        }
        JsonNode updated = relay(answer);
        long version = updated.path("version").asLong();
        if (!cacheNotInvalidated) {
            cache.invalidate(key, version);
        }
        ctx.header("ETag", etag(version)).contentType("application/json").result(answer.body());
    }

    /** The {@code details.currentVersion} of a PMS's 409, or 0 when it gives none. */
    private static long currentVersion(PmsClient.Answer answer) {
        JsonNode current =
                answer.json() == null ? null : answer.json().path("details").get("currentVersion");
        return current != null && current.canConvertToLong() ? current.asLong() : 0;
    }

    private void sync(Context ctx) throws SQLException {
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
        json.put("shortCircuited", endpoint.shortCircuited.sum());
        json.put("transitions", transitions(endpoint));
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

    /** The breaker's recent state transitions, oldest first, as JSON. */
    static List<Map<String, Object>> transitions(PmsClient.Endpoint endpoint) {
        return endpoint.transitions().stream().map(PmsClient.Transition::toJson).toList();
    }

    /**
     * The PMS's answer as JSON when it is a 200; its 404 as ours; its 400/422 as our 400 with its details; its
     * 409 or 412 as our 409 {@code version conflict} with {@code details.currentVersion} (when it gives one); its
     * 428 (If-Match required) as our 400 naming {@code If-Match}; any other status as our 502
     * {@code pms_bad_answer} naming it (never a 500: the PMS's answer is not the platform's fault).
     */
    private static JsonNode relay(PmsClient.Answer answer) {
        JsonNode body = answer.json();
        return switch (answer.status()) {
            case 200 -> body;
            case 409, 412 -> {
                long current = currentVersion(answer);
                throw new ApiException(409, "version conflict", current > 0 ? Map.of("currentVersion", current) : null);
            }
            case 428 ->
                throw ApiException.badRequest(
                        "the PMS requires If-Match",
                        Map.of("If-Match", "send the profile's version as its ETag gives it, e.g. \"7\""));
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
            default -> throw answer.unexpected();
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
