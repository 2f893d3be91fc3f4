package io.voiceload.junit;

import java.net.URI;
import java.util.Objects;

/**
 * Where the platform under test answers, injected by {@link WithPlatform @WithPlatform}.
 *
 * @param baseUrl the platform's base URL, without a trailing slash
 * @param embedded true when this JVM started the platform, false when it came from
 *     {@code loadtest.target.baseUrl}
 */
public record PlatformEndpoint(URI baseUrl, boolean embedded) {

    public PlatformEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** {@code baseUrl} joined with {@code path}: {@code resolve("/calls?limit=5")}. */
    public URI resolve(String path) {
        return URI.create(baseUrl + (path.startsWith("/") ? path : "/" + path));
    }
}
