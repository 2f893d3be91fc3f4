package io.voiceload.config;

import java.net.URI;

/**
 * The system under test, from the {@code target} section.
 *
 * @param baseUrl absolute http(s) URL of a deployed platform; null = start the embedded reference
 *     platform
 * @param description free text, may be null
 */
public record Target(URI baseUrl, String description) {

    /** The embedded reference platform. */
    public static final Target EMBEDDED = new Target(null, null);

    /** True when no base URL is configured and the embedded reference platform is used. */
    public boolean isEmbedded() {
        return baseUrl == null;
    }
}
