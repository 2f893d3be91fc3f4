package io.voiceload.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Service-to-service API keys, sent as {@code X-API-Key: vk_<id>_<secret>}. Postgres keeps the id,
 * name, role and the SHA-256 of the secret, never the secret itself (shown once, at creation).
 *
 * <p>Why SHA-256 and not bcrypt: a key is checked on every request, and a slow hash there would cost
 * tens of milliseconds of CPU per call. Slow hashes exist to make guessing low-entropy passwords
 * expensive; a key secret is 256 random bits, which no offline search can enumerate, so one fast hash
 * gives the same protection for a stolen table. The comparison is constant-time.
 */
final class ApiKeys {

    static final String PREFIX = "vk_";
    static final Pattern ID = Pattern.compile("[a-z0-9]{1,32}");

    private final DataSource dataSource;
    private final SecureRandom random = new SecureRandom();

    ApiKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A created key: its header value is shown once. */
    record Created(String id, String name, Role role, Instant createdAt, String key) {}

    /** The key's principal; empty for malformed, unknown, tampered or revoked keys. */
    Optional<Principal> verify(String headerValue) throws SQLException {
        if (!headerValue.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = headerValue.substring(PREFIX.length());
        int separator = rest.indexOf('_');
        if (separator <= 0 || separator == rest.length() - 1) {
            return Optional.empty();
        }
        String id = rest.substring(0, separator);
        if (!ID.matcher(id).matches()) {
            return Optional.empty();
        }
        byte[] presented = Sessions.digest(rest.substring(separator + 1).getBytes(StandardCharsets.UTF_8));
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT role, secret_hash FROM auth_api_keys WHERE id = ? AND revoked_at IS NULL")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next() || !MessageDigest.isEqual(presented, rs.getBytes("secret_hash"))) {
                    return Optional.empty();
                }
                return Role.fromWire(rs.getString("role"))
                        .map(role -> new Principal(Principal.API_KEY, id, role, null, null));
            }
        }
    }

    Created create(String name, Role role) throws SQLException {
        byte[] idBytes = new byte[8];
        random.nextBytes(idBytes);
        String id = HexFormat.of().formatHex(idBytes);
        byte[] secretBytes = new byte[32];
        random.nextBytes(secretBytes);
        String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(secretBytes);
        Instant created = insert(id, name, role, secret, false);
        return new Created(id, name, role, created, PREFIX + id + "_" + secret);
    }

    /** Inserts the demo keys that are not there yet (a revoked demo key stays revoked). */
    void seed(List<AuthOptions.DemoApiKey> keys) throws SQLException {
        for (AuthOptions.DemoApiKey k : keys) {
            insert(k.id(), k.name(), k.role(), k.secret(), true);
        }
    }

    private Instant insert(String id, String name, Role role, String secret, boolean ifAbsent) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("INSERT INTO auth_api_keys (id, name, role, secret_hash) VALUES (?, ?, ?, ?)"
                                + (ifAbsent ? " ON CONFLICT (id) DO NOTHING" : "")
                                + " RETURNING created_at")) {
            s.setString(1, id);
            s.setString(2, name);
            s.setString(3, role.wireName());
            s.setBytes(4, Sessions.digest(secret.getBytes(StandardCharsets.UTF_8)));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getTimestamp(1).toInstant() : null;
            }
        }
    }

    /** Every key, newest first, without secrets. */
    List<Map<String, Object>> list() throws SQLException {
        List<Map<String, Object>> keys = new ArrayList<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT id, name, role, created_at, revoked_at FROM auth_api_keys ORDER BY created_at DESC, id");
                ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> key = new LinkedHashMap<>();
                key.put("id", rs.getString("id"));
                key.put("name", rs.getString("name"));
                key.put("role", rs.getString("role"));
                key.put("createdAt", rs.getTimestamp("created_at").toInstant().toString());
                Timestamp revoked = rs.getTimestamp("revoked_at");
                key.put(
                        "revokedAt",
                        revoked == null ? null : revoked.toInstant().toString());
                keys.add(key);
            }
        }
        return keys;
    }

    /** Revokes a key; false when there is no such key. Revoking twice keeps the first time. */
    boolean revoke(String id) throws SQLException {
        if (!ID.matcher(id).matches()) {
            return false;
        }
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "UPDATE auth_api_keys SET revoked_at = COALESCE(revoked_at, now()) WHERE id = ?")) {
            s.setString(1, id);
            return s.executeUpdate() == 1;
        }
    }
}
