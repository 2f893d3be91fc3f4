package io.voiceload.suite.pmsconnector;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.config.PmsConnectorSettings;
import io.voiceload.http.Response;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.PmsUpstream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.TestReporter;

/**
 * The connector's cache under skewed reads: front-desk agents read reservations by confirmation number, drawn by a
 * Zipf law over {@value #KEYS} reservations ({@code zipf_exponent}), and now and then update one of {@value #GUESTS}
 * guests' preferences and read guests back. Measured after a warm-up, the share of reads the cache answers reaches
 * {@code cache_hit_ratio} ({@code categories.pms-connector.settings}); hit and miss latency are recorded apart ({@code
 * read (hit)}, {@code read (miss)}). Then the cached entries pass their freshness (the test moves the entries' {@code
 * fresh} instant to the past, as {@code ttlSeconds} of waiting would) and both PMS endpoints go down: the reads the
 * cache can still answer are answered, marked {@code X-Cache: stale}, never older ({@code X-Cache-Age-Ms}, {@code
 * Age}) than the TTL plus {@code staleIfErrorSeconds}; the others are {@code 503}. Throughout, a write invalidates: no
 * read that began after a write was acknowledged shows a version older than that write's.
 */
@PmsConnector
class CacheIT {
    static final String READ = "read reservation";
    static final String READ_GUEST = "read guest";
    static final int KEYS = 1_000;
    static final int GUESTS = 20;

    private static final int FIRST_GUEST = 2_201;
    private static final int FIRST_KEY = 801;
    /** The breakers' wait in the open state (2 s) and their probes, with room for a loaded machine. */
    private static final Duration RECOVERY = Duration.ofSeconds(3);

    @AutoClose
    private final PmsApi pms;

    private final PmsUpstream upstream;
    private final PmsConnectorSettings settings = PmsConnectorSettings.shared();
    private final ZipfKeys keys;
    private final Timeline timeline;

    /** The highest version of each guest whose write was acknowledged, by guest id. */
    private final Map<String, AtomicLong> acknowledged = new ConcurrentHashMap<>();

    private final Map<String, LongAdder> byCache = new ConcurrentHashMap<>();
    private final Map<String, String> problems = new ConcurrentHashMap<>();
    private final LongAdder staleServed = new LongAdder();
    private final LongAdder unavailable = new LongAdder();
    private volatile long oldestStaleMs = -1;
    /** The connector's cache counters ({@code /admin/pms} {@code cache}) before the run. */
    private final JsonNode cacheBefore;
    /** Every answer of a cached read by its {@code X-Cache}, warm-up and outage included. */
    private final Map<String, LongAdder> allAnswers = new ConcurrentHashMap<>();

    CacheIT(PlatformEndpoint platform, PmsUpstream upstream) {
        this.pms = new PmsApi(platform);
        this.upstream = upstream;
        this.cacheBefore = pms.admin().path("cache");
        List<String> ranked = new ArrayList<>();
        for (int i = 0; i < KEYS; i++) {
            ranked.add(String.format(Locale.ROOT, "HS-%06d", FIRST_KEY + i));
        }
        this.keys = new ZipfKeys(ranked, settings.zipfExponent());
        for (int i = 0; i < GUESTS; i++) {
            acknowledged.put(guest(i), new AtomicLong());
        }
        this.timeline = new Timeline()
                .at("7s", "entries past their freshness, both PMS down", () -> {
                    age(ranked);
                    upstream.primary().down();
                    upstream.secondary().down();
                })
                .at("9s", "both PMS up", () -> {
                    upstream.primary().up();
                    upstream.secondary().up();
                });
    }

    private static String guest(int i) {
        return String.format(Locale.ROOT, "G-%06d", FIRST_GUEST + i);
    }

    @LoadTest(users = 10, duration = "12s", warmup = "3s", thinkTime = "2ms")
    @Slo(request = READ + " (hit)", p95 = "100ms")
    void readMostly(VirtualUser user) {
        timeline.advance(user);
        boolean outage = isOutage();
        boolean recovering = !outage && isRecovering();
        if (user.random().nextInt(10) == 0) {
            String id = guest(user.random().nextInt(GUESTS));
            if (!outage) {
                write(id, user);
            }
            readGuest(id);
            return;
        }
        String confirmation = keys.draw(user.random());
        Response r = tally(pms.reservation(confirmation, READ));
        String cache = PmsApi.cache(r);
        String state = cache == null ? "unsaid" : cache;
        if (!user.isWarmup() && !outage && !recovering && !isPastOutage()) {
            byCache.computeIfAbsent(state, k -> new LongAdder()).increment();
        }
        if (r.status() == 200) {
            user.record(READ + " (" + state + ")", r.latency(), null);
            if (!confirmation.equals(r.json().path("confirmationNumber").asText())) {
                problems.putIfAbsent(
                        "wrong " + confirmation, "answered " + r.json().path("confirmationNumber"));
            }
        }
        if (outage) {
            judgeDuringOutage(confirmation, r, state);
        } else if (r.status() != 200 && !(recovering && r.status() == 503)) {
            problems.putIfAbsent("read " + r.status(), READ + " " + confirmation + " answered " + r.status());
        }
    }

    private boolean isOutage() {
        long down = timeline.step("entries past their freshness, both PMS down").takenAtNanos();
        long up = timeline.step("both PMS up").takenAtNanos();
        return down != 0 && up == 0;
    }

    /**
     * Whether the PMS is back but the breakers the outage opened may still refuse (their wait in the open state, 2 s,
     * then their probes): a read of an entry the cache does not hold may still be a {@code 503}.
     */
    private boolean isRecovering() {
        long up = timeline.step("both PMS up").takenAtNanos();
        return up != 0 && System.nanoTime() - up < RECOVERY.toNanos();
    }

    /** Whether the outage has begun: the hit ratio is that of the reads before it. */
    private boolean isPastOutage() {
        return timeline.step("entries past their freshness, both PMS down").takenAtNanos() != 0;
    }

    private void judgeDuringOutage(String confirmation, Response r, String state) {
        if (r.status() == 503) {
            unavailable.increment();
            return;
        }
        if (r.status() != 200) {
            problems.putIfAbsent("outage " + r.status(), "with the PMS down a read answered " + r.status());
            return;
        }
        if (!state.equals("stale")) {
            // Entries cached before the outage were all moved past their freshness: a fresh hit may only be one
            // cached since, and nothing can be cached while both endpoints are down.
            if (!state.equals("hit")) {
                problems.putIfAbsent(
                        "outage " + state,
                        "with both PMS endpoints down " + READ + " " + confirmation + " answered X-Cache: " + state);
            }
            return;
        }
        staleServed.increment();
        Duration age = PmsApi.age(r).orElse(null);
        if (age == null) {
            problems.putIfAbsent(
                    "no age", "a stale answer for " + confirmation + " says neither X-Cache-Age-Ms nor Age");
            return;
        }
        oldestStaleMs = Math.max(oldestStaleMs, age.toMillis());
    }

    /** Counts {@code r} by its {@code X-Cache}, for the comparison with the connector's own counters. */
    private Response tally(Response r) {
        String cache = PmsApi.cache(r);
        if (cache != null) {
            allAnswers.computeIfAbsent(cache, k -> new LongAdder()).increment();
        }
        return r;
    }

    private void write(String id, VirtualUser user) {
        JsonNode before = tally(pms.guest(id)).json();
        long version = before.path("version").asLong();
        String preferences = "late checkout, agent " + user.id() + " write " + user.iteration();
        Response r = pms.updateGuest(id, Map.of("preferences", preferences), version);
        if (r.status() != 200) {
            return; // 409: another agent wrote first; 503: no PMS
        }
        long written = r.json().path("version").asLong();
        acknowledged.get(id).accumulateAndGet(written, Math::max);
    }

    private void readGuest(String id) {
        long mustSee = acknowledged.get(id).get(); // acknowledged before this read began
        Response r = tally(pms.guest(id));
        if (r.status() != 200) {
            return;
        }
        long seen = r.json().path("version").asLong();
        if (seen < mustSee) {
            problems.putIfAbsent(
                    "old value " + id,
                    "a read of guest " + id + " answered version " + seen + " (X-Cache: " + PmsApi.cache(r)
                            + ") after version " + mustSee + " was acknowledged: the write did not invalidate the"
                            + " cache");
        }
    }

    /**
     * Moves the cached entries of {@code confirmations} past their freshness, as the TTL passing would: the connector
     * keeps each as a Redis hash whose {@code fresh} field is the instant (epoch ms) it stops being fresh and whose
     * {@code at} is when it was fetched; both move back by the freshness left, so the entry is just stale, kept for
     * the stale-if-error time, and as old as a TTL.
     */
    private void age(List<String> confirmations) {
        RedisClient client = upstream.infrastructure().newRedisClient();
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            String now = Long.toString(System.currentTimeMillis());
            for (String confirmation : confirmations) {
                redis.sync()
                        .eval(
                                """
                                local fresh = redis.call('HGET', KEYS[1], 'fresh')
                                if (not fresh) or redis.call('HEXISTS', KEYS[1], 'body') == 0 then return 0 end
                                local left = tonumber(fresh) - tonumber(ARGV[1])
                                if left <= 0 then return 0 end
                                redis.call('HSET', KEYS[1], 'fresh', ARGV[1])
                                local at = redis.call('HGET', KEYS[1], 'at')
                                if at then redis.call('HSET', KEYS[1], 'at', tostring(tonumber(at) - left)) end
                                return 1
                                """,
                                ScriptOutputType.INTEGER,
                                new String[] {"voiceload:pms:reservation:" + confirmation},
                                now);
            }
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @AfterEach
    void cacheServedItsShare(LoadResult result, TestReporter reporter) {
        upstream.primary().up();
        upstream.secondary().up();
        assertThat(timeline.missed())
                .as("steps of the timeline the run ended before")
                .isEmpty();
        JsonNode cache = pms.admin().path("cache");
        // The connector's own counters say what the answers said: each hit one, each stale answer one.
        long hitsCounted =
                cache.path("hits").asLong() - cacheBefore.path("hits").asLong();
        long staleCounted = cache.path("staleServed").asLong()
                - cacheBefore.path("staleServed").asLong();
        long hitsAnswered = answered("hit");
        long staleAnswered = answered("stale");
        long boundMs = (cache.path("ttlSeconds").asLong()
                        + cache.path("staleIfErrorSeconds").asLong())
                * 1000;

        long hits = count("hit");
        long misses = count("miss");
        double ratio = hits + misses == 0 ? 0 : (double) hits / (hits + misses);
        Map<String, String> figures = new LinkedHashMap<>();
        figures.put("hit ratio", String.format(Locale.ROOT, "%.3f (%d hits, %d misses)", ratio, hits, misses));
        for (String state : List.of("hit", "miss", "stale")) {
            RequestStats stats = result.request(READ + " (" + state + ")");
            figures.put(
                    READ + " (" + state + ")",
                    String.format(
                            Locale.ROOT,
                            "%d, p50 %.1f ms, p95 %.1f ms",
                            stats.count(),
                            stats.percentile(50).toNanos() / 1e6,
                            stats.percentile(95).toNanos() / 1e6));
        }
        figures.put(
                "outage",
                staleServed.sum() + " stale answers (oldest " + oldestStaleMs + " ms, bound " + boundMs + " ms), "
                        + unavailable.sum() + " 503s");
        figures.put(
                "the connector's counters",
                hitsCounted + " hits and " + staleCounted + " stale answers counted in /admin/pms, " + hitsAnswered
                        + " and " + staleAnswered + " answered");
        figures.forEach((k, v) -> System.out.println("[pms cache] " + k + ": " + v));
        reporter.publishEntry(figures);

        PmsApi.failOn(problems, "cached reads went wrong", "the first of each kind");
        assertThat(hitsCounted)
                .as("cache hits /admin/pms counted over the run, against the answers marked X-Cache: hit")
                .isEqualTo(hitsAnswered);
        assertThat(staleCounted)
                .as("stale answers /admin/pms counted over the run, against the answers marked X-Cache: stale")
                .isEqualTo(staleAnswered);
        assertThat(ratio)
                .as("the cache's hit ratio of the measured reads before the outage (zipf_exponent "
                        + settings.zipfExponent() + " over " + KEYS + " reservations; " + hits + " hits, " + misses
                        + " misses); required ≥ cache_hit_ratio ("
                        + settings.origins().get("cache_hit_ratio") + ")")
                .isGreaterThanOrEqualTo(settings.cacheHitRatio());
        assertThat(result.request(READ + " (miss)").count())
                .as("reads the PMS answered (misses)")
                .isPositive();
        assertThat(staleServed.sum())
                .as("stale answers while both PMS endpoints were down")
                .isPositive();
        assertThat(oldestStaleMs)
                .as("the age of the oldest stale answer, ms; required ≤ TTL + stale-if-error")
                .isLessThanOrEqualTo(boundMs);
    }

    private long answered(String state) {
        LongAdder n = allAnswers.get(state);
        return n == null ? 0 : n.sum();
    }

    private long count(String state) {
        LongAdder n = byCache.get(state);
        return n == null ? 0 : n.sum();
    }
}
