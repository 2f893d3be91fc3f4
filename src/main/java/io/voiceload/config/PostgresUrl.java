package io.voiceload.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The address of an existing PostgreSQL server: {@code infrastructure.postgres.url} or
 * {@code -Dloadtest.postgres.url}. Two forms are accepted:
 *
 * <pre>
 * jdbc:postgresql://host:5432/db?user=u&amp;password=p   (JDBC; further parameters such as sslmode are kept)
 * postgresql://u:p@host:5432/db                     (libpq URI; postgres:// too)
 * </pre>
 *
 * The port defaults to 5432; without a database the {@code infrastructure.postgres.database} setting
 * is used. {@link #toString()} masks the password.
 *
 * @param host host name or address
 * @param port TCP port
 * @param database database name; null when the address names none
 * @param user user name; null when the address names none (the driver then uses the OS user name)
 * @param password password; null when none is given
 * @param parameters further connection parameters (e.g. {@code sslmode}), in the order written
 */
public record PostgresUrl(
        String host, int port, String database, String user, String password, Map<String, String> parameters) {

    public static final int DEFAULT_PORT = 5432;

    static final String USAGE =
            "use jdbc:postgresql://host:5432/db?user=…&password=… or postgresql://user:password@host:5432/db";

    public PostgresUrl {
        Objects.requireNonNull(host, "host");
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters == null ? Map.of() : parameters));
    }

    /**
     * Parses an address in either form.
     *
     * @throws ConfigException naming the (masked) address and what is wrong
     */
    public static PostgresUrl of(String text) {
        return parse(text, "\"" + ServiceUrls.redact(text) + "\"");
    }

    static PostgresUrl parse(String text, String where) {
        String trimmed = text == null ? "" : text.strip();
        boolean jdbc = trimmed.regionMatches(true, 0, "jdbc:", 0, 5);
        ServiceUrls.Parts parts = ServiceUrls.parse(jdbc ? trimmed.substring(5) : trimmed, where, USAGE, DEFAULT_PORT);
        boolean schemeOk = jdbc
                ? parts.scheme().equals("postgresql")
                : parts.scheme().equals("postgresql") || parts.scheme().equals("postgres");
        if (!schemeOk) {
            throw new ConfigException(where + ": scheme \"" + (jdbc ? "jdbc:" : "") + parts.scheme()
                    + "\" is not a PostgreSQL address; " + USAGE);
        }
        String path = parts.path();
        String database = path.isEmpty() || path.equals("/") ? null : path.substring(1);
        if (database != null && database.contains("/")) {
            throw new ConfigException(
                    where + ": \"" + path + "\" is not a database name (one path segment: /db); " + USAGE);
        }
        Map<String, String> parameters = new LinkedHashMap<>(parts.query());
        String user = parts.user() != null ? parts.user() : parameters.get("user");
        String password = parts.password() != null ? parts.password() : parameters.get("password");
        parameters.remove("user");
        parameters.remove("password");
        return new PostgresUrl(parts.host(), parts.port(), database, user, password, parameters);
    }

    /** This address with another database, e.g. the configured one when the address names none. */
    public PostgresUrl withDatabase(String name) {
        return new PostgresUrl(host, port, name, user, password, parameters);
    }

    /** {@code host:port}. */
    public String hostPort() {
        return ServiceUrls.hostPort(host, port);
    }

    /**
     * A JDBC URL without user and password (give those to the driver or pool separately), with the
     * further parameters, e.g. {@code jdbc:postgresql://db:5432/app?sslmode=require}.
     */
    public String jdbcUrl() {
        String query = parameters.entrySet().stream()
                .map(e -> ServiceUrls.encode(e.getKey()) + "=" + ServiceUrls.encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return "jdbc:postgresql://" + hostPort() + "/" + (database == null ? "" : database)
                + (query.isEmpty() ? "" : "?" + query);
    }

    /** The libpq form with the password masked, e.g. {@code postgresql://app:***@db:5432/app}. */
    @Override
    public String toString() {
        String userInfo = user == null ? "" : ServiceUrls.encode(user) + (password == null ? "" : ":***") + "@";
        String query = parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return "postgresql://" + userInfo + hostPort() + "/" + (database == null ? "" : database)
                + (query.isEmpty() ? "" : "?" + query);
    }
}
