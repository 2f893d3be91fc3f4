package io.voiceload.target.auth;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * some user of that role is missing, on virtual threads in parallel with the dummy hash used for unknown
 * usernames; the role's missing users share that hash. Sharing a salt is acceptable for demo data only:
 * users created through {@code POST /auth/users} get their own salt.
 */
final class DemoSeed {

    private static final Logger LOG = LoggerFactory.getLogger(DemoSeed.class);

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
        String dummy;
        Map<AuthOptions.DemoUsers, String> hashes = new LinkedHashMap<>();
        try (ExecutorService hashers = Executors.newVirtualThreadPerTaskExecutor()) {
            // The dummy's password is random: it must never verify anything.
            Future<String> dummyHash = hashers.submit(() -> Passwords.hash(
                    options.bcryptCost(), java.util.UUID.randomUUID().toString()));
            Map<AuthOptions.DemoUsers, Future<String>> running = new LinkedHashMap<>();
            missing.keySet()
                    .forEach(group -> running.put(
                            group, hashers.submit(() -> Passwords.hash(options.bcryptCost(), group.password()))));
            dummy = dummyHash.get();
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
        LOG.info(
                "auth: {} demo users present, {} inserted, {} demo API keys; seeding took {} ms",
                all.size(),
                inserted,
                options.demoApiKeys().size(),
                (System.nanoTime() - start) / 1_000_000);
        return dummy;
    }
}
