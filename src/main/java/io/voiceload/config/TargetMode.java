package io.voiceload.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the system under test runs ({@code target.mode}, {@code -Dloadtest.target.mode}).
 *
 * <ul>
 *   <li>{@link #EMBEDDED}: the reference platform in the test JVM, next to the load generator (the default);
 *   <li>{@link #CHILD}: the reference platform in a JVM of its own, started and stopped by the suite, on the same
 *       infrastructure and through the same Toxiproxy proxies, so that it does not share CPU and heap with the
 *       generator and its memory is its own;
 *   <li>{@link #EXTERNAL}: a deployment at {@code target.base_url} (implied by a base URL).
 * </ul>
 */
public enum TargetMode {
    EMBEDDED,
    CHILD,
    EXTERNAL;

    /** The names as written in the configuration: {@code embedded}, {@code child}, {@code external}. */
    public static final List<String> NAMES =
            Arrays.stream(values()).map(TargetMode::wireName).toList();

    /** The name as written in the configuration, e.g. {@code child}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The mode named by {@code text} (any case, surrounding blanks ignored).
     *
     * @param where e.g. {@code -Dloadtest.target.mode=kid}; starts the error message
     * @throws ConfigException naming the allowed values
     */
    static TargetMode parse(String text, String where) {
        String name = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (TargetMode mode : values()) {
            if (mode.wireName().equals(name)) {
                return mode;
            }
        }
        throw new ConfigException(
                where + ": \"" + text + "\" is not a target mode; the modes are " + String.join(", ", NAMES));
    }
}
