package io.voiceload.platform.routing;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where a call goes: a department queue ({@code queue}) or one agent ({@code agent}). */
public record TransferTarget(String type, String id) {

    public static final String QUEUE = "queue";
    public static final String AGENT = "agent";

    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("type", type);
        json.put("id", id);
        return json;
    }
}
