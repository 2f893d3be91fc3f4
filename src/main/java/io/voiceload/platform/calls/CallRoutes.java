package io.voiceload.platform.calls;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The {@code /calls} endpoints (described in {@code docs/api.md}). */
public final class CallRoutes {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    private static final Pattern HOTEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final List<String> EVENT_FIELDS = List.of("type", "details");

    private final CallStore store;
    private final CallCache cache;
    private final CallTranscriptCache transcripts;

    public CallRoutes(CallStore store, CallCache cache) {
        this(store, cache, null);
    }

    /** @param transcripts the planted bug of {@link CallFaults#transcriptLeak()}, or null (off) */
    public CallRoutes(CallStore store, CallCache cache, CallTranscriptCache transcripts) {
        this.store = store;
        this.cache = cache;
        this.transcripts = transcripts;
    }

    public void install(RoutesConfig routes) {
        routes.post("/calls", this::create, Role.AUTHENTICATED);
        routes.get("/calls", this::list, Role.STAFF);
        routes.get("/calls/{id}", this::get, Role.STAFF);
        routes.post("/calls/{id}/events", this::addEvent, Role.STAFF);
        routes.get("/calls/{id}/events", this::events, Role.STAFF);
        routes.post("/calls/{id}/end", this::end, Role.STAFF);
    }

    /**
     * {@code POST /calls}, with an optional {@code Idempotency-Key} (1–255 visible ASCII characters): a retry with the
     * key of a call already created answers that call (201, {@code Idempotent-Replayed: true}) instead of creating
     * another; the key sent with another call is a 422.
     */
    private void create(Context ctx) throws SQLException, JsonProcessingException {
        String key = ctx.header("Idempotency-Key");
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            throw ApiException.badRequest(
                    "invalid Idempotency-Key",
                    Map.of("Idempotency-Key", "must be 1-255 visible ASCII characters, e.g. a UUID"));
        }
        NewCall request = NewCall.from(Json.readObject(ctx));
        CallStore.Creation created;
        try {
            created = store.create(request, key);
        } catch (CallStore.IdempotencyConflict e) {
            throw new ApiException(
                    422,
                    e.getMessage(),
                    Map.of("Idempotency-Key", key, "callId", e.callId().toString()));
        }
        Call call = created.call();
        if (transcripts != null) {
            transcripts.remember(call.id());
        }
        cache.putIfNewer(call.id(), call.version(), Json.MAPPER.writeValueAsString(call.toJson()));
        ctx.header("Location", "/calls/" + call.id());
        if (created.replayed()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        Json.respond(ctx, 201, call.toJson());
    }

    private void get(Context ctx) throws SQLException, JsonProcessingException {
        UUID id = callId(ctx);
        Optional<String> cached = cache.get(id);
        if (cached.isPresent()) {
            ctx.header("X-Cache", "hit").contentType("application/json").result(cached.get());
            return;
        }
        Call call = store.find(id).orElseThrow(() -> noSuchCall(id.toString()));
        String body = Json.MAPPER.writeValueAsString(call.toJson());
        cache.putIfNewer(id, call.version(), body);
        ctx.header("X-Cache", "miss").contentType("application/json").result(body);
    }

    private void list(Context ctx) throws SQLException {
        Map<String, String> problems = new LinkedHashMap<>();
        Optional<CallStatus> status = Optional.ofNullable(ctx.queryParam("status"))
                .flatMap(s -> {
                    Optional<CallStatus> parsed = CallStatus.fromWire(s);
                    if (parsed.isEmpty()) {
                        problems.put(
                                "status",
                                "must be one of "
                                        + Arrays.stream(CallStatus.values())
                                                .map(CallStatus::wireName)
                                                .toList());
                    }
                    return parsed;
                });
        Optional<String> hotelId = Optional.ofNullable(ctx.queryParam("hotelId"));
        if (hotelId.isPresent() && !HOTEL_ID.matcher(hotelId.get()).matches()) {
            problems.put("hotelId", "must be 1-64 of A-Z a-z 0-9 _ -");
        }
        int limit = DEFAULT_LIMIT;
        String rawLimit = ctx.queryParam("limit");
        if (rawLimit != null) {
            limit = parseLong(rawLimit)
                    .filter(l -> l >= 1 && l <= MAX_LIMIT)
                    .map(Long::intValue)
                    .orElseGet(() -> {
                        problems.put("limit", "must be an integer from 1 to " + MAX_LIMIT);
                        return DEFAULT_LIMIT;
                    });
        }
        Optional<Long> cursor = Optional.empty();
        String rawCursor = ctx.queryParam("cursor");
        if (rawCursor != null) {
            cursor = parseLong(rawCursor).filter(c -> c > 0);
            if (cursor.isEmpty()) {
                problems.put("cursor", "must be a nextCursor value returned by an earlier page");
            }
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid query: " + String.join(", ", problems.keySet()), problems);
        }
        CallStore.Page page = store.list(status, hotelId, cursor, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("items", page.calls().stream().map(Call::toJson).toList());
        body.put("nextCursor", page.nextCursor().map(String::valueOf).orElse(null));
        Json.respond(ctx, 200, body);
    }

    private void addEvent(Context ctx) throws SQLException, JsonProcessingException {
        UUID id = callId(ctx);
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!EVENT_FIELDS.contains(name)) {
                problems.put(name, "unknown field; allowed are " + EVENT_FIELDS);
            }
        }
        CallEventType type = null;
        JsonNode rawType = body.get("type");
        List<String> types = Arrays.stream(CallEventType.values())
                .map(CallEventType::wireName)
                .toList();
        if (rawType == null || rawType.isNull()) {
            problems.put("type", "is required: one of " + types);
        } else if (!rawType.isTextual()) {
            problems.put("type", "must be a string, not " + Json.describe(rawType));
        } else {
            type = CallEventType.fromWire(rawType.textValue()).orElse(null);
            if (type == null) {
                problems.put("type", "must be one of " + types);
            }
        }
        JsonNode details = body.get("details");
        if (details != null && !details.isNull() && !details.isObject()) {
            problems.put("details", "must be an object, not " + Json.describe(details));
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid event: " + String.join(", ", problems.keySet()), problems);
        }
        CallStore.Appended appended = append(id, type, details == null || details.isNull() ? null : details);
        Json.respond(ctx, 201, appended.event().toJson());
    }

    private void end(Context ctx) throws SQLException, JsonProcessingException {
        UUID id = callId(ctx);
        if (ctx.bodyAsBytes().length > 0) {
            Json.readObject(ctx); // a body is optional, but if sent it must be JSON
        }
        CallStore.Appended appended = append(id, CallEventType.ENDED, null);
        Json.respond(ctx, 200, appended.call().toJson());
    }

    private CallStore.Appended append(UUID id, CallEventType type, JsonNode details)
            throws SQLException, JsonProcessingException {
        CallStore.Appended appended;
        try {
            appended = store.append(id, type, details).orElseThrow(() -> noSuchCall(id.toString()));
        } catch (InvalidTransitionException e) {
            throw conflict(e);
        }
        Call call = appended.call();
        cache.putIfNewer(id, call.version(), Json.MAPPER.writeValueAsString(call.toJson()));
        return appended;
    }

    /** The 409 answer to a refused event: {@code {"currentStatus", "event", "allowedEvents"}}. */
    public static ApiException conflict(InvalidTransitionException e) {
        Map<String, Object> conflict = new LinkedHashMap<>();
        conflict.put("currentStatus", e.current().wireName());
        conflict.put("event", e.event().wireName());
        conflict.put(
                "allowedEvents",
                CallLifecycle.allowedEvents(e.current()).stream()
                        .map(CallEventType::wireName)
                        .toList());
        return new ApiException(409, e.getMessage(), conflict);
    }

    private void events(Context ctx) throws SQLException {
        UUID id = callId(ctx);
        List<CallEvent> events = store.events(id).orElseThrow(() -> noSuchCall(id.toString()));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callId", id.toString());
        body.put("items", events.stream().map(CallEvent::toJson).toList());
        Json.respond(ctx, 200, body);
    }

    /** The {@code {id}} path parameter; a malformed id names no call either: 404, like an unknown one. */
    public static UUID callId(Context ctx) {
        String raw = ctx.pathParam("id");
        try {
            UUID id = UUID.fromString(raw);
            if (id.toString().equalsIgnoreCase(raw)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // falls through to 404
        }
        throw noSuchCall(raw);
    }

    public static ApiException noSuchCall(String id) {
        return ApiException.notFound("no call with id " + id);
    }

    private static Optional<Long> parseLong(String raw) {
        try {
            return Optional.of(Long.parseLong(raw));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
