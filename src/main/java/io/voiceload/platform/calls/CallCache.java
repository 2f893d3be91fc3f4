package io.voiceload.platform.calls;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis read cache of {@code GET /calls/{id}} bodies, versioned by the call's last event sequence.
 * Writers put the new body after their commit, readers put what they read on a miss, and a Lua script
 * only ever replaces an entry with a higher version, so a slow reader can never bring back an older
 * state. When a put fails (Redis unreachable), the call is remembered as unsynced: its cache entry is
 * bypassed and no longer written until a later read manages to delete it, so an outage cannot leave an
 * old state cached after Redis comes back. Entries expire after {@link #TTL}, the bound on staleness in
 * the remaining narrow race (a reader that read the database before a failed write puts its older state
 * after the entry was deleted). Redis is optional here: any Redis error counts as a miss and is logged
 * at debug; the database stays the source of truth.
 */
public final class CallCache {

    public static final Duration TTL = Duration.ofSeconds(30);

    private static final Logger LOG = LoggerFactory.getLogger(CallCache.class);

    private static final String PUT_IF_NEWER = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if (not current) or tonumber(current) < tonumber(ARGV[1]) then
              redis.call('HSET', KEYS[1], 'v', ARGV[1], 'body', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return 1
            end
            return 0
            """;

    private final StatefulRedisConnection<String, String> redis;
    /** Calls whose entry may be stale, with when (nanoTime) that became so; after {@link #TTL} it has expired. */
    private final Map<UUID, Long> unsynced = new ConcurrentHashMap<>();

    private final AtomicLong lastPurge = new AtomicLong(System.nanoTime());

    /** Fails requests on a Redis error instead: the planted bug {@link CallFaults#failOnCacheError()}. */
    private final boolean failOnError;

    public CallCache(StatefulRedisConnection<String, String> redis) {
        this(redis, false);
    }

    /** A cache that fails on a Redis error when {@code failOnError} (test only; see {@link CallFaults}). */
    public CallCache(StatefulRedisConnection<String, String> redis, boolean failOnError) {
        this.redis = redis;
        this.failOnError = failOnError;
    }

    /**
     * The planted bug: a Redis error escapes as a failure of the platform's own (no cause that names Redis, so
     * the answer is a 500 rather than the 503 of an unavailable dependency).
     */
    private void failIfPlanted(RuntimeException e) {
        if (failOnError) {
            throw new PlantedFailure("call cache failed (test fault failOnCacheError): " + e.getMessage());
        }
    }

    /**
     * The planted bug's failure: it answers 500 like any unexpected error, but carries no stack trace, so that the
     * tests that plant it on purpose do not fill the build's output with stacks of a failure they asked for.
     */
    static final class PlantedFailure extends RuntimeException {
        PlantedFailure(String message) {
            super(message, null, false, false);
        }
    }

    public Optional<String> get(UUID id) {
        if (isUnsynced(id)) {
            resync(id);
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(redis.sync().hget(key(id), "body"));
        } catch (RuntimeException e) {
            failIfPlanted(e);
            LOG.debug("cache read of call {} failed; reading the database", id, e);
            return Optional.empty();
        }
    }

    /** Stores {@code body} as version {@code version} unless a newer version is cached. */
    public void putIfNewer(UUID id, int version, String body) {
        if (isUnsynced(id)) {
            return;
        }
        try {
            redis.sync()
                    .eval(
                            PUT_IF_NEWER,
                            ScriptOutputType.INTEGER,
                            new String[] {key(id)},
                            Integer.toString(version),
                            body,
                            Long.toString(TTL.toMillis()));
        } catch (RuntimeException e) {
            failIfPlanted(e);
            markUnsynced(id);
            LOG.debug("cache write of call {} failed; bypassing its entry until it is deleted", id, e);
        }
    }

    private boolean isUnsynced(UUID id) {
        Long since = unsynced.get(id);
        if (since != null && System.nanoTime() - since > TTL.toNanos()) {
            unsynced.remove(id, since); // whatever was cached then has expired by now
            return false;
        }
        return since != null;
    }

    private void markUnsynced(UUID id) {
        long now = System.nanoTime();
        unsynced.put(id, now);
        long last = lastPurge.get();
        // In a long outage, forget (at most once a second) entries whose cached state has expired anyway.
        if (now - last > 1_000_000_000L && lastPurge.compareAndSet(last, now)) {
            unsynced.values().removeIf(since -> now - since > TTL.toNanos());
        }
    }

    private void resync(UUID id) {
        try {
            redis.sync().del(key(id));
            unsynced.remove(id);
        } catch (RuntimeException e) {
            LOG.debug("cache entry of call {} still cannot be deleted", id, e);
        }
    }

    static String key(UUID id) {
        return "voiceload:call:" + id;
    }
}
