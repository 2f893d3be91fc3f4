package io.voiceload.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The credentials the suite uses against the target, from {@code target.credentials}: per role, a
 * pool of users (virtual user {@code i} logs in as user {@code i % count + 1}) and a service API key.
 * When the section is absent, the embedded platform's seeded demo data ({@link #DEMO}).
 *
 * @param users per role wire name ({@code guest}, {@code front_desk}, {@code manager}, {@code admin});
 *     a role that is absent has no users
 * @param apiKey the {@code X-API-Key} value for service-to-service calls; null when none
 */
public record TargetCredentials(Map<String, UserPool> users, String apiKey) {

    /** The roles a pool may be given for, by wire name. */
    public static final List<String> ROLES = List.of("guest", "front_desk", "manager", "admin");

    /** {@code vk_<id>_<secret>}: id of a-z 0-9, a secret of at least 16 characters. */
    static final Pattern API_KEY = Pattern.compile("vk_[a-z0-9]{1,32}_.{16,}");

    /**
     * The demo users and API key the reference platform seeds (see its {@code AuthOptions}): passwords
     * that are public, for the embedded platform only.
     */
    public static final TargetCredentials DEMO = new TargetCredentials(
            orderedMap(
                    "guest", new UserPool("guest-%04d", 200, "guest-demo-password"),
                    "front_desk", new UserPool("agent-%04d", 50, "agent-demo-password"),
                    "manager", new UserPool("manager-%04d", 10, "manager-demo-password"),
                    "admin", new UserPool("admin-%04d", 2, "admin-demo-password")),
            "vk_demo0001_demo-service-secret-0001-not-for-production");

    public TargetCredentials {
        users = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(users));
        users.keySet().forEach(role -> {
            if (!ROLES.contains(role)) {
                throw new IllegalArgumentException("unknown role " + role + "; allowed: " + ROLES);
            }
        });
    }

    /** The pool of {@code role} (wire name), if configured. */
    public Optional<UserPool> pool(String role) {
        return Optional.ofNullable(users.get(role));
    }

    /** The service API key, if configured. */
    public Optional<String> serviceApiKey() {
        return Optional.ofNullable(apiKey);
    }

    /**
     * Users {@code 1..count} named by {@code usernamePattern} (one {@code %d}, e.g. {@code guest-%04d}),
     * all with {@code password}.
     */
    public record UserPool(String usernamePattern, int count, String password) {

        /** One {@code %d} conversion, optionally zero-padded to a width, and no other conversion. */
        static final Pattern USERNAME_PATTERN = Pattern.compile("[^%]*%(0[1-9])?d[^%]*");

        public UserPool {
            if (usernamePattern == null
                    || !USERNAME_PATTERN.matcher(usernamePattern).matches()) {
                throw new IllegalArgumentException(
                        "usernamePattern must hold exactly one %d (e.g. guest-%04d), not " + usernamePattern);
            }
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, not " + count);
            }
            Objects.requireNonNull(password, "password");
            if (password.isEmpty()) {
                throw new IllegalArgumentException("password must not be empty");
            }
        }

        /** The username of user {@code number} (1-based). */
        public String username(int number) {
            if (number < 1 || number > count) {
                throw new IllegalArgumentException("user number must be 1-" + count + ", not " + number);
            }
            return String.format(usernamePattern, number);
        }

        /** The user a virtual user logs in as: {@code virtualUserId % count + 1}. */
        public String usernameFor(int virtualUserId) {
            return username(Math.floorMod(virtualUserId, count) + 1);
        }

        @Override
        public String toString() {
            return "UserPool[" + usernamePattern + " x " + count + ", password ***]";
        }
    }

    @Override
    public String toString() {
        return "TargetCredentials[" + users.values() + (apiKey == null ? "" : ", apiKey ***") + "]";
    }

    private static Map<String, UserPool> orderedMap(Object... entries) {
        Map<String, UserPool> map = new LinkedHashMap<>();
        for (int i = 0; i < entries.length; i += 2) {
            map.put((String) entries[i], (UserPool) entries[i + 1]);
        }
        return map;
    }
}
