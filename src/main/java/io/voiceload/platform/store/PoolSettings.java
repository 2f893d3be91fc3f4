package io.voiceload.platform.store;

import com.zaxxer.hikari.HikariConfig;
import java.time.Duration;

/**
 * The platform's Postgres pool timeouts: short, so that with Postgres gone or hung a request answers 503 within
 * about {@link #SOCKET_TIMEOUT} (never hangs), and so that once it is back the pool has fresh connections within
 * about {@link #CONNECTION_TIMEOUT} (HikariCP retries creating connections with a back-off capped at its
 * connection timeout, and replaces every connection that failed).
 *
 * <pre>{@code
 * HikariConfig config = new HikariConfig();
 * config.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/voiceload");
 * PoolSettings.applyTo(config);
 * }</pre>
 *
 * <ul>
 *   <li>{@link #CONNECTION_TIMEOUT} 2 s: the longest a request waits for a pooled connection;
 *   <li>{@link #VALIDATION_TIMEOUT} 1 s: the liveness check of an idle connection before it is handed out;
 *   <li>{@link #SOCKET_TIMEOUT} 3 s: the longest one read from Postgres may wait (a hung server, a black-holed
 *       link): the statement then fails with a connection error (SQL state 08006), which the platform answers
 *       as 503 and HikariCP evicts the connection;
 *   <li>{@link #CONNECT_TIMEOUT} 2 s and {@link #LOGIN_TIMEOUT} 3 s: opening a connection (TCP, then the
 *       Postgres handshake, which a hung server never finishes).
 * </ul>
 */
public final class PoolSettings {
    public static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration SOCKET_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(3);

    private PoolSettings() {}

    /** Sets the timeouts above on {@code config} (pgjdbc's as data source properties). */
    public static HikariConfig applyTo(HikariConfig config) {
        config.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        config.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        config.addDataSourceProperty("socketTimeout", Long.toString(SOCKET_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        config.addDataSourceProperty("loginTimeout", Long.toString(LOGIN_TIMEOUT.toSeconds()));
        return config;
    }
}
