package io.voiceload.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Connects to a Postgres once: it answers, the credentials work, and which version it runs. */
final class PostgresProbe {

    private static final int CONNECT_TIMEOUT_SECONDS = 5;

    private PostgresProbe() {}

    /**
     * The server version, e.g. {@code 18.6}.
     *
     * @throws SQLException naming the address asked when the driver's message does not (a timeout says only
     *     "The connection attempt failed.")
     */
    static String version(String jdbcUrl, String user, String password) throws SQLException {
        try {
            return ask(jdbcUrl, user, password);
        } catch (SQLException e) {
            String address = address(jdbcUrl);
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (address.isEmpty() || message.contains(address)) {
                throw e;
            }
            throw new SQLException("Postgres at " + address + ": " + message, e.getSQLState(), e);
        }
    }

    /** {@code host:port} of a {@code jdbc:postgresql://host:port/db?...} URL; empty when it has none. */
    static String address(String jdbcUrl) {
        int start = jdbcUrl.indexOf("//");
        if (start < 0) {
            return "";
        }
        int end = start + 2;
        while (end < jdbcUrl.length() && "/?".indexOf(jdbcUrl.charAt(end)) < 0) {
            end++;
        }
        return jdbcUrl.substring(start + 2, end);
    }

    private static String ask(String jdbcUrl, String user, String password) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        if (password != null) {
            props.setProperty("password", password);
        }
        props.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("loginTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        props.setProperty("socketTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS * 2));
        try (Connection c = DriverManager.getConnection(jdbcUrl, props)) {
            return version(c);
        }
    }

    static String version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW server_version")) {
            rs.next();
            String version = rs.getString(1);
            int space = version.indexOf(' ');
            return space < 0 ? version : version.substring(0, space);
        }
    }
}
