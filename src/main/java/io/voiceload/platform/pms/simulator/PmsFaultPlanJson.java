package io.voiceload.platform.pms.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads a {@link PmsFaultPlan} from the admin API's JSON, collecting every problem by field. */
final class PmsFaultPlanJson {

    static final List<String> FIELDS =
            List.of("seed", "delay", "errors", "malformed", "emptyReply", "reset", "cutMidBody", "slowBody", "paths");

    private PmsFaultPlanJson() {}

    /** The plan, or null with {@code problems} filled in by field. */
    static PmsFaultPlan parse(JsonNode json, Map<String, String> problems) {
        PmsFaultPlan.Builder b = PmsFaultPlan.builder();
        if (json == null || !json.isObject()) {
            problems.put("body", "must be a JSON object with some of " + FIELDS);
            return null;
        }
        for (Iterator<String> names = json.fieldNames(); names.hasNext(); ) {
            String field = names.next();
            if (!FIELDS.contains(field)) {
                problems.put(field, "unknown field; the fields are " + FIELDS);
            }
        }
        field(json, "seed", problems, n -> {
            if (!n.canConvertToLong() || !n.isIntegralNumber()) {
                throw new IllegalArgumentException("must be an integer");
            }
            b.seed(n.longValue());
        });
        field(json, "delay", problems, n -> parseDelay(n, b));
        field(json, "errors", problems, n -> {
            requireObject(n, "{\"rate\": 0..1, \"status\": 500-599 or 429}");
            b.errors(rate(n.get("rate")), integer(n.get("status"), "status"));
        });
        field(json, "malformed", problems, n -> b.malformed(rate(n)));
        field(json, "emptyReply", problems, n -> b.emptyReply(rate(n)));
        field(json, "reset", problems, n -> b.reset(rate(n)));
        field(json, "cutMidBody", problems, n -> b.cutMidBody(rate(n)));
        field(json, "slowBody", problems, n -> {
            requireObject(n, "{\"rate\": 0..1, \"overMs\": 0-60000}");
            b.slowBody(rate(n.get("rate")), millis(n.get("overMs"), "overMs"));
        });
        field(json, "paths", problems, n -> {
            if (!n.isArray()) {
                throw new IllegalArgumentException("must be an array of path prefixes such as [\"/changes/\"]");
            }
            List<String> prefixes = new ArrayList<>();
            n.forEach(p -> prefixes.add(p.isTextual() ? p.textValue() : null));
            b.paths(prefixes.toArray(String[]::new));
        });
        if (!problems.isEmpty()) {
            return null;
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            problems.put("rates", e.getMessage());
            return null;
        }
    }

    private static void parseDelay(JsonNode n, PmsFaultPlan.Builder b) {
        String kinds = "{\"kind\": \"fixed\", \"ms\"}, {\"kind\": \"uniform\", \"minMs\", \"maxMs\"} or"
                + " {\"kind\": \"logNormal\", \"medianMs\", \"sigma\"}";
        requireObject(n, kinds);
        switch (n.path("kind").asText("")) {
            case "fixed" -> b.fixedDelay(millis(n.get("ms"), "ms"));
            case "uniform" -> b.uniformDelay(millis(n.get("minMs"), "minMs"), millis(n.get("maxMs"), "maxMs"));
            case "logNormal" -> {
                JsonNode sigma = n.get("sigma");
                if (sigma == null || !sigma.isNumber()) {
                    throw new IllegalArgumentException("sigma must be a number from 0 to 10");
                }
                b.logNormalDelay(millis(n.get("medianMs"), "medianMs"), sigma.doubleValue());
            }
            default -> throw new IllegalArgumentException("must be one of " + kinds);
        }
    }

    private static void field(JsonNode json, String name, Map<String, String> problems, Consumer<JsonNode> apply) {
        JsonNode value = json.get(name);
        if (value == null || value.isNull()) {
            return;
        }
        try {
            apply.accept(value);
        } catch (IllegalArgumentException e) {
            problems.put(name, e.getMessage());
        }
    }

    private static void requireObject(JsonNode n, String shape) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("must be an object " + shape);
        }
    }

    private static double rate(JsonNode n) {
        if (n == null || !n.isNumber()) {
            throw new IllegalArgumentException("rate must be a number from 0 to 1");
        }
        return n.doubleValue();
    }

    private static int integer(JsonNode n, String name) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToInt()) {
            throw new IllegalArgumentException(name + " must be an integer: 500-599 or 429");
        }
        return n.intValue();
    }

    private static Duration millis(JsonNode n, String name) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw new IllegalArgumentException(name + " must be an integer number of milliseconds, 0 to 60000");
        }
        return Duration.ofMillis(n.longValue());
    }
}
