package io.voiceload.config;

import java.util.Objects;

/**
 * The address of an existing Redis server: {@code infrastructure.redis.url} or
 * {@code -Dloadtest.redis.url}, written {@code redis://[[user]:password@]host[:port][/db]} (the port
 * defaults to 6379, the database to 0). TLS ({@code rediss://}) and sockets are not supported.
 * {@link #toString()} masks the password.
 *
 * @param host host name or address
 * @param port TCP port
 * @param username ACL user name; null for the default user
 * @param password password; null when none is given
 * @param database database index, at least 0
 */
public record RedisUrl(String host, int port, String username, String password, int database) {

    public static final int DEFAULT_PORT = 6379;

    static final String USAGE =
            "use redis://host:6379, redis://:password@host:6379/0 or redis://user:password@host:6379";

    public RedisUrl {
        Objects.requireNonNull(host, "host");
        if (database < 0) {
            throw new IllegalArgumentException("database must be at least 0: " + database);
        }
    }

    /**
     * Parses an address.
     *
     * @throws ConfigException naming the (masked) address and what is wrong
     */
    public static RedisUrl of(String text) {
        return parse(text, "\"" + ServiceUrls.redact(text) + "\"");
    }

    static RedisUrl parse(String text, String where) {
        ServiceUrls.Parts parts = ServiceUrls.parse(text == null ? "" : text, where, USAGE, DEFAULT_PORT);
        if (parts.scheme().equals("rediss")) {
            throw new ConfigException(where + ": TLS (rediss://) is not supported; " + USAGE);
        }
        if (!parts.scheme().equals("redis")) {
            throw new ConfigException(where + ": scheme \"" + parts.scheme() + "\" is not a Redis address; " + USAGE);
        }
        if (!parts.query().isEmpty()) {
            throw new ConfigException(where + ": parameters (?"
                    + String.join("&", parts.query().keySet()) + ") are not supported; " + USAGE);
        }
        String path = parts.path();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            String index = path.substring(1);
            if (!index.matches("\\d{1,9}")) {
                throw new ConfigException(
                        where + ": database \"" + index + "\" must be a whole number >= 0 (the path /0); " + USAGE);
            }
            database = Integer.parseInt(index);
        }
        // Like Lettuce and redis-cli: "redis://secret@host" gives a password, not a user.
        String username = parts.password() == null ? null : parts.user();
        String password = parts.password() == null ? parts.user() : parts.password();
        password = password == null || password.isEmpty() ? null : password;
        return new RedisUrl(parts.host(), parts.port(), username, password, database);
    }

    /** {@code host:port}. */
    public String hostPort() {
        return ServiceUrls.hostPort(host, port);
    }

    /** The address with the password masked, e.g. {@code redis://:***@cache:6379/0}. */
    @Override
    public String toString() {
        String userInfo = password == null ? "" : (username == null ? "" : ServiceUrls.encode(username)) + ":***@";
        return "redis://" + userInfo + hostPort() + "/" + database;
    }
}
