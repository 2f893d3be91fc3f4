package io.voiceload.infra;

import java.util.Objects;

/**
 * A Toxiproxy some provider started or found.
 *
 * @param api the HTTP API as this JVM reaches it
 * @param layout where its proxies listen and how they are reached
 * @param stop stops it; does nothing for an external server
 */
record StartedToxiproxy(
        ProviderKind kind,
        String version,
        String detail,
        HostPort api,
        String scheme,
        ProxyLayout layout,
        AutoCloseable stop) {

    StartedToxiproxy {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(stop, "stop");
    }

    ToxiproxyEndpoint endpoint() {
        return new ToxiproxyEndpoint(kind, version, detail, api, scheme);
    }
}
