package io.voiceload.infra;

import java.util.Locale;

/** Where a dependency came from, in the order the providers are tried. */
public enum ProviderKind {
    /** An existing server whose address is configured. */
    EXTERNAL,
    /** A Docker container started through Testcontainers. */
    TESTCONTAINERS,
    /** A server started by this JVM from binaries on the machine or on the classpath. */
    EMBEDDED;

    /** Lower case, as logs and reports write it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return key();
    }
}
