package io.voiceload.config;

import java.util.List;

/**
 * A configuration value is missing, unknown or impossible. Thrown before any load starts.
 *
 * <p>Each problem names where the value came from (file and key path, system property, environment
 * variable or annotation), the offending value and what is allowed, e.g.
 * {@code load_test_config.json: profiles.heavy.users = -5: must be a whole number >= 1}. When several
 * problems are found at once, {@link #problems()} lists them all and the message shows every one.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String message) {
        super(message);
        this.problems = List.of(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
        this.problems = List.of(message);
    }

    private ConfigException(List<String> problems) {
        super(problems.size() + " configuration problems:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One exception for one or several problems; a single problem keeps its own message. */
    public static ConfigException of(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        return problems.size() == 1 ? new ConfigException(problems.get(0)) : new ConfigException(problems);
    }

    /** Every problem found, each a complete message. */
    public List<String> problems() {
        return problems;
    }
}
