package io.voiceload.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether the infrastructure (Postgres, Redis, Toxiproxy) may be started in Docker containers through
 * Testcontainers: {@code infrastructure.docker} in {@code load_test_config.json}, or
 * {@code -Dloadtest.docker} / {@code LOADTEST_DOCKER}.
 */
public enum DockerMode {
    /** Use Docker when an engine answers, else start embedded servers. The default. */
    AUTO,
    /** Never use Docker, not even ask for it: embedded servers (or configured addresses) only. */
    NEVER,
    /** Docker must be used for every server without a configured address; its absence is an error. */
    REQUIRED;

    /** The names as written in configuration. */
    public static final List<String> NAMES =
            Arrays.stream(values()).map(DockerMode::key).toList();

    /** The name as written in configuration, e.g. {@code auto}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DockerMode parse(String text, String where) {
        String name = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        for (DockerMode mode : values()) {
            if (mode.key().equals(name)) {
                return mode;
            }
        }
        throw new ConfigException(where + ": must be one of " + String.join(", ", NAMES) + "; "
                + Suggestions.didYouMean(name, NAMES)
                + "auto uses Docker when an engine answers, never does not ask, required fails without one");
    }

    @Override
    public String toString() {
        return key();
    }
}
