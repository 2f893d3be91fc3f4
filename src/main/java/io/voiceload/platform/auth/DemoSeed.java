package io.voiceload.platform.auth;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the demo users and API keys of {@link AuthOptions} idempotently: only users that do not exist
 * yet are inserted (a changed or disabled demo user is left alone), in one transaction.
 *
 * <p>bcrypt is slow by design (cost 10: tens of ms per hash), and hundreds of users hashed one by one
 * would add seconds to every start. So each role's demo password is hashed once per start, and only when
 * some user of that role is missing, the roles in parallel on virtual threads; the role's missing users
 * share that hash; the default demo passwords at the default cost come {@link #PRECOMPUTED precomputed}.
 * Sharing a salt is acceptable for demo data only: users created through {@code POST /auth/users} get
 * their own salt.
 */
final class DemoSeed {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

    /**
     * bcrypt hashes (cost {@value AuthOptions#DEFAULT_BCRYPT_COST}) of the default demo passwords, made once
     * offline, so that seeding an empty table with the defaults hashes nothing (DemoSeedTest checks them).
     */
    static final Map<String, String> PRECOMPUTED = Map.of(
            "guest-demo-password", "$2a$10$J7UYxoV6RSdwfYhzSKnUFe4aZMBeegT3rsVgERpMGIKh4n8XM.eVK",
            "agent-demo-password", "$2a$10$GyYipcITkGqRLlPwkMyWxuKFGXGf3zA67390n8MBNsrj4V5sxmxny",
            "manager-demo-password", "$2a$10$Mf2fhNAZREwTnEa8j0I7d.AkWH76jKqFv9sJzC7JkpR/GfxDiZone",
            "admin-demo-password", "$2a$10$g0y7kq/P8XWDCcdALzjFEepkoH5nHlrQWlQ4zNRQeUXgcJY1pqz/i");

    private DemoSeed() {}

    /** Seeds and returns the dummy hash for {@link Passwords}. */
    static String run(AuthOptions options, Users users, ApiKeys apiKeys) throws SQLException {
        long start = System.nanoTime();
        Map<AuthOptions.DemoUsers, List<String>> missing = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        options.demoUsers().forEach(group -> {
            for (int n = 1; n <= group.count(); n++) {
                all.add(group.username(n));
            }
        });
        Set<String> existing = all.isEmpty() ? Set.of() : users.existing(all);
        for (AuthOptions.DemoUsers group : options.demoUsers()) {
            List<String> names = new ArrayList<>();
            for (int n = 1; n <= group.count(); n++) {
                if (!existing.contains(group.username(n))) {
                    names.add(group.username(n));
                }
            }
            if (!names.isEmpty()) {
                missing.put(group, names);
            }
        }
        Map<AuthOptions.DemoUsers, String> hashes = new LinkedHashMap<>();
        try (ExecutorService hashers = Executors.newVirtualThreadPerTaskExecutor()) {
            Map<AuthOptions.DemoUsers, Future<String>> running = new LinkedHashMap<>();
            missing.keySet()
                    .forEach(group ->
                            running.put(group, hashers.submit(() -> hash(options.bcryptCost(), group.password()))));
            for (Map.Entry<AuthOptions.DemoUsers, Future<String>> hash : running.entrySet()) {
                hashes.put(hash.getKey(), hash.getValue().get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while hashing demo passwords", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot hash demo passwords", e.getCause());
        }
        List<Users.User> rows = new ArrayList<>();
        missing.forEach((group, names) -> names.forEach(
                name -> rows.add(new Users.User(name, hashes.get(group), group.role(), options.demoHotelId(), false))));
        int inserted = rows.isEmpty() ? 0 : users.insert(rows);
        apiKeys.seed(options.demoApiKeys());
        // Any hash of the configured cost serves as the dummy (it only has to take as long to check):
        // one just made, else one stored, else a new one of a random password.
        String dummy = hashes.values().stream()
                .findFirst()
                .or(() -> users.anyHashOfCost(options.bcryptCost()))
                .orElseGet(() ->
                        Passwords.hash(options.bcryptCost(), UUID.randomUUID().toString()));
        LOG.info(
                "auth: {} demo users ({} inserted), {} demo API keys; seeding took {} ms",
                all.size(),
                inserted,
                options.demoApiKeys().size(),
                (System.nanoTime() - start) / 1_000_000);
        return dummy;
    }

    private static String hash(int cost, String password) {
        String known = PRECOMPUTED.get(password);
        if (known != null && cost == AuthOptions.DEFAULT_BCRYPT_COST) {
            return known;
        }
        return Passwords.hash(cost, password);
    }
}
