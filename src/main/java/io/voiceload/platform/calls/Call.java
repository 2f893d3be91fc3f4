package io.voiceload.platform.calls;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A call as stored; {@code lastSequence} is the sequence number of its latest event (0 before any),
 * {@code version} counts every write to the call (events and routing decisions), {@code target} is the
 * current routing target ({@code {"type", "id"}}, null before routing) and {@code routing} the history of
 * routing decisions (a JSON array, oldest first).
 */
public record Call(
        UUID id,
        long listPosition,
        String hotelId,
        String callerNumber,
        String direction,
        String language,
        String department,
        CallStatus status,
        int lastSequence,
        Instant createdAt,
        Instant updatedAt,
        Instant endedAt,
        int version,
        JsonNode target,
        JsonNode routing) {

    /** The JSON shape of {@code GET /calls/{id}}. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", id.toString());
        json.put("hotelId", hotelId);
        json.put("callerNumber", callerNumber);
        json.put("direction", direction);
        json.put("language", language);
        json.put("department", department);
        json.put("status", status.wireName());
        json.put("lastSequence", lastSequence);
        json.put(
                "allowedEvents",
                CallLifecycle.allowedEvents(status).stream()
                        .map(CallEventType::wireName)
                        .toList());
        json.put("createdAt", createdAt.toString());
        json.put("updatedAt", updatedAt.toString());
        json.put("endedAt", endedAt == null ? null : endedAt.toString());
        json.put("target", target);
        json.put("routing", routing);
        return json;
    }
}
