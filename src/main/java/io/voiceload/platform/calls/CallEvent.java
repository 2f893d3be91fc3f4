package io.voiceload.platform.calls;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** One stored event of a call; {@code sequence} counts 1, 2, 3, ... per call without gaps. */
public record CallEvent(
        UUID callId,
        int sequence,
        CallEventType type,
        CallStatus fromStatus,
        CallStatus toStatus,
        JsonNode details,
        Instant createdAt) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("callId", callId.toString());
        json.put("sequence", sequence);
        json.put("type", type.wireName());
        json.put("fromStatus", fromStatus.wireName());
        json.put("toStatus", toStatus.wireName());
        json.put("details", details);
        json.put("createdAt", createdAt.toString());
        return json;
    }
}
