package io.voiceload.platform.auth;

import io.lettuce.core.KeyValue;
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
 * them all. An access token is valid only while its session exists and names the same user, role and hotel:
 * one {@code HMGET} per request, so logout, expiry and a role change take effect at once, and a token minted
 * with another role for a live session is refused. Refresh tokens are {@code <sid>.<random>}, single use: a
 * refresh replaces the stored hash atomically (Lua) and keeps the hashes of the last {@value #USED_KEPT}
 * replaced ones; presenting one of those again ends the session (it was stolen, or the client is confused),
 * while a token that was never issued for the session is only "unknown" and ends nothing (else anyone who
 * knows a session id could end it). Every Redis failure is an
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

    /** Replaced refresh tokens remembered per session (their SHA-256, 64 hex digits each) to detect reuse. */
    static final int USED_KEPT = 64;

    /**
     * 0: no such session, or a token never issued for it (nothing ended); -1: the token was replaced earlier
     * (reuse: the session is ended unless ARGV[6] is 1); 1: rotated.
     */
    private static final String ROTATE = """
            local current = redis.call('HGET', KEYS[1], 'refresh')
            if not current then return {0} end
            local used = redis.call('HGET', KEYS[1], 'used') or ''
            if current ~= ARGV[1] then
              for i = 1, string.len(used), 64 do
                if string.sub(used, i, i + 63) == ARGV[1] then
                  if ARGV[6] ~= '1' then
                    local user = redis.call('HGET', KEYS[1], 'user')
                    redis.call('DEL', KEYS[1])
                    if user then redis.call('SREM', ARGV[4] .. user, ARGV[5]) end
                  end
                  return {-1}
                end
              end
              return {0}
            end
            used = used .. current
            local kept = tonumber(ARGV[7])
            if string.len(used) > kept then used = string.sub(used, -kept) end
            redis.call('HSET', KEYS[1], 'refresh', ARGV[2], 'used', used)
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
    private final boolean reuseKeepsSession;
    private final SecureRandom random = new SecureRandom();

    /** @param reuseKeepsSession test only ({@link AuthFaults#refreshReuseKeepsSession()}) */
    Sessions(StatefulRedisConnection<String, String> redis, Duration ttl, boolean reuseKeepsSession) {
        this.redis = redis;
        this.ttl = ttl;
        this.reuseKeepsSession = reuseKeepsSession;
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

    /** Who a live session belongs to, as the session stores it. */
    record Holder(String username, String role, String hotelId) {}

    /** The holder of the session; empty when it has ended (logged out, expired, user disabled, role changed). */
    Optional<Holder> holder(String sessionId) {
        List<KeyValue<String, String>> fields = call(r -> r.hmget(SESSION + sessionId, "user", "role", "hotel"));
        if (fields.isEmpty() || !fields.get(0).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(new Holder(
                fields.get(0).getValue(),
                fields.get(1).getValueOrElse(null),
                fields.get(2).getValueOrElse(null)));
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
                sid,
                reuseKeepsSession ? "1" : "0",
                Integer.toString(USED_KEPT * 64)));
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
