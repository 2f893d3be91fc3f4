package io.voiceload.platform.auth;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fixed-window login limits per username and per client IP in Redis: one script call per attempt
 * ({@code INCR}, and {@code PEXPIRE} on the first attempt of a window). Every attempt counts, successful
 * or not, so a guessing run cannot hide among successes; a refused attempt costs no password check.
 * Redis down: 503 (fail closed), never an unlimited login.
 */
final class LoginLimiter {

    private static final String COUNT = """
            local answer = {}
            for i, key in ipairs(KEYS) do
              local n = redis.call('INCR', key)
              if n == 1 then redis.call('PEXPIRE', key, ARGV[1]) end
              local ttl = redis.call('PTTL', key)
              if ttl < 0 then redis.call('PEXPIRE', key, ARGV[1]); ttl = tonumber(ARGV[1]) end
              answer[2 * i - 1] = n
              answer[2 * i] = ttl
            end
            return answer
            """;

    private final StatefulRedisConnection<String, String> redis;
    private final int perUsername;
    private final int perIp;
    private final Duration window;
    private final String prefix;

    LoginLimiter(StatefulRedisConnection<String, String> redis, int perUsername, int perIp, Duration window) {
        this.redis = redis;
        this.perUsername = perUsername;
        this.perIp = perIp;
        this.window = window;
        // Counters are per window length: platforms with the same limits share them (a cluster), while
        // one configured differently (a test's short window) counts on its own.
        this.prefix = "auth:login:" + window.toMillis() + ":";
    }

    /** Counts an attempt; throws a 429 {@link AuthRefusal} when either limit is exceeded. */
    void attempt(String username, String ip) {
        List<Long> counts;
        try {
            counts = redis.sync()
                    .eval(
                            COUNT,
                            ScriptOutputType.MULTI,
                            new String[] {prefix + "user:" + username.toLowerCase(Locale.ROOT), prefix + "ip:" + ip},
                            Long.toString(window.toMillis()));
        } catch (RedisException e) {
            throw AuthRefusal.unavailable(e);
        }
        long userCount = counts.get(0);
        long ipCount = counts.get(2);
        long retryMillis = 0;
        String limit = null;
        if (userCount > perUsername) {
            retryMillis = counts.get(1);
            limit = perUsername + " per username";
        }
        if (ipCount > perIp) {
            retryMillis = Math.max(retryMillis, counts.get(3));
            limit = limit == null ? perIp + " per client address" : limit + " and " + perIp + " per client address";
        }
        if (limit != null) {
            long retryAfter = Math.max(1, (retryMillis + 999) / 1000);
            throw AuthRefusal.tooManyAttempts(
                    "too many login attempts; retry in " + retryAfter + " s",
                    retryAfter,
                    Map.of("limit", limit + " every " + window.toSeconds() + " s"));
        }
    }
}
