package io.voiceload.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The schema of the {@code categories} section: the categories a configuration may have a section for (the JUnit
 * tags of their tests) and, for each, the keys of its {@code settings} that its tests read. A key not declared
 * here is an error when the file is read, with a did-you-mean, like any other unknown key
 * ({@code categories.concurrent-calls.settings.operation_mx} fails naming {@code operation_mix}); and reading a
 * key that is not declared ({@link MixSettings}) is an error too, so the declaration and the tests that read the
 * settings cannot drift apart.
 *
 * <p>To give a category a setting: declare it here with a comment on what it holds, read it in the category's
 * tests (e.g. {@code Mix.fromSettings(category, key, options)}), and give it a value and a {@code $comment} in the
 * shipped {@code load_test_config.json}. A category whose tests read no settings declares none: a
 * {@code settings} section for it is an error, not a setting that quietly does nothing.
 */
public final class CategorySchema {

    private static final Map<String, List<String>> SETTINGS = declare();

    private CategorySchema() {}

    private static Map<String, List<String>> declare() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(
                "concurrent-calls",
                List.of(
                        // Relative weights of the operations the mixed-operations test draws (Mix.fromSettings).
                        "operation_mix",
                        // Weighted virtual-user types and their think times (UserTypes.fromSettings).
                        "user_types"));
        m.put(
                "pms-connector",
                List.of(
                        // Who looks reservations up how, and where; the bulk sync's dataset; the cache's skew and
                        // hit-ratio target (PmsConnectorSettings).
                        PmsConnectorSettings.LOOKUP_MIX,
                        PmsConnectorSettings.HOTEL_MIX,
                        PmsConnectorSettings.BULK_RESERVATIONS,
                        PmsConnectorSettings.ZIPF_EXPONENT,
                        PmsConnectorSettings.CACHE_HIT_RATIO));
        m.put("auth-system", List.of());
        m.put(
                "memory",
                List.of(
                        // The limits of every test that records the target's memory (MemorySettings).
                        MemorySettings.GC_PAUSE_P99, MemorySettings.GC_CPU_SHARE, MemorySettings.LEAK));
        m.put("database-redis", List.of());
        m.put("network-failure", List.of());
        return Collections.unmodifiableMap(m);
    }

    /** The categories, in the order the configuration lists them. */
    public static List<String> categories() {
        return List.copyOf(SETTINGS.keySet());
    }

    /** The keys of the settings a category's tests read; empty for a category that reads none or is unknown. */
    public static List<String> settingKeys(String category) {
        return SETTINGS.getOrDefault(category, List.of());
    }

    /**
     * Fails unless {@code category} declares the setting {@code key}: a test reading a key nobody declared
     * would read a value the file may not set.
     *
     * @param where names the key in the message, e.g. {@code load_test_config.json:
     *     categories.concurrent-calls.settings.other_mix}
     * @throws ConfigException naming the declared keys
     */
    static void requireDeclared(String category, String key, String where) {
        if (!SETTINGS.containsKey(category)) {
            throw new ConfigException(where + ": unknown category \"" + category + "\"; "
                    + Suggestions.didYouMean(category, SETTINGS.keySet()) + "categories: "
                    + String.join(", ", SETTINGS.keySet()));
        }
        if (!settingKeys(category).contains(key)) {
            List<String> declared = settingKeys(category);
            throw new ConfigException(where + ": not a declared setting of category " + category + "; "
                    + Suggestions.didYouMean(key, declared) + "declared: "
                    + (declared.isEmpty() ? "none" : String.join(", ", declared))
                    + " (declare a new setting in " + CategorySchema.class.getName() + ")");
        }
    }

    /**
     * The explanation after {@code unknown key "<key>" in categories.<category>.settings; } for a key the
     * category does not declare: the did-you-mean and the declared keys, or that it reads none.
     */
    static String allowedSettings(String category, String key) {
        List<String> declared = settingKeys(category);
        if (declared.isEmpty()) {
            return "the tests of " + category + " read no settings: remove it (or the whole settings section)";
        }
        return Suggestions.didYouMean(key, declared) + "allowed: " + String.join(", ", declared);
    }
}
