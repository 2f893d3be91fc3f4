package io.voiceload.infra;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.util.Objects;

/**
 * The tests' Toxiproxy: where it came from, its version and its HTTP API.
 *
 * @param provider where it came from
 * @param version the API's {@code /version}, e.g. {@code 2.12.0}
 * @param detail how it was provided, for reports
 * @param api the HTTP API, as this JVM reaches it
 * @param scheme {@code http} or {@code https}
 */
public record ToxiproxyEndpoint(ProviderKind provider, String version, String detail, HostPort api, String scheme) {

    public ToxiproxyEndpoint {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(api, "api");
        Objects.requireNonNull(scheme, "scheme");
    }

    /** E.g. {@code http://127.0.0.1:8474}. */
    public String url() {
        return scheme + "://" + api;
    }

    /** A new client of the API (clients are cheap and hold no connection). */
    public ToxiproxyClient client() {
        return new ToxiproxyClient(scheme, api.host(), api.port());
    }
}
