package io.voiceload.infra;

import java.util.Locale;

/** A server the tests depend on. */
public enum Dependency {
    POSTGRES("Postgres"),
    REDIS("Redis"),
    TOXIPROXY("Toxiproxy");

    private final String displayName;

    Dependency(String displayName) {
        this.displayName = displayName;
    }

    /** Lower case, as configuration keys and proxy names write it: {@code postgres}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** For people: {@code Postgres}. */
    public String displayName() {
        return displayName;
    }

    /**
     * The name of the Toxiproxy proxy in front of this dependency ({@code postgres}, {@code redis}).
     *
     * @throws IllegalStateException for {@link #TOXIPROXY}, which has no proxy in front of it
     */
    public String proxyName() {
        if (this == TOXIPROXY) {
            throw new IllegalStateException(
                    "Toxiproxy has no proxy in front of it; proxies exist for POSTGRES and REDIS");
        }
        return key();
    }
}
