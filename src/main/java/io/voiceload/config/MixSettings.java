package io.voiceload.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the weighted parts of a category's free-form {@code settings}: an operation mix (name → weight)
 * and weighted user types with think times, e.g.
 *
 * <pre class="language-json">{@code
 * "settings": {
 *   "operation_mix": { "post_event": 40, "create_call": 25, "lookup": 15, "audio": 10, "transfer": 10 },
 *   "user_types": {
 *     "guest": { "weight": 70, "think_time": "1s..3s" },
 *     "front_desk": { "weight": 20, "think_time": "200ms..1s" }
 *   }
 * }
 * }</pre>
 *
 * Weights are relative (they need not add up to 100), each a number {@code >= 0}, at least one of them
 * {@code > 0}. Only keys {@link CategorySchema} declares for the category can be read. A configuration file
 * without the setting gets the built-in defaults' ({@link #origin}). Names are checked against the ones the test
 * defines; a name the test defines but the configuration leaves out gets weight 0. Every problem is a {@link
 * ConfigException} naming the full key ({@code load_test_config.json:
 * categories.concurrent-calls.settings.operation_mix.foo}) and what is allowed, all problems of one setting at
 * once.
 */
public final class MixSettings {

    /**
     * One configured user type.
     *
     * @param weight relative share of the virtual users, {@code >= 0}
     * @param thinkTime the pause this type takes between its iterations; {@link ThinkTime#NONE} when
     *     {@code think_time} is absent
     */
    public record UserTypeSpec(double weight, ThinkTime thinkTime) {}

    private MixSettings() {}

    /**
     * The weights at {@code categories.<category>.settings.<key>} of {@code config}, one per allowed
     * name (0 for names the configuration leaves out), in the order of {@code allowed}.
     *
     * @throws ConfigException naming the key when {@link CategorySchema} does not declare it, when it is missing
     *     (here and in the built-in defaults), not an object, names an operation outside {@code allowed}, has a
     *     weight that is not a number {@code >= 0}, or all weights are 0
     */
    public static Map<String, Double> weights(
            LoadTestConfig configured, String category, String key, Collection<String> allowed) {
        LoadTestConfig config = holder(configured, category, key);
        String where = where(config, category, key);
        JsonNode node = setting(config, category, key, where, allowed);
        Problems problems = new Problems();
        Map<String, Double> weights = new LinkedHashMap<>();
        allowed.forEach(name -> weights.put(name, 0.0));
        node.properties().forEach(e -> {
            String name = e.getKey();
            if (name.startsWith("$")) {
                return; // "$comment"
            }
            if (!weights.containsKey(name)) {
                problems.add(unknown(where + "." + name, name, allowed));
                return;
            }
            Double weight = weight(e.getValue(), where + "." + name, problems);
            if (weight != null) {
                weights.put(name, weight);
            }
        });
        problems.throwIfAny();
        requireSomePositive(where, weights, allowed);
        return Collections.unmodifiableMap(weights);
    }

    /**
     * The user types at {@code categories.<category>.settings.<key>}: each an object with {@code weight}
     * (a number {@code >= 0}) and an optional {@code think_time} ({@link ThinkTime#parse} forms). One
     * entry per allowed name, in the order of {@code allowed}; names left out get weight 0 and no pause.
     *
     * @throws ConfigException naming the key as {@link #weights} does, and for an unknown attribute of a
     *     type or an unreadable think time
     */
    public static Map<String, UserTypeSpec> userTypes(
            LoadTestConfig configured, String category, String key, Collection<String> allowed) {
        LoadTestConfig config = holder(configured, category, key);
        String where = where(config, category, key);
        JsonNode node = setting(config, category, key, where, allowed);
        Problems problems = new Problems();
        Map<String, UserTypeSpec> types = new LinkedHashMap<>();
        allowed.forEach(name -> types.put(name, new UserTypeSpec(0, ThinkTime.NONE)));
        node.properties().forEach(e -> {
            String name = e.getKey();
            String at = where + "." + name;
            if (name.startsWith("$")) {
                return; // "$comment"
            }
            if (!types.containsKey(name)) {
                problems.add(unknown(at, name, allowed));
                return;
            }
            JsonNode type = e.getValue();
            if (!type.isObject()) {
                problems.add(at + " = " + type + ": must be an object such as {\"weight\": 70, \"think_time\":"
                        + " \"1s..3s\"}");
                return;
            }
            type.fieldNames().forEachRemaining(field -> {
                if (!field.equals("weight") && !field.equals("think_time") && !field.startsWith("$")) {
                    problems.add(
                            at + "." + field + ": unknown attribute of a user type; allowed: weight," + " think_time");
                }
            });
            if (!type.has("weight")) {
                problems.add(at + ".weight: missing; a user type needs a weight (a number >= 0)");
                return;
            }
            Double weight = weight(type.get("weight"), at + ".weight", problems);
            ThinkTime think = ThinkTime.NONE;
            JsonNode thinkNode = type.get("think_time");
            if (thinkNode != null && !thinkNode.isNull()) {
                try {
                    think = ThinkTime.parse(
                            thinkNode.isTextual() ? thinkNode.asText() : thinkNode.toString(),
                            at + ".think_time = " + thinkNode);
                } catch (ConfigException ex) {
                    problems.add(ex.getMessage());
                }
            }
            if (weight != null) {
                types.put(name, new UserTypeSpec(weight, think));
            }
        });
        problems.throwIfAny();
        Map<String, Double> weights = new LinkedHashMap<>();
        types.forEach((name, type) -> weights.put(name, type.weight()));
        requireSomePositive(where, weights, allowed);
        return Collections.unmodifiableMap(types);
    }

    /** {@code load_test_config.json: categories.<category>.settings.<key>}. */
    static String where(LoadTestConfig config, String category, String key) {
        return config.label() + ": categories." + category + ".settings." + key;
    }

    /**
     * Where {@code categories.<category>.settings.<key>} is read from: {@code config}'s file, or the
     * built-in defaults when the file has no such setting (a user's own {@code -Dloadtest.config} file
     * that only changes other keys still gets the shipped mix), e.g. {@code "built-in defaults (my.json has
     * no categories.concurrent-calls.settings.operation_mix)"}.
     */
    public static String origin(LoadTestConfig config, String category, String key) {
        return has(config, category, key)
                ? config.label()
                : LoadTestConfig.BUILT_IN + " (" + config.label() + " has no categories." + category + ".settings."
                        + key + ")";
    }

    private static boolean has(LoadTestConfig config, String category, String key) {
        return config.category(category)
                .map(c -> c.settings().get(key))
                .filter(n -> !n.isNull())
                .isPresent();
    }

    /** The file that holds the setting: {@code config}, or the built-in defaults when it has none. */
    private static LoadTestConfig holder(LoadTestConfig config, String category, String key) {
        if (has(config, category, key) || config.isBuiltIn()) {
            return config;
        }
        LoadTestConfig builtIn = LoadTestConfig.builtIn();
        return has(builtIn, category, key) ? builtIn : config;
    }

    private static JsonNode setting(
            LoadTestConfig config, String category, String key, String where, Collection<String> allowed) {
        CategorySchema.requireDeclared(category, key, where);
        Category section = config.category(category)
                .orElseThrow(() -> new ConfigException(where + ": missing; " + config.label()
                        + " (" + config.source() + ") has no categories." + category + " section; add one with"
                        + " settings." + key + " naming " + names(allowed)));
        JsonNode node = section.settings().get(key);
        if (node == null || node.isNull()) {
            throw new ConfigException(where + ": missing (in " + config.source() + "); set an object of weights"
                    + " for " + names(allowed));
        }
        if (!node.isObject()) {
            throw new ConfigException(where + " = " + node + ": must be an object of weights for " + names(allowed));
        }
        return node;
    }

    private static Double weight(JsonNode value, String where, Problems problems) {
        if (!value.isNumber() || value.asDouble() < 0 || !Double.isFinite(value.asDouble())) {
            problems.add(where + " = " + value + ": must be a number >= 0 (a relative weight)");
            return null;
        }
        return value.asDouble();
    }

    private static void requireSomePositive(String where, Map<String, Double> weights, Collection<String> allowed) {
        if (weights.values().stream().noneMatch(w -> w > 0)) {
            throw new ConfigException(
                    where + ": every weight is 0; give at least one of " + names(allowed) + " a weight > 0");
        }
    }

    private static String unknown(String where, String name, Collection<String> allowed) {
        return where + ": unknown name; " + Suggestions.didYouMean(name, allowed) + "allowed: " + names(allowed);
    }

    private static String names(Collection<String> allowed) {
        return String.join(", ", new TreeSet<>(allowed));
    }
}
