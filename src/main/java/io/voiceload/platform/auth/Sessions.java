package io.voiceload.platform.auth;

import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Login sessions in Redis. A session is the hash {@code auth:session:<sid>} (user, role, hotel and the
 * SHA-256 of its current refresh token) that expires after the session TTL, renewed by each refresh; a
 * user's session ids are also in the set {@code auth:user-sessions:<username>}, so disabling a user ends
 * them all. An access token is valid only while its session exists: one {@code EXISTS} per request, so
 * logout and expiry take effect at once. Refresh tokens are {@code <sid>.<random>}, single use: a
 * refresh replaces the stored hash atomically (Lua), and presenting a replaced token again ends the
 * session (it was stolen, or the client is confused). Every Redis failure is an
 * {@link AuthRefusal#unavailable 503}: without the store nothing can be checked, so the platform fails
 * closed.
 */
final class Sessions {

    private static final String SESSION = "auth:session:";
    private static final String USER_SESSIONS = "auth:user-sessions:";

    /** Creates the session and indexes it under its user. */
    private static final String CREATE = """
            redis.call('HSET', KEYS[1], 'user', ARGV[1], 'role', ARGV[2], 'hotel', ARGV[3], 'refresh', ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[5])
            redis.call('SADD', KEYS[2], ARGV[6])
            redis.call('PEXPIRE', KEYS[2], ARGV[5])
            return 1
            """;

    /** 0: no such session; -1: the token was replaced earlier (reuse: session ended); 1: rotated. */
    private static final String ROTATE = """
            local current = redis.call('HGET', KEYS[1], 'refresh')
            if not current then return {0} end
            if current ~= ARGV[1] then
              local user = redis.call('HGET', KEYS[1], 'user')
              redis.call('DEL', KEYS[1])
              if user then redis.call('SREM', ARGV[4] .. user, ARGV[5]) end
              return {-1}
            end
            redis.call('HSET', KEYS[1], 'refresh', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            local fields = redis.call('HMGET', KEYS[1], 'user', 'role', 'hotel')
            redis.call('PEXPIRE', ARGV[4] .. fields[1], ARGV[3])
            return {1, fields[1], fields[2], fields[3]}
            """;

    private static final String END = """
            local user = redis.call('HGET', KEYS[1], 'user')
            local ended = redis.call('DEL', KEYS[1])
            if user then redis.call('SREM', ARGV[1] .. user, ARGV[2]) end
            return ended
            """;

    private static final String END_ALL = """
            local ids = redis.call('SMEMBERS', KEYS[1])
            local ended = 0
            for _, id in ipairs(ids) do ended = ended + redis.call('DEL', ARGV[1] .. id) end
            redis.call('DEL', KEYS[1])
            return ended
            """;

    private final StatefulRedisConnection<String, String> redis;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    Sessions(StatefulRedisConnection<String, String> redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /** A new session and its refresh token. */
    record Started(String sessionId, String refreshToken) {}

    /** What a refresh found. */
    sealed interface Rotation {
        record Rotated(String refreshToken, String username, Role role, String hotelId, String sessionId)
                implements Rotation {}

        record Reused() implements Rotation {}

        record Unknown() implements Rotation {}
    }

    Duration ttl() {
        return ttl;
    }

    Started start(String username, Role role, String hotelId) {
        String sid = randomToken(16);
        String secret = randomToken(32);
        call(r -> r.eval(
                CREATE,
                ScriptOutputType.INTEGER,
                new String[] {SESSION + sid, USER_SESSIONS + username},
                username,
                role.wireName(),
                hotelId,
                sha256(secret),
                Long.toString(ttl.toMillis()),
                sid));
        return new Started(sid, sid + "." + secret);
    }

    /** Whether the session exists (not logged out, not expired, user not disabled). */
    boolean isActive(String sessionId) {
        return call(r -> r.exists(SESSION + sessionId)) == 1;
    }

    /** Replaces {@code refreshToken} by a new one, or reports why it cannot. */
    Rotation rotate(String refreshToken) {
        int dot = refreshToken.indexOf('.');
        if (dot <= 0 || dot == refreshToken.length() - 1) {
            return new Rotation.Unknown();
        }
        String sid = refreshToken.substring(0, dot);
        String secret = refreshToken.substring(dot + 1);
        String next = randomToken(32);
        List<Object> answer = call(r -> r.eval(
                ROTATE,
                ScriptOutputType.MULTI,
                new String[] {SESSION + sid},
                sha256(secret),
                sha256(next),
                Long.toString(ttl.toMillis()),
                USER_SESSIONS,
                sid));
        long outcome = (Long) answer.get(0);
        if (outcome == 0) {
            return new Rotation.Unknown();
        }
        if (outcome < 0) {
            return new Rotation.Reused();
        }
        Optional<Role> role = Role.fromWire((String) answer.get(2));
        if (role.isEmpty()) {
            return new Rotation.Unknown();
        }
        return new Rotation.Rotated(sid + "." + next, (String) answer.get(1), role.get(), (String) answer.get(3), sid);
    }

    /** Ends one session; true when it existed. */
    boolean end(String sessionId) {
        Long ended = call(r ->
                r.eval(END, ScriptOutputType.INTEGER, new String[] {SESSION + sessionId}, USER_SESSIONS, sessionId));
        return ended != null && ended > 0;
    }

    /** Ends every session of {@code username}; the number ended. */
    long endAll(String username) {
        Long ended =
                call(r -> r.eval(END_ALL, ScriptOutputType.INTEGER, new String[] {USER_SESSIONS + username}, SESSION));
        return ended == null ? 0 : ended;
    }

    private <T> T call(Function<RedisCommands<String, String>, T> command) {
        try {
            return command.apply(redis.sync());
        } catch (RedisException e) {
            throw AuthRefusal.unavailable(e);
        }
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static String sha256(String text) {
        return HexFormat.of().formatHex(digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static byte[] digest(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
