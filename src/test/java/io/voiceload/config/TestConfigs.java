package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Small configurations for tests: the seven required profiles plus whatever a test adds. */
final class TestConfigs {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Minimal profiles; heavy scales by 10 and spike is an arrival-rate ramp. */
    static final String BASE = """
            {
              "profiles": {
                "smoke": { "users": 5, "duration": "30s" },
                "light": { "scale": 0.5 },
                "normal": {},
                "heavy": { "scale": 10 },
                "stress": { "scale": 10, "duration": "3m" },
                "soak": { "duration": "10m" },
                "spike": { "stages": [ { "target": 50, "duration": "10s" }, { "target": 5, "duration": "20s" } ],
                           "max_concurrency": 100 }
              }
            }
            """;

    private TestConfigs() {}

    /**
     * {@link #BASE} deep-merged with the given top-level fields (objects merge, other values replace).
     *
     * @param fields JSON object members without the braces, e.g. {@code "concurrent_users": 5}
     */
    static String json(String fields) {
        try {
            ObjectNode base = (ObjectNode) MAPPER.readTree(BASE);
            ObjectNode extra = (ObjectNode) MAPPER.readTree("{" + fields + "}");
            merge(base, extra);
            return base.toPrettyString();
        } catch (Exception e) {
            throw new IllegalArgumentException("bad test JSON: " + fields, e);
        }
    }

    static LoadTestConfig config(String fields) {
        return LoadTestConfig.parse(json(fields), "load_test_config.json");
    }

    static Overrides sysprops(String... keyValues) {
        return Overrides.of(pairs(keyValues), Map.of());
    }

    static Map<String, String> pairs(String... keyValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        return map;
    }

    private static void merge(ObjectNode into, ObjectNode from) {
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode target && e.getValue() instanceof ObjectNode source) {
                merge(target, source);
            } else {
                into.set(e.getKey(), e.getValue());
            }
        }
    }
}
