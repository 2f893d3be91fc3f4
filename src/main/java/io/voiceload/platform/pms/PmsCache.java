package io.voiceload.platform.pms;

import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis read-through cache of PMS answers (reservations by confirmation number, guest profiles), each
 * entry a hash {@code {v: version, body, fresh: epoch ms, at: epoch ms}}: fetched from the PMS {@code at},
 * fresh until {@code fresh} (the TTL later), then kept (as a miss) for the stale-if-error time, during
 * which it may still be served when the PMS cannot answer. Redis drops the entry TTL + stale-if-error after
 * it was fetched, and a lookup never returns a stale body older than that either. The version
 * is the record's own (a reservation's change sequence number, a guest's version); an entry is only ever
 * replaced by the same or a newer version, so a slow reader cannot bring an older state back. An update
 * leaves a tombstone {@code {v}} at the new version (no body, so nothing stale either): reads miss until
 * a reader puts that version (or a newer one).
 *
 * <p>Redis is optional: a Redis error counts as a miss (the PMS answers instead). When an invalidation
 * fails, the key is bypassed (always a miss, never written, never served stale) until a later read manages
 * to delete it, or until TTL + stale-if-error have passed (when every entry from before the update is past
 * serving), so a Redis outage cannot leave an updated guest's old profile cached, fresh or stale.
 * Thread-safe.
 */
final class PmsCache {

    private static final Logger LOG = LoggerFactory.getLogger(PmsCache.class);

    // Replace when absent or not newer (the same version: the same state, freshened; or its tombstone).
    private static final String PUT_IF_NOT_OLDER = """
            local current = redis.call('HGET', KEYS[1], 'v')
            if (not current) or tonumber(current) <= tonumber(ARGV[1]) then
              redis.call('DEL', KEYS[1])
              redis.call('HSET', KEYS[1], 'v', ARGV[1], 'body', ARGV[2], 'fresh', ARGV[3], 'at', ARGV[5])
              redis.call('PEXPIRE', KEYS[1], ARGV[4])
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
    private final Duration staleIfError;
    private final LongAdder staleServed = new LongAdder();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder errors = new LongAdder();
    /**
     * Keys whose invalidation failed, with when (nanoTime); bypassed until deleted or TTL + stale-if-error later
     * (until then, the entry from before the write could still be served as stale during a PMS outage).
     */
    private final Map<String, Long> unsynced = new ConcurrentHashMap<>();

    /**
     * What the cache holds for a key: a fresh body (a hit), else perhaps a stale one (a miss); with the
     * record's version and when it was fetched from the PMS (epoch ms), when there is a body.
     */
    record Lookup(String fresh, String stale, long version, long fetchedAtMs) {
        static final Lookup NONE = new Lookup(null, null, 0, 0);

        /** Whole seconds since the body was fetched from the PMS, never negative (the {@code Age} header). */
        long ageSeconds(long nowMs) {
            return Math.max(0, nowMs - fetchedAtMs) / 1_000;
        }

        /** Milliseconds since the body was fetched from the PMS, never negative. */
        long ageMs(long nowMs) {
            return Math.max(0, nowMs - fetchedAtMs);
        }
    }

    PmsCache(StatefulRedisConnection<String, String> redis, Duration ttl, Duration staleIfError) {
        this.redis = redis;
        this.ttl = ttl;
        this.staleIfError = staleIfError;
    }

    static String reservationKey(String confirmationNumber) {
        return "voiceload:pms:reservation:" + confirmationNumber;
    }

    static String guestKey(String guestId) {
        return "voiceload:pms:guest:" + guestId;
    }

    /**
     * The cached body if fresh, counted as a hit; else a miss, with the stale body if one is kept. Absent
     * entries, tombstones, bypassed keys and Redis failures are misses without a stale body.
     */
    Lookup get(String key) {
        if (isUnsynced(key)) {
            resync(key);
            misses.increment();
            return Lookup.NONE;
        }
        try {
            List<KeyValue<String, String>> fields = redis.sync().hmget(key, "body", "fresh", "v", "at");
            String body = fields.get(0).getValueOrElse(null);
            String fresh = fields.get(1).getValueOrElse(null);
            if (body == null || fresh == null) {
                misses.increment();
                return Lookup.NONE;
            }
            long now = System.currentTimeMillis();
            long freshUntil = Long.parseLong(fresh);
            long version = Long.parseLong(fields.get(2).getValueOrElse("0"));
            String at = fields.get(3).getValueOrElse(null);
            // Entries written before "at" existed: fetched a TTL before their freshness ends.
            long fetchedAt = at != null ? Long.parseLong(at) : freshUntil - ttl.toMillis();
            if (freshUntil > now) {
                hits.increment();
                return new Lookup(body, null, version, fetchedAt);
            }
            misses.increment();
            if (now - fetchedAt > ttl.plus(staleIfError).toMillis()) {
                return Lookup.NONE; // past what stale-if-error allows, whatever Redis still holds
            }
            return new Lookup(null, body, version, fetchedAt);
        } catch (RuntimeException e) {
            errors.increment();
            misses.increment();
            LOG.debug("PMS cache read of {} failed; asking the PMS", key, e);
            return Lookup.NONE;
        }
    }

    /** Caches {@code body} as {@code version}, fresh for the TTL, unless a newer version is cached. */
    void put(String key, long version, String body) {
        if (isUnsynced(key)) {
            return;
        }
        try {
            long now = System.currentTimeMillis();
            redis.sync()
                    .eval(
                            PUT_IF_NOT_OLDER,
                            ScriptOutputType.INTEGER,
                            new String[] {key},
                            Long.toString(version),
                            body,
                            Long.toString(now + ttl.toMillis()),
                            Long.toString(ttl.plus(staleIfError).toMillis()),
                            Long.toString(now));
        } catch (RuntimeException e) {
            errors.increment();
            LOG.debug("PMS cache write of {} failed", key, e);
        }
    }

    /** Counts a stale body served because the PMS could not answer. */
    void servedStale() {
        staleServed.increment();
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
        if (since != null && System.nanoTime() - since > ttl.plus(staleIfError).toNanos()) {
            unsynced.remove(key, since); // what was cached then is past its stale-if-error time by now
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

    /** Stale bodies served because the PMS could not answer. */
    long staleServed() {
        return staleServed.sum();
    }

    Duration ttl() {
        return ttl;
    }

    Duration staleIfError() {
        return staleIfError;
    }
}
