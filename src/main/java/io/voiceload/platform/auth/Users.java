package io.voiceload.platform.auth;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/** The users table: username, bcrypt hash, role, hotel, disabled flag. */
final class Users {

    static final Pattern USERNAME = Pattern.compile("[a-z][a-z0-9_.-]{0,63}");

    private final DataSource dataSource;

    Users(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    record User(String username, String passwordHash, Role role, String hotelId, boolean disabled) {}

    Optional<User> find(String username) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement(
                        "SELECT username, password_hash, role, hotel_id, disabled FROM auth_users WHERE username = ?")) {
            s.setString(1, username);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Optional<Role> role = Role.fromWire(rs.getString("role"));
                return role.map(r -> {
                    try {
                        return new User(
                                rs.getString("username"),
                                rs.getString("password_hash"),
                                r,
                                rs.getString("hotel_id"),
                                rs.getBoolean("disabled"));
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        }
    }

    /** Inserts a user; false when the username is taken. */
    boolean create(User user) throws SQLException {
        return insert(List.of(user)) == 1;
    }

    /** Inserts the users whose names are free (one batch, one transaction); the number inserted. */
    int insert(Collection<User> users) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO auth_users (username, password_hash, role, hotel_id, disabled) VALUES (?, ?, ?, ?, ?)"
                            + " ON CONFLICT (username) DO NOTHING")) {
                for (User u : users) {
                    s.setString(1, u.username());
                    s.setString(2, u.passwordHash());
                    s.setString(3, u.role().wireName());
                    s.setString(4, u.hotelId());
                    s.setBoolean(5, u.disabled());
                    s.addBatch();
                }
                int inserted = 0;
                for (int n : s.executeBatch()) {
                    inserted += Math.max(n, 0);
                }
                c.commit();
                return inserted;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    /** Which of {@code usernames} exist. */
    Set<String> existing(Collection<String> usernames) throws SQLException {
        Set<String> found = new HashSet<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("SELECT username FROM auth_users WHERE username = ANY (?)")) {
            s.setArray(1, c.createArrayOf("text", usernames.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
        }
        return found;
    }

    /**
     * A stored hash of bcrypt cost {@code cost}, if any: it takes as long to verify against as any user's,
     * so it can serve as the dummy of {@link Passwords}. A database failure counts as none.
     */
    Optional<String> anyHashOfCost(int cost) {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s =
                        c.prepareStatement("SELECT password_hash FROM auth_users WHERE password_hash LIKE ? LIMIT 1")) {
            s.setString(1, String.format("$2a$%02d$%%", cost));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            return Optional.empty();
        }
    }

    /** Sets the role; false when there is no such user. */
    boolean setRole(String username, Role role) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE auth_users SET role = ? WHERE username = ?")) {
            s.setString(1, role.wireName());
            s.setString(2, username);
            return s.executeUpdate() == 1;
        }
    }

    /** Sets the disabled flag; false when there is no such user. */
    boolean setDisabled(String username, boolean disabled) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement s = c.prepareStatement("UPDATE auth_users SET disabled = ? WHERE username = ?")) {
            s.setBoolean(1, disabled);
            s.setString(2, username);
            return s.executeUpdate() == 1;
        }
    }
}
