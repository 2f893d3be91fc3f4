package io.voiceload.platform.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Options of the platform's auth module.
 *
 * <pre>{@code
 * AuthOptions options = AuthOptions.defaults().withTtls(Duration.ofMinutes(5), Duration.ofHours(8));
 * }</pre>
 *
 * @param bcryptCost bcrypt work factor of password hashes, {@value #MIN_BCRYPT_COST}-31 (each step doubles
 *     the time); default {@value #DEFAULT_BCRYPT_COST}
 * @param jwtSecret HS256 key of access tokens, at least 32 bytes (UTF-8); null: 256 random bits per start,
 *     so tokens do not survive a restart and two platforms never accept each other's tokens
 * @param issuer the {@code iss} claim issued and required
 * @param audience the {@code aud} claim issued and required
 * @param accessTokenTtl lifetime of an access token (JWT), at least 1 s
 * @param sessionTtl lifetime of a session and its refresh token in Redis, renewed by each refresh; at least
 *     the access token's
 * @param clockSkew tolerance on {@code exp}/{@code iat}, 0-5 min
 * @param loginAttemptsPerUsername login attempts allowed per username and {@code loginWindow}
 * @param loginAttemptsPerIp login attempts allowed per client IP and {@code loginWindow}
 * @param loginWindow the fixed window of the login limits, at least 1 s
 * @param demoHotelId hotel id of the seeded demo users
 * @param demoUsers demo users seeded at start (see {@link DemoUsers})
 * @param demoApiKeys demo API keys seeded at start
 */
public record AuthOptions(
        int bcryptCost,
        String jwtSecret,
        String issuer,
        String audience,
        Duration accessTokenTtl,
        Duration sessionTtl,
        Duration clockSkew,
        int loginAttemptsPerUsername,
        int loginAttemptsPerIp,
        Duration loginWindow,
        String demoHotelId,
        List<DemoUsers> demoUsers,
        List<DemoApiKey> demoApiKeys) {

    public static final int MIN_BCRYPT_COST = BCrypt.MIN_COST;
    public static final int DEFAULT_BCRYPT_COST = 10;
    public static final String DEFAULT_ISSUER = "voiceload-platform";
    public static final String DEFAULT_AUDIENCE = "voiceload-api";
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(15);
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);
    public static final int DEFAULT_LOGIN_ATTEMPTS_PER_USERNAME = 20;
    /** High because load tests log hundreds of users in from one loopback address. */
    public static final int DEFAULT_LOGIN_ATTEMPTS_PER_IP = 5_000;

    public static final Duration DEFAULT_LOGIN_WINDOW = Duration.ofMinutes(1);
    public static final String DEFAULT_DEMO_HOTEL_ID = "hotel-demo";

    /**
     * The demo users: {@code guest-0001…guest-0200}, {@code agent-0001…agent-0050},
     * {@code manager-0001…manager-0010}, {@code admin-0001…admin-0002}, with one documented password per
     * role. Demo data only: never use these passwords on a reachable deployment.
     */
    public static final List<DemoUsers> DEFAULT_DEMO_USERS = List.of(
            new DemoUsers(Role.GUEST, "guest-", 200, "guest-demo-password"),
            new DemoUsers(Role.FRONT_DESK, "agent-", 50, "agent-demo-password"),
            new DemoUsers(Role.MANAGER, "manager-", 10, "manager-demo-password"),
            new DemoUsers(Role.ADMIN, "admin-", 2, "admin-demo-password"));

    /** The demo service key {@code vk_demo0001_demo-service-secret-0001-not-for-production}, role front desk. */
    public static final List<DemoApiKey> DEFAULT_DEMO_API_KEYS = List.of(
            new DemoApiKey("demo0001", "demo-service", Role.FRONT_DESK, "demo-service-secret-0001-not-for-production"));

    private static final Pattern HOTEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public AuthOptions {
        if (bcryptCost < MIN_BCRYPT_COST || bcryptCost > BCrypt.MAX_COST) {
            throw new IllegalArgumentException(
                    "bcryptCost must be " + MIN_BCRYPT_COST + "-" + BCrypt.MAX_COST + ", not " + bcryptCost);
        }
        if (jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("jwtSecret must be at least 32 bytes (256 bits) for HS256");
        }
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        requireAtLeast(accessTokenTtl, Duration.ofSeconds(1), "accessTokenTtl");
        requireAtLeast(sessionTtl, accessTokenTtl, "sessionTtl (the access token's lifetime)");
        Objects.requireNonNull(clockSkew, "clockSkew");
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkew must be 0-5 min, not " + clockSkew);
        }
        if (loginAttemptsPerUsername < 1 || loginAttemptsPerIp < 1) {
            throw new IllegalArgumentException("login attempt limits must be at least 1, not "
                    + loginAttemptsPerUsername + " per username and " + loginAttemptsPerIp + " per IP");
        }
        requireAtLeast(loginWindow, Duration.ofSeconds(1), "loginWindow");
        if (demoHotelId == null || !HOTEL_ID.matcher(demoHotelId).matches()) {
            throw new IllegalArgumentException("demoHotelId must be 1-64 of A-Z a-z 0-9 _ -, not " + demoHotelId);
        }
        demoUsers = List.copyOf(demoUsers);
        demoApiKeys = List.copyOf(demoApiKeys);
        Set<String> prefixes = new HashSet<>();
        demoUsers.forEach(u -> {
            if (!prefixes.add(u.usernamePrefix())) {
                throw new IllegalArgumentException("demoUsers: prefix " + u.usernamePrefix() + " is used twice");
            }
        });
        Set<String> keyIds = new HashSet<>();
        demoApiKeys.forEach(k -> {
            if (!keyIds.add(k.id())) {
                throw new IllegalArgumentException("demoApiKeys: id " + k.id() + " is used twice");
            }
        });
    }

    /** The defaults listed on each constant; random JWT secret. */
    public static AuthOptions defaults() {
        return new AuthOptions(
                DEFAULT_BCRYPT_COST,
                null,
                DEFAULT_ISSUER,
                DEFAULT_AUDIENCE,
                DEFAULT_ACCESS_TOKEN_TTL,
                DEFAULT_SESSION_TTL,
                DEFAULT_CLOCK_SKEW,
                DEFAULT_LOGIN_ATTEMPTS_PER_USERNAME,
                DEFAULT_LOGIN_ATTEMPTS_PER_IP,
                DEFAULT_LOGIN_WINDOW,
                DEFAULT_DEMO_HOTEL_ID,
                DEFAULT_DEMO_USERS,
                DEFAULT_DEMO_API_KEYS);
    }

    public AuthOptions withBcryptCost(int cost) {
        return new AuthOptions(
                cost,
                jwtSecret,
                issuer,
                audience,
                accessTokenTtl,
                sessionTtl,
                clockSkew,
                loginAttemptsPerUsername,
                loginAttemptsPerIp,
                loginWindow,
                demoHotelId,
                demoUsers,
                demoApiKeys);
    }

    public AuthOptions withJwtSecret(String secret) {
        return new AuthOptions(
                bcryptCost,
                secret,
                issuer,
                audience,
                accessTokenTtl,
                sessionTtl,
                clockSkew,
                loginAttemptsPerUsername,
                loginAttemptsPerIp,
                loginWindow,
                demoHotelId,
                demoUsers,
                demoApiKeys);
    }

    /** Access token and session lifetimes. */
    public AuthOptions withTtls(Duration accessToken, Duration session) {
        return new AuthOptions(
                bcryptCost,
                jwtSecret,
                issuer,
                audience,
                accessToken,
                session,
                clockSkew,
                loginAttemptsPerUsername,
                loginAttemptsPerIp,
                loginWindow,
                demoHotelId,
                demoUsers,
                demoApiKeys);
    }

    public AuthOptions withClockSkew(Duration skew) {
        return new AuthOptions(
                bcryptCost,
                jwtSecret,
                issuer,
                audience,
                accessTokenTtl,
                sessionTtl,
                skew,
                loginAttemptsPerUsername,
                loginAttemptsPerIp,
                loginWindow,
                demoHotelId,
                demoUsers,
                demoApiKeys);
    }

    /** Login attempts allowed per username and per client IP in each {@code window}. */
    public AuthOptions withLoginLimits(int perUsername, int perIp, Duration window) {
        return new AuthOptions(
                bcryptCost,
                jwtSecret,
                issuer,
                audience,
                accessTokenTtl,
                sessionTtl,
                clockSkew,
                perUsername,
                perIp,
                window,
                demoHotelId,
                demoUsers,
                demoApiKeys);
    }

    public AuthOptions withDemoUsers(List<DemoUsers> users) {
        return new AuthOptions(
                bcryptCost,
                jwtSecret,
                issuer,
                audience,
                accessTokenTtl,
                sessionTtl,
                clockSkew,
                loginAttemptsPerUsername,
                loginAttemptsPerIp,
                loginWindow,
                demoHotelId,
                users,
                demoApiKeys);
    }

    /** Like the record's, with the JWT secret masked: options may be logged. */
    @Override
    public String toString() {
        return "AuthOptions[bcryptCost=" + bcryptCost + ", jwtSecret=" + (jwtSecret == null ? "random" : "***")
                + ", issuer=" + issuer + ", audience=" + audience + ", accessTokenTtl=" + accessTokenTtl
                + ", sessionTtl=" + sessionTtl + ", clockSkew=" + clockSkew + ", loginAttemptsPerUsername="
                + loginAttemptsPerUsername + ", loginAttemptsPerIp=" + loginAttemptsPerIp + ", loginWindow="
                + loginWindow + ", demoHotelId=" + demoHotelId + ", demoUsers=" + demoUsers + ", demoApiKeys="
                + demoApiKeys.stream().map(DemoApiKey::id).toList() + "]";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requireAtLeast(Duration value, Duration min, String name) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
    }

    /**
     * Demo users of one role, seeded at start: {@code <usernamePrefix>0001} to
     * {@code <usernamePrefix><count>} (numbers padded to four digits), all with {@code password}.
     *
     * @param count 0-9999
     */
    public record DemoUsers(Role role, String usernamePrefix, int count, String password) {

        private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9_.-]{0,59}");

        public DemoUsers {
            Objects.requireNonNull(role, "role");
            if (role == Role.ANYONE) {
                throw new IllegalArgumentException("demo users need a real role, not ANYONE");
            }
            if (usernamePrefix == null || !PREFIX.matcher(usernamePrefix).matches()) {
                throw new IllegalArgumentException(
                        "usernamePrefix must match " + PREFIX.pattern() + ", not " + usernamePrefix);
            }
            if (count < 0 || count > 9_999) {
                throw new IllegalArgumentException("count must be 0-9999, not " + count);
            }
            if (password == null || password.length() < 8 || password.getBytes(StandardCharsets.UTF_8).length > 72) {
                throw new IllegalArgumentException("password must be 8-72 bytes (bcrypt's limit)");
            }
        }

        /** The username of demo user {@code number} (1-based): {@code guest-0007}. */
        public String username(int number) {
            return usernamePrefix + String.format("%04d", number);
        }
    }

    /**
     * A demo API key, seeded at start: its header value is {@code vk_<id>_<secret>}.
     *
     * @param id 1-32 of a-z 0-9 (no underscore: it separates the id from the secret)
     * @param secret at least 32 characters
     */
    public record DemoApiKey(String id, String name, Role role, String secret) {

        public DemoApiKey {
            if (id == null || !ApiKeys.ID.matcher(id).matches()) {
                throw new IllegalArgumentException("id must be 1-32 of a-z 0-9, not " + id);
            }
            requireText(name, "name");
            Objects.requireNonNull(role, "role");
            if (role == Role.ANYONE) {
                throw new IllegalArgumentException("an API key needs a real role, not ANYONE");
            }
            if (secret == null || secret.length() < 32) {
                throw new IllegalArgumentException("secret must be at least 32 characters");
            }
        }

        /** The {@code X-API-Key} header value. */
        public String headerValue() {
            return ApiKeys.PREFIX + id + "_" + secret;
        }
    }
}
