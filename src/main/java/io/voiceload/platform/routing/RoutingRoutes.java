package io.voiceload.platform.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.calls.Call;
import io.voiceload.platform.calls.CallCache;
import io.voiceload.platform.calls.CallEventType;
import io.voiceload.platform.calls.CallRoutes;
import io.voiceload.platform.calls.CallStore;
import io.voiceload.platform.calls.InvalidTransitionException;
import io.voiceload.platform.calls.NewCall;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * {@code GET /routing/decide}, {@code POST /calls/{id}/route} and {@code POST /calls/{id}/transfer}
 * (described in {@code docs/api.md}).
 */
public final class RoutingRoutes {

    private static final Pattern HOTEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(-[A-Z]{2})?");
    private static final List<String> ROUTE_FIELDS = List.of("at");
    private static final List<String> TRANSFER_FIELDS = List.of("department", "agentId", "at");

    private final Router router;
    private final CallStore store;
    private final CallCache cache;
    private final boolean misrouteTransfers;

    public RoutingRoutes(Router router, CallStore store, CallCache cache) {
        this(router, store, cache, RoutingFaults.NONE);
    }

    /** Routes that misbehave as {@code faults} say (test only; see {@link RoutingFaults}). */
    public RoutingRoutes(Router router, CallStore store, CallCache cache, RoutingFaults faults) {
        this.router = router;
        this.store = store;
        this.cache = cache;
        this.misrouteTransfers = faults.misrouteTransfers();
    }

    public void install(RoutesConfig routes) {
        routes.get("/routing/decide", this::decide, Role.STAFF);
        routes.post("/calls/{id}/route", this::route, Role.STAFF);
        routes.post("/calls/{id}/transfer", this::transfer, Role.STAFF);
    }

    private void decide(Context ctx) throws SQLException {
        Map<String, String> problems = new LinkedHashMap<>();
        String hotelId = ctx.queryParam("hotelId");
        if (hotelId == null) {
            problems.put("hotelId", "is required");
        } else if (!HOTEL_ID.matcher(hotelId).matches()) {
            problems.put("hotelId", "must be 1-64 of A-Z a-z 0-9 _ -");
        }
        String department = ctx.queryParam("department");
        if (department == null) {
            problems.put("department", "is required: one of " + NewCall.DEPARTMENTS);
        } else if (!NewCall.DEPARTMENTS.contains(department)) {
            problems.put("department", "must be one of " + NewCall.DEPARTMENTS);
        }
        String language = ctx.queryParam("language");
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            problems.put("language", "must be a language tag such as en or en-US");
        }
        Instant at = instant(ctx.queryParam("at"), problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid query: " + String.join(", ", problems.keySet()), problems);
        }
        Json.respond(ctx, 200, decision(hotelId, department, language, at).toJson());
    }

    private void route(Context ctx) throws SQLException, JsonProcessingException {
        UUID id = CallRoutes.callId(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        Instant at = Instant.now();
        if (ctx.bodyAsBytes().length > 0) {
            ObjectNode body = Json.readObject(ctx);
            unknownFields(body, ROUTE_FIELDS, problems);
            at = instant(body, problems);
        }
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid route request: " + String.join(", ", problems.keySet()), problems);
        }
        Call call = store.find(id).orElseThrow(() -> CallRoutes.noSuchCall(id.toString()));
        RoutingDecision decision = decision(call.hotelId(), call.department(), call.language(), at);
        CallStore.Routed routed = store.route(id, entry("route", decision.toJson()));
        Call stored =
                switch (routed) {
                    case CallStore.Routed.Stored s -> s.call();
                    case CallStore.Routed.Ended e ->
                        throw new ApiException(
                                409,
                                "an ended call cannot be routed",
                                Map.of("currentStatus", e.call().status().wireName()));
                    case CallStore.Routed.NoSuchCall n -> throw CallRoutes.noSuchCall(id.toString());
                };
        cache.putIfNewer(id, stored.version(), Json.MAPPER.writeValueAsString(stored.toJson()));
        Json.respond(ctx, 200, answer(decision.toJson(), stored));
    }

    private void transfer(Context ctx) throws SQLException, JsonProcessingException {
        UUID id = CallRoutes.callId(ctx);
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        unknownFields(body, TRANSFER_FIELDS, problems);
        String department = optionalText(body, "department", problems);
        String agentId = optionalText(body, "agentId", problems);
        if (department != null && !NewCall.DEPARTMENTS.contains(department)) {
            problems.put("department", "must be one of " + NewCall.DEPARTMENTS);
        }
        if (agentId != null && !AGENT_ID.matcher(agentId).matches()) {
            problems.put("agentId", "must be 1-64 of A-Z a-z 0-9 _ -");
        }
        if (department != null && agentId != null) {
            problems.put("agentId", "give either department or agentId, not both");
        } else if (department == null
                && agentId == null
                && !problems.containsKey("department")
                && !problems.containsKey("agentId")) {
            problems.put("department", "department or agentId is required");
        }
        Instant at = instant(body, problems);
        if (!problems.isEmpty()) {
            throw ApiException.badRequest("invalid transfer: " + String.join(", ", problems.keySet()), problems);
        }
        Call call = store.find(id).orElseThrow(() -> CallRoutes.noSuchCall(id.toString()));
        Map<String, Object> decisionJson;
        if (department != null) {
            String resolved = misrouteTransfers ? nextDepartment(department) : department;
            decisionJson =
                    decision(call.hotelId(), resolved, call.language(), at).toJson();
        } else {
            decisionJson = new LinkedHashMap<>();
            decisionJson.put("hotelId", call.hotelId());
            decisionJson.put("agentId", agentId);
            decisionJson.put("at", at.toString());
            decisionJson.put("ruleId", null);
            decisionJson.put("target", new TransferTarget(TransferTarget.AGENT, agentId).toJson());
            decisionJson.put("fallback", false);
        }
        ObjectNode entry = entry("transfer", decisionJson);
        ObjectNode details = Json.MAPPER.createObjectNode();
        details.set("target", entry.get("target"));
        details.set("ruleId", entry.get("ruleId"));
        CallStore.Appended appended;
        try {
            appended = store.append(id, CallEventType.TRANSFERRED, details, entry)
                    .orElseThrow(() -> CallRoutes.noSuchCall(id.toString()));
        } catch (InvalidTransitionException e) {
            throw CallRoutes.conflict(e);
        }
        Call stored = appended.call();
        cache.putIfNewer(id, stored.version(), Json.MAPPER.writeValueAsString(stored.toJson()));
        Map<String, Object> answer = answer(decisionJson, stored);
        answer.put("event", appended.event().toJson());
        Json.respond(ctx, 200, answer);
    }

    private RoutingDecision decision(String hotelId, String department, String language, Instant at)
            throws SQLException {
        Optional<RoutingDecision> decision = router.decide(hotelId, department, language, at);
        return decision.orElseThrow(() -> new ApiException(
                404,
                "no routing configured for hotel " + hotelId,
                Map.of("hotelId", "unknown hotel: no routing configuration")));
    }

    /** Fault only: the department after {@code department} in the list, wrapping around. */
    private static String nextDepartment(String department) {
        int i = NewCall.DEPARTMENTS.indexOf(department);
        return NewCall.DEPARTMENTS.get((i + 1) % NewCall.DEPARTMENTS.size());
    }

    private static ObjectNode entry(String kind, Map<String, Object> decision) {
        ObjectNode entry = Json.MAPPER.createObjectNode().put("kind", kind);
        entry.setAll((ObjectNode) Json.MAPPER.valueToTree(decision));
        entry.put("decidedAt", Instant.now().toString());
        return entry;
    }

    private static Map<String, Object> answer(Map<String, Object> decision, Call call) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("callId", call.id().toString());
        answer.put("decision", decision);
        answer.put("call", call.toJson());
        return answer;
    }

    private static void unknownFields(ObjectNode body, List<String> allowed, Map<String, String> problems) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.put(name, "unknown field; allowed are " + allowed);
            }
        }
    }

    private static String optionalText(ObjectNode body, String field, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            problems.put(field, "must be a string, not " + Json.describe(node));
            return null;
        }
        return node.textValue();
    }

    private static Instant instant(ObjectNode body, Map<String, String> problems) {
        JsonNode node = body.get("at");
        if (node == null || node.isNull()) {
            return Instant.now();
        }
        if (!node.isTextual()) {
            problems.put("at", "must be a string, not " + Json.describe(node));
            return Instant.now();
        }
        return instant(node.textValue(), problems);
    }

    /** An ISO-8601 instant with an offset ({@code 2026-11-22T23:30:00Z}, {@code …+01:00}); now when absent. */
    private static Instant instant(String raw, Map<String, String> problems) {
        if (raw == null) {
            return Instant.now();
        }
        try {
            return OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            problems.put("at", "must be an ISO-8601 instant with offset, e.g. 2026-11-22T23:30:00Z");
            return Instant.now();
        }
    }
}
