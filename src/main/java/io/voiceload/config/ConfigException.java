package io.voiceload.config;

import java.util.List;

/**
 * A configuration value is missing, unknown or impossible. Thrown before any load starts.
 *
 * <p>Each problem names where the value came from (file and key path, system property, environment
 * variable or annotation), the offending value and what is allowed, e.g.
 * {@code load_test_config.json: profiles.heavy.users = -5: must be a whole number >= 1}. When several
 * problems are found at once, {@link #problems()} lists them all and the message shows every one.
 *
 * <p>It carries no stack trace: the message is the whole story, and a user reading a test report should see
 * what to fix, not the framework's frames. Where it wraps a cause, the message quotes the cause's reason.
 */
public final class ConfigException extends RuntimeException {

    private final List<String> problems;

    public ConfigException(String message) {
        super(message, null, true, false);
        this.problems = List.of(message);
    }

    /** A problem whose reason {@code message} quotes from {@code cause}; the cause's own stack trace prints. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause, true, false);
        this.problems = List.of(message);
    }

    private ConfigException(List<String> problems) {
        super(problems.size() + " configuration problems:\n  - " + String.join("\n  - ", problems), null, true, false);
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
