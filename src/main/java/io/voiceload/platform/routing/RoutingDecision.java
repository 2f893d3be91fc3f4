package io.voiceload.platform.routing;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the rules say for a hotel, department and language at an instant: the winning rule's id and
 * target, or (no rule matched) the hotel's fallback queue with {@code ruleId} null and {@code fallback} true.
 */
public record RoutingDecision(
        String hotelId,
        String department,
        String language,
        Instant at,
        ZoneId timeZone,
        LocalTime localTime,
        Long ruleId,
        TransferTarget target,
        boolean fallback) {

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("hotelId", hotelId);
        json.put("department", department);
        json.put("language", language);
        json.put("at", at.toString());
        json.put("timeZone", timeZone.getId());
        json.put("localTime", localTime.toString());
        json.put("ruleId", ruleId);
        json.put("target", target.toJson());
        json.put("fallback", fallback);
        return json;
    }
}
