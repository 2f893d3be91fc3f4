package io.voiceload.config;

import java.util.Objects;

/**
 * The HTTP API of an existing Toxiproxy server: {@code infrastructure.toxiproxy.url} or
 * {@code -Dloadtest.toxiproxy.url}, written {@code http://host:8474} (the port defaults to 8474).
 *
 * @param scheme {@code http} or {@code https}
 * @param host host name or address
 * @param port TCP port of the API
 */
public record ToxiproxyUrl(String scheme, String host, int port) {

    public static final int DEFAULT_PORT = 8474;

    static final String USAGE = "use http://host:8474";

    public ToxiproxyUrl {
        Objects.requireNonNull(scheme, "scheme");
        Objects.requireNonNull(host, "host");
    }

    /**
     * Parses an address.
     *
     * @throws ConfigException naming the address and what is wrong
     */
    public static ToxiproxyUrl of(String text) {
        return parse(text, "\"" + ServiceUrls.redact(text) + "\"");
    }

    static ToxiproxyUrl parse(String text, String where) {
        ServiceUrls.Parts parts = ServiceUrls.parse(text == null ? "" : text, where, USAGE, DEFAULT_PORT);
        if (!parts.scheme().equals("http") && !parts.scheme().equals("https")) {
            throw new ConfigException(
                    where + ": scheme \"" + parts.scheme() + "\" is not a Toxiproxy API address (http); " + USAGE);
        }
        if (parts.user() != null || parts.password() != null) {
            throw new ConfigException(where + ": Toxiproxy's API takes no user or password; " + USAGE);
        }
        if (!(parts.path().isEmpty() || parts.path().equals("/"))
                || !parts.query().isEmpty()) {
            throw new ConfigException(where + ": the API is at the root: give no path or parameters; " + USAGE);
        }
        return new ToxiproxyUrl(parts.scheme(), parts.host(), parts.port());
    }

    /** {@code host:port}. */
    public String hostPort() {
        return ServiceUrls.hostPort(host, port);
    }

    /** E.g. {@code http://toxiproxy:8474}. */
    @Override
    public String toString() {
        return scheme + "://" + hostPort();
    }
}
