package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One JSON object of the configuration file with its key path, read key by key with validation.
 * Problems are recorded (not thrown) so that one run reports all of them; a getter then returns null.
 */
final class ConfigSection {

    /** Free text allowed in every object and ignored. */
    static final String COMMENT = "$comment";

    private final ObjectNode node;
    private final String path;
    private final String source;
    private final Problems problems;

    ConfigSection(ObjectNode node, String path, String source, Problems problems) {
        this.node = node;
        this.path = path;
        this.source = source;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    String source() {
        return source;
    }

    Problems problems() {
        return problems;
    }

    /** The key path of a key of this object, e.g. {@code profiles.heavy.users}. */
    String path(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** Message prefix naming the source, the key path and the value as written. */
    String where(String key) {
        return source + ": " + path(key) + " = " + node.get(key);
    }

    /** Records every key that is not in {@code allowed} (or {@code $comment}). */
    void allowOnly(List<String> allowed) {
        allowOnly(allowed, name -> Suggestions.didYouMean(name, allowed) + "allowed: " + String.join(", ", allowed));
    }

    /**
     * Records every key that is not in {@code allowed} (or {@code $comment}), explained by {@code explain}
     * (given the key): {@code unknown key "x" in <path>; <explanation>}.
     */
    void allowOnly(List<String> allowed, Function<String, String> explain) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String name = field.getKey();
            if (!name.equals(COMMENT) && !allowed.contains(name)) {
                problems.add(source + ": unknown key \"" + name + "\" "
                        + (path.isEmpty() ? "at top level" : "in " + path) + "; " + explain.apply(name));
            }
        }
    }

    boolean has(String key) {
        return value(key) != null;
    }

    /** The value of a key, or null when the key is absent or JSON null. */
    JsonNode value(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    /** The object's keys and values in file order. */
    Set<Map.Entry<String, JsonNode>> fields() {
        return node.properties();
    }

    Integer wholeNumber(String key, int min) {
        return number(key, (text, where) -> Values.wholeNumber(text, where, min), "must be a whole number >= " + min);
    }

    Long longNumber(String key) {
        return number(key, (text, where) -> Values.longNumber(text, where, Long.MIN_VALUE), "must be a whole number");
    }

    Long longNumber(String key, long min) {
        return number(key, (text, where) -> Values.longNumber(text, where, min), "must be a whole number >= " + min);
    }

    Double positiveNumber(String key, String what) {
        return number(key, (text, where) -> Values.positiveNumber(text, where, what), "must be a number > 0" + what);
    }

    Double nonNegativeNumber(String key, String what) {
        return number(
                key, (text, where) -> Values.nonNegativeNumber(text, where, what), "must be a number >= 0" + what);
    }

    Double fraction(String key) {
        return number(key, Values::fraction, "must be a number from 0 to 1 (a fraction: 0.01 = 1%)");
    }

    private <T> T number(String key, BiFunction<String, String, T> parse, String rule) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        String where = where(key);
        if (!v.isNumber()) {
            problems.add(where + ": " + rule);
            return null;
        }
        return problems.guard(() -> parse.apply(v.decimalValue().toPlainString(), where));
    }

    /**
     * A duration written as a string or a bare number in {@code bareNumberUnit}.
     *
     * @param positive true if zero is not allowed
     */
    Duration duration(String key, ChronoUnit bareNumberUnit, boolean positive) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        String where = where(key);
        if (!v.isNumber() && !v.isTextual()) {
            problems.add(where + ": not a duration; " + Durations.hint(bareNumberUnit));
            return null;
        }
        String text = v.isNumber() ? v.decimalValue().toPlainString() : v.textValue();
        return problems.guard(() -> positive
                ? Durations.parsePositive(text, where, bareNumberUnit)
                : Durations.parse(text, where, bareNumberUnit));
    }

    ThinkTime thinkTime(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        String text = v.isNumber() ? v.decimalValue().toPlainString() : v.isTextual() ? v.textValue() : v.toString();
        return problems.guard(() -> ThinkTime.parse(text, where(key)));
    }

    String text(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        if (!v.isTextual()) {
            problems.add(where(key) + ": must be a string");
            return null;
        }
        return v.textValue();
    }

    /** A nested object as a section, or null when absent (or not an object, which is recorded). */
    ConfigSection object(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        if (!v.isObject()) {
            problems.add(where(key) + ": must be a JSON object { ... }");
            return null;
        }
        return new ConfigSection((ObjectNode) v, path(key), source, problems);
    }

    /** {@code [{"target": <rate>, "duration": <duration>}, ...]}, not empty. */
    List<Stage> stages(String key) {
        JsonNode v = value(key);
        if (v == null) {
            return null;
        }
        String rule = ": must be a non-empty array of {\"target\": <arrivals per second>, \"duration\": <duration>}";
        if (!v.isArray() || v.isEmpty()) {
            problems.add(where(key) + rule);
            return null;
        }
        List<Stage> stages = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode element = v.get(i);
            String elementPath = path(key) + "[" + i + "]";
            if (!element.isObject()) {
                problems.add(source + ": " + elementPath + " = " + element + rule);
                continue;
            }
            ConfigSection stage = new ConfigSection((ObjectNode) element, elementPath, source, problems);
            stage.allowOnly(List.of("target", "duration"));
            Double target = stage.nonNegativeNumber("target", " (arrivals per second)");
            Duration duration = stage.duration("duration", ChronoUnit.SECONDS, true);
            for (String required : List.of("target", "duration")) {
                if (!stage.has(required)) {
                    problems.add(
                            source + ": " + stage.path(required) + ": missing; every stage needs target and duration");
                }
            }
            if (target != null && duration != null) {
                stages.add(new Stage(target, duration));
            }
        }
        return stages.size() == v.size() ? stages : null;
    }
}
