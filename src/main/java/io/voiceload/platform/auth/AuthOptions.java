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
 * AuthOptions options = AuthOptions.builder()
 *         .accessTokenTtl(Duration.ofMinutes(5))
 *         .sessionTtl(Duration.ofHours(1))
 *         .build();
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
 * @param passwordHashThreads threads that check and hash passwords (bcrypt), 1-1024; default the number of
 *     processors: bcrypt is pure CPU, more threads than cores only lengthen each login
 * @param passwordHashQueue password checks that may wait for a thread, 0-100000; default
 *     {@value #DEFAULT_PASSWORD_HASH_QUEUE}; beyond it a login answers 503 with {@code Retry-After} at once
 * @param passwordHashMaxWait how long a login waits for its password check (queued and running) before it
 *     answers 503 with {@code Retry-After} instead, 1 ms-1 min; default 8 s (below a client's usual 10 s
 *     timeout)
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
        int passwordHashThreads,
        int passwordHashQueue,
        Duration passwordHashMaxWait,
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

    /** The number of processors: bcrypt is pure CPU. */
    public static final int DEFAULT_PASSWORD_HASH_THREADS =
            Math.min(1_024, Runtime.getRuntime().availableProcessors());

    /**
     * Generous, because load tests log hundreds of virtual users in at once; the wait it allows is bounded by
     * {@link #DEFAULT_PASSWORD_HASH_MAX_WAIT}.
     */
    public static final int DEFAULT_PASSWORD_HASH_QUEUE = 1_000;

    public static final Duration DEFAULT_PASSWORD_HASH_MAX_WAIT = Duration.ofSeconds(8);
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

    private static final AuthOptions DEFAULTS = new AuthOptions(
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
            DEFAULT_PASSWORD_HASH_THREADS,
            DEFAULT_PASSWORD_HASH_QUEUE,
            DEFAULT_PASSWORD_HASH_MAX_WAIT,
            DEFAULT_DEMO_HOTEL_ID,
            DEFAULT_DEMO_USERS,
            DEFAULT_DEMO_API_KEYS);

    public AuthOptions {
        checkBcryptCost(bcryptCost);
        checkJwtSecret(jwtSecret);
        requireText(issuer, "issuer");
        requireText(audience, "audience");
        checkAccessTokenTtl(accessTokenTtl);
        checkSessionTtl(sessionTtl);
        if (sessionTtl.compareTo(accessTokenTtl) < 0) {
            throw new IllegalArgumentException("sessionTtl must be at least the access token's lifetime ("
                    + accessTokenTtl + "), not " + sessionTtl);
        }
        checkClockSkew(clockSkew);
        checkLoginAttempts("loginAttemptsPerUsername", loginAttemptsPerUsername);
        checkLoginAttempts("loginAttemptsPerIp", loginAttemptsPerIp);
        checkLoginWindow(loginWindow);
        checkPasswordHashThreads(passwordHashThreads);
        checkPasswordHashQueue(passwordHashQueue);
        checkPasswordHashMaxWait(passwordHashMaxWait);
        checkDemoHotelId(demoHotelId);
        demoUsers = checkDemoUsers(demoUsers);
        demoApiKeys = checkDemoApiKeys(demoApiKeys);
    }

    /** The defaults listed on each constant; random JWT secret. */
    public static AuthOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Like the record's, with the JWT secret masked: options may be logged. */
    @Override
    public String toString() {
        return "AuthOptions[bcryptCost=" + bcryptCost + ", jwtSecret=" + (jwtSecret == null ? "random" : "***")
                + ", issuer=" + issuer + ", audience=" + audience + ", accessTokenTtl=" + accessTokenTtl
                + ", sessionTtl=" + sessionTtl + ", clockSkew=" + clockSkew + ", loginAttemptsPerUsername="
                + loginAttemptsPerUsername + ", loginAttemptsPerIp=" + loginAttemptsPerIp + ", loginWindow="
                + loginWindow + ", passwordHashThreads=" + passwordHashThreads + ", passwordHashQueue="
                + passwordHashQueue + ", passwordHashMaxWait=" + passwordHashMaxWait + ", demoHotelId=" + demoHotelId
                + ", demoUsers=" + demoUsers + ", demoApiKeys="
                + demoApiKeys.stream().map(DemoApiKey::id).toList() + "]";
    }

    private static int checkBcryptCost(int cost) {
        if (cost < MIN_BCRYPT_COST || cost > BCrypt.MAX_COST) {
            throw new IllegalArgumentException(
                    "bcryptCost must be " + MIN_BCRYPT_COST + "-" + BCrypt.MAX_COST + ", not " + cost);
        }
        return cost;
    }

    private static String checkJwtSecret(String secret) {
        if (secret != null && secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new IllegalArgumentException("jwtSecret must be at least 32 bytes (256 bits) for HS256");
        }
        return secret;
    }

    private static Duration checkAccessTokenTtl(Duration ttl) {
        return requireAtLeast(ttl, Duration.ofSeconds(1), "accessTokenTtl");
    }

    /** At least 1 s here; at least the access token's lifetime is checked when both are known. */
    private static Duration checkSessionTtl(Duration ttl) {
        return requireAtLeast(ttl, Duration.ofSeconds(1), "sessionTtl");
    }

    private static Duration checkClockSkew(Duration skew) {
        Objects.requireNonNull(skew, "clockSkew");
        if (skew.isNegative() || skew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("clockSkew must be 0-5 min, not " + skew);
        }
        return skew;
    }

    private static int checkLoginAttempts(String name, int attempts) {
        if (attempts < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + attempts);
        }
        return attempts;
    }

    private static Duration checkLoginWindow(Duration window) {
        return requireAtLeast(window, Duration.ofSeconds(1), "loginWindow");
    }

    private static int checkPasswordHashThreads(int threads) {
        if (threads < 1 || threads > 1_024) {
            throw new IllegalArgumentException("passwordHashThreads must be 1-1024, not " + threads);
        }
        return threads;
    }

    private static int checkPasswordHashQueue(int queue) {
        if (queue < 0 || queue > 100_000) {
            throw new IllegalArgumentException("passwordHashQueue must be 0-100000, not " + queue);
        }
        return queue;
    }

    private static Duration checkPasswordHashMaxWait(Duration wait) {
        requireAtLeast(wait, Duration.ofMillis(1), "passwordHashMaxWait");
        if (wait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("passwordHashMaxWait must be 1 ms-1 min, not " + wait);
        }
        return wait;
    }

    private static String checkDemoHotelId(String hotelId) {
        if (hotelId == null || !HOTEL_ID.matcher(hotelId).matches()) {
            throw new IllegalArgumentException("demoHotelId must be 1-64 of A-Z a-z 0-9 _ -, not " + hotelId);
        }
        return hotelId;
    }

    private static List<DemoUsers> checkDemoUsers(List<DemoUsers> users) {
        List<DemoUsers> copy = List.copyOf(Objects.requireNonNull(users, "demoUsers"));
        Set<String> prefixes = new HashSet<>();
        copy.forEach(u -> {
            if (!prefixes.add(u.usernamePrefix())) {
                throw new IllegalArgumentException("demoUsers: prefix " + u.usernamePrefix() + " is used twice");
            }
        });
        return copy;
    }

    private static List<DemoApiKey> checkDemoApiKeys(List<DemoApiKey> keys) {
        List<DemoApiKey> copy = List.copyOf(Objects.requireNonNull(keys, "demoApiKeys"));
        Set<String> keyIds = new HashSet<>();
        copy.forEach(k -> {
            if (!keyIds.add(k.id())) {
                throw new IllegalArgumentException("demoApiKeys: id " + k.id() + " is used twice");
            }
        });
        return copy;
    }

    private static String requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    private static Duration requireAtLeast(Duration value, Duration min, String name) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", not " + value);
        }
        return value;
    }

    /**
     * Builds {@link AuthOptions}; each setter checks its value (limits on the record's parameters), and
     * {@link #build()} checks that the session outlives the access token.
     */
    public static final class Builder {
        private int bcryptCost;
        private String jwtSecret;
        private String issuer;
        private String audience;
        private Duration accessTokenTtl;
        private Duration sessionTtl;
        private Duration clockSkew;
        private int loginAttemptsPerUsername;
        private int loginAttemptsPerIp;
        private Duration loginWindow;
        private int passwordHashThreads;
        private int passwordHashQueue;
        private Duration passwordHashMaxWait;
        private String demoHotelId;
        private List<DemoUsers> demoUsers;
        private List<DemoApiKey> demoApiKeys;

        private Builder(AuthOptions base) {
            this.bcryptCost = base.bcryptCost;
            this.jwtSecret = base.jwtSecret;
            this.issuer = base.issuer;
            this.audience = base.audience;
            this.accessTokenTtl = base.accessTokenTtl;
            this.sessionTtl = base.sessionTtl;
            this.clockSkew = base.clockSkew;
            this.loginAttemptsPerUsername = base.loginAttemptsPerUsername;
            this.loginAttemptsPerIp = base.loginAttemptsPerIp;
            this.loginWindow = base.loginWindow;
            this.passwordHashThreads = base.passwordHashThreads;
            this.passwordHashQueue = base.passwordHashQueue;
            this.passwordHashMaxWait = base.passwordHashMaxWait;
            this.demoHotelId = base.demoHotelId;
            this.demoUsers = base.demoUsers;
            this.demoApiKeys = base.demoApiKeys;
        }

        /** {@value AuthOptions#MIN_BCRYPT_COST}-31. */
        public Builder bcryptCost(int bcryptCost) {
            this.bcryptCost = checkBcryptCost(bcryptCost);
            return this;
        }

        /** At least 32 bytes (UTF-8); null: 256 random bits per start. */
        public Builder jwtSecret(String jwtSecret) {
            this.jwtSecret = checkJwtSecret(jwtSecret);
            return this;
        }

        /** Not blank. */
        public Builder issuer(String issuer) {
            this.issuer = requireText(issuer, "issuer");
            return this;
        }

        /** Not blank. */
        public Builder audience(String audience) {
            this.audience = requireText(audience, "audience");
            return this;
        }

        /** At least 1 s. */
        public Builder accessTokenTtl(Duration accessTokenTtl) {
            this.accessTokenTtl = checkAccessTokenTtl(accessTokenTtl);
            return this;
        }

        /** At least 1 s, and at least the access token's lifetime when built. */
        public Builder sessionTtl(Duration sessionTtl) {
            this.sessionTtl = checkSessionTtl(sessionTtl);
            return this;
        }

        /** 0-5 min. */
        public Builder clockSkew(Duration clockSkew) {
            this.clockSkew = checkClockSkew(clockSkew);
            return this;
        }

        /** At least 1 per {@code loginWindow}. */
        public Builder loginAttemptsPerUsername(int attempts) {
            this.loginAttemptsPerUsername = checkLoginAttempts("loginAttemptsPerUsername", attempts);
            return this;
        }

        /** At least 1 per {@code loginWindow}. */
        public Builder loginAttemptsPerIp(int attempts) {
            this.loginAttemptsPerIp = checkLoginAttempts("loginAttemptsPerIp", attempts);
            return this;
        }

        /** At least 1 s. */
        public Builder loginWindow(Duration loginWindow) {
            this.loginWindow = checkLoginWindow(loginWindow);
            return this;
        }

        /** 1-1024. */
        public Builder passwordHashThreads(int threads) {
            this.passwordHashThreads = checkPasswordHashThreads(threads);
            return this;
        }

        /** 0-100000; 0: a login that finds every thread busy answers 503 at once. */
        public Builder passwordHashQueue(int queue) {
            this.passwordHashQueue = checkPasswordHashQueue(queue);
            return this;
        }

        /** 1 ms-1 min. */
        public Builder passwordHashMaxWait(Duration wait) {
            this.passwordHashMaxWait = checkPasswordHashMaxWait(wait);
            return this;
        }

        /** 1-64 of A-Z a-z 0-9 _ -. */
        public Builder demoHotelId(String demoHotelId) {
            this.demoHotelId = checkDemoHotelId(demoHotelId);
            return this;
        }

        /** Each username prefix once; empty: no demo users. */
        public Builder demoUsers(List<DemoUsers> demoUsers) {
            this.demoUsers = checkDemoUsers(demoUsers);
            return this;
        }

        /** Each id once; empty: no demo API keys. */
        public Builder demoApiKeys(List<DemoApiKey> demoApiKeys) {
            this.demoApiKeys = checkDemoApiKeys(demoApiKeys);
            return this;
        }

        public AuthOptions build() {
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
                    passwordHashThreads,
                    passwordHashQueue,
                    passwordHashMaxWait,
                    demoHotelId,
                    demoUsers,
                    demoApiKeys);
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
