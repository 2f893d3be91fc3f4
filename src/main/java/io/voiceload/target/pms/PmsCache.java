package io.voiceload.target.pms;

import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis read-through cache of PMS answers (reservations by confirmation number, guest profiles), each
 * entry a hash {@code {v: version, body}} that expires after the TTL. The version is the record's own
 * (a reservation's change sequence number, a guest's version); an entry is only ever replaced by a newer
 * one, so a slow reader cannot bring an older state back. An update leaves a tombstone {@code {v}} at
 * the new version: reads miss until a reader puts that version (or a newer one).
 *
 * <p>Redis is optional: a Redis error counts as a miss (the PMS answers instead). When an invalidation
 * fails, the key is bypassed (always a miss, never written) until a later read manages to delete it,
 * or until the TTL has passed, so a Redis outage cannot leave an updated guest's old profile cached.
 * Thread-safe.
 */
final class PmsCache {

    private static final Logger LOG = LoggerFactory.getLogger(PmsCache.class);

    // Replace when absent, older, or a tombstone of the same version.
    private static final String PUT_IF_NEWER = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if (not current) or tonumber(current) < tonumber(ARGV[1])
                or (tonumber(current) == tonumber(ARGV[1]) and redis.call('HEXISTS', KEYS[1], 'body') == 0) then
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[1], 'v', ARGV[1], 'body', ARGV[2])
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return 1
            end
            return 0
            """;

    private static final String TOMBSTONE = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if (not current) or tonumber(current) <= tonumber(ARGV[1]) then
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[1], 'v', ARGV[1])
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return 1
            end
            return 0
            """;

    private final StatefulRedisConnection<String, String> redis;
    private final Duration ttl;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /** Keys whose invalidation failed, with when (nanoTime); bypassed until deleted or a TTL later. */
    private final Map<String, Long> unsynced = new ConcurrentHashMap<>();

    PmsCache(StatefulRedisConnection<String, String> redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    static String reservationKey(String confirmationNumber) {
        return "voiceload:pms:reservation:" + confirmationNumber;
    }

    static String guestKey(String guestId) {
        return "voiceload:pms:guest:" + guestId;
    }

    /** The cached body, counted as a hit; empty (a miss) when absent, a tombstone, bypassed or Redis fails. */
    Optional<String> get(String key) {
        if (isUnsynced(key)) {
            resync(key);
            misses.increment();
            return Optional.empty();
        }
        try {
            String body = redis.sync().hget(key, "body");
            (body == null ? misses : hits).increment();
            return Optional.ofNullable(body);
        } catch (RuntimeException e) {
            errors.increment();
            misses.increment();
            LOG.debug("PMS cache read of {} failed; asking the PMS", key, e);
            return Optional.empty();
        }
    }

    /** Caches {@code body} as {@code version} unless a newer version is cached. */
    void putIfNewer(String key, long version, String body) {
        if (isUnsynced(key)) {
            return;
        }
        try {
            redis.sync()
                    .eval(
                            PUT_IF_NEWER,
                            ScriptOutputType.INTEGER,
                            new String[] {key},
                            Long.toString(version),
                            body,
                            Long.toString(ttl.toMillis()));
        } catch (RuntimeException e) {
            errors.increment();
            LOG.debug("PMS cache write of {} failed", key, e);
        }
    }

    /** After an update to {@code version}: older entries are dropped and reads miss until it is cached. */
    void invalidate(String key, long version) {
        try {
            redis.sync()
                    .eval(
                            TOMBSTONE,
                            ScriptOutputType.INTEGER,
                            new String[] {key},
                            Long.toString(version),
                            Long.toString(ttl.toMillis()));
        } catch (RuntimeException e) {
            errors.increment();
            unsynced.put(key, System.nanoTime());
            LOG.debug("PMS cache invalidation of {} failed; bypassing it until it is deleted", key, e);
        }
    }

    private boolean isUnsynced(String key) {
        Long since = unsynced.get(key);
        if (since != null && System.nanoTime() - since > ttl.toNanos()) {
            unsynced.remove(key, since); // what was cached then has expired by now
            return false;
        }
        return since != null;
    }

    private void resync(String key) {
        try {
            redis.sync().del(key);
            unsynced.remove(key);
        } catch (RuntimeException e) {
            LOG.debug("PMS cache entry {} still cannot be deleted", key, e);
        }
    }

    long hits() {
        return hits.sum();
    }

    long misses() {
        return misses.sum();
    }

    /** Redis commands that failed (each also counted as a miss when it was a read). */
    long errors() {
        return errors.sum();
    }

    Duration ttl() {
        return ttl;
    }
}
