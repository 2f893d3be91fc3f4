package io.voiceload.platform.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.voiceload.platform.http.ApiException;
import io.voiceload.platform.http.Json;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code /auth} endpoints: login, refresh, logout, me (users), API keys and user administration
 * (admins). Described in {@code docs/api.md, "Authentication and access control"}.
 */
final class AuthRoutes {

    private static final Pattern HOTEL_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final int MAX_FIELD = 256;

    private final Users users;
    private final Passwords passwords;
    private final Sessions sessions;
    private final AccessTokens tokens;
    private final ApiKeys apiKeys;
    private final LoginLimiter limiter;

    AuthRoutes(
            Users users,
            Passwords passwords,
            Sessions sessions,
            AccessTokens tokens,
            ApiKeys apiKeys,
            LoginLimiter limiter) {
        this.users = users;
        this.passwords = passwords;
        this.sessions = sessions;
        this.tokens = tokens;
        this.apiKeys = apiKeys;
        this.limiter = limiter;
    }

    void install(RoutesConfig routes) {
        routes.post("/auth/login", this::login, Role.ANYONE);
        routes.post("/auth/refresh", this::refresh, Role.ANYONE);
        routes.post("/auth/logout", this::logout, Role.AUTHENTICATED);
        routes.get("/auth/me", this::me, Role.AUTHENTICATED);
        routes.post("/auth/api-keys", this::createKey, Role.ADMIN);
        routes.get("/auth/api-keys", this::listKeys, Role.ADMIN);
        routes.delete("/auth/api-keys/{id}", this::revokeKey, Role.ADMIN);
        routes.post("/auth/users", this::createUser, Role.ADMIN);
        routes.post("/auth/users/{username}/disable", ctx -> setDisabled(ctx, true), Role.ADMIN);
        routes.post("/auth/users/{username}/enable", ctx -> setDisabled(ctx, false), Role.ADMIN);
        routes.post("/auth/users/{username}/role", this::setRole, Role.ADMIN);
    }

    private void login(Context ctx) throws SQLException {
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        unknownFields(body, List.of("username", "password"), problems);
        String username = requiredText(body, "username", problems);
        String password = requiredText(body, "password", problems);
        throwIfAny("invalid login", problems);
        limiter.attempt(username, ctx.ip());
        Optional<Users.User> user = users.find(username);
        // An unknown user is checked against a dummy hash: same answer, about the same time.
        boolean verified =
                passwords.verify(password, user.map(Users.User::passwordHash).orElse(null));
        if (!verified || user.get().disabled()) {
            throw AuthRefusal.unauthorized("invalid username or password", false);
        }
        Users.User u = user.get();
        Sessions.Started session = sessions.start(u.username(), u.role(), u.hotelId());
        noStore(ctx);
        Json.respond(
                ctx,
                200,
                tokenAnswer(u.username(), u.role(), u.hotelId(), session.sessionId(), session.refreshToken()));
    }

    private void refresh(Context ctx) {
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        unknownFields(body, List.of("refreshToken"), problems);
        String token = requiredText(body, "refreshToken", problems);
        throwIfAny("invalid refresh", problems);
        Sessions.Rotation rotation = sessions.rotate(token);
        switch (rotation) {
            case Sessions.Rotation.Rotated r -> {
                noStore(ctx);
                Json.respond(
                        ctx, 200, tokenAnswer(r.username(), r.role(), r.hotelId(), r.sessionId(), r.refreshToken()));
            }
            case Sessions.Rotation.Reused r ->
                throw AuthRefusal.unauthorized(
                        "refresh token already used; the session has been ended, log in again", true);
            case Sessions.Rotation.Unknown u ->
                throw AuthRefusal.unauthorized("unknown or expired refresh token; log in again", true);
        }
    }

    private void logout(Context ctx) {
        Principal principal = Principal.of(ctx).orElseThrow();
        if (principal.sessionId() == null) {
            throw ApiException.badRequest(
                    "an API key has no session to end; revoke the key instead", Map.of("kind", principal.kind()));
        }
        sessions.end(principal.sessionId());
        ctx.status(204);
    }

    private void me(Context ctx) {
        Json.respond(ctx, 200, Principal.of(ctx).orElseThrow().toJson());
    }

    private void createKey(Context ctx) throws SQLException {
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        unknownFields(body, List.of("name", "role"), problems);
        String name = requiredText(body, "name", problems);
        Role role = role(body, problems);
        throwIfAny("invalid API key", problems);
        ApiKeys.Created key = apiKeys.create(name, role);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", key.id());
        answer.put("name", key.name());
        answer.put("role", key.role().wireName());
        answer.put("createdAt", key.createdAt().toString());
        answer.put("key", key.key());
        ctx.header("Location", "/auth/api-keys/" + key.id());
        noStore(ctx);
        Json.respond(ctx, 201, answer);
    }

    private void listKeys(Context ctx) throws SQLException {
        Json.respond(ctx, 200, Map.of("items", apiKeys.list()));
    }

    private void revokeKey(Context ctx) throws SQLException {
        String id = ctx.pathParam("id");
        if (!apiKeys.revoke(id)) {
            throw ApiException.notFound("no API key with id " + id);
        }
        ctx.status(204);
    }

    private void createUser(Context ctx) throws SQLException {
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        unknownFields(body, List.of("username", "password", "role", "hotelId"), problems);
        String username = requiredText(body, "username", problems);
        String password = requiredText(body, "password", problems);
        Role role = role(body, problems);
        String hotelId = requiredText(body, "hotelId", problems);
        if (username != null && !Users.USERNAME.matcher(username).matches()) {
            problems.put("username", "must match " + Users.USERNAME.pattern());
        }
        if (password != null && (password.length() < 8 || !Passwords.fits(password))) {
            problems.put("password", "must be 8-" + Passwords.MAX_BYTES + " bytes (bcrypt's limit)");
        }
        if (hotelId != null && !HOTEL_ID.matcher(hotelId).matches()) {
            problems.put("hotelId", "must be 1-64 of A-Z a-z 0-9 _ -");
        }
        throwIfAny("invalid user", problems);
        if (!users.create(new Users.User(username, passwords.hash(password), role, hotelId, false))) {
            throw new ApiException(409, "username " + username + " is taken", Map.of("username", username));
        }
        ctx.header("Location", "/auth/users/" + username);
        Json.respond(ctx, 201, userJson(username, role, hotelId, false));
    }

    private void setDisabled(Context ctx, boolean disabled) throws SQLException {
        String username = ctx.pathParam("username");
        if (!users.setDisabled(username, disabled)) {
            throw ApiException.notFound("no user " + username);
        }
        // Disabling ends every session of the user, so its access tokens stop working at once.
        long ended = disabled ? sessions.endAll(username) : 0;
        Users.User user = users.find(username).orElseThrow();
        Map<String, Object> answer = userJson(user.username(), user.role(), user.hotelId(), user.disabled());
        answer.put("sessionsEnded", ended);
        Json.respond(ctx, 200, answer);
    }

    /**
     * Changes a user's role and ends all its sessions: their tokens carry the old role, and the session check
     * refuses them from the next request on; the user logs in again to get the new role. Ending sessions here
     * keeps the per-request check at one Redis read, where reading the user's row would add a Postgres query
     * to every request.
     */
    private void setRole(Context ctx) throws SQLException {
        String username = ctx.pathParam("username");
        ObjectNode body = Json.readObject(ctx);
        Map<String, String> problems = new LinkedHashMap<>();
        unknownFields(body, List.of("role"), problems);
        Role role = role(body, problems);
        throwIfAny("invalid role change", problems);
        if (!users.setRole(username, role)) {
            throw ApiException.notFound("no user " + username);
        }
        long ended = sessions.endAll(username);
        Users.User user = users.find(username).orElseThrow();
        Map<String, Object> answer = userJson(user.username(), user.role(), user.hotelId(), user.disabled());
        answer.put("sessionsEnded", ended);
        Json.respond(ctx, 200, answer);
    }

    /** Answers carrying tokens or keys must not be kept by any cache (RFC 6749 5.1); Pragma for HTTP/1.0 ones. */
    private static void noStore(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.header("Pragma", "no-cache");
    }

    private Map<String, Object> tokenAnswer(
            String username, Role role, String hotelId, String sessionId, String refreshToken) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("accessToken", tokens.issue(username, role, hotelId, sessionId));
        answer.put("tokenType", "Bearer");
        answer.put("expiresIn", tokens.ttl().toSeconds());
        answer.put("refreshToken", refreshToken);
        answer.put("refreshExpiresIn", sessions.ttl().toSeconds());
        answer.put("user", userJson(username, role, hotelId, false));
        return answer;
    }

    private static Map<String, Object> userJson(String username, Role role, String hotelId, boolean disabled) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("username", username);
        user.put("role", role.wireName());
        user.put("hotelId", hotelId);
        user.put("disabled", disabled);
        return user;
    }

    private static Role role(ObjectNode body, Map<String, String> problems) {
        String raw = requiredText(body, "role", problems);
        if (raw == null) {
            problems.computeIfPresent("role", (k, v) -> v + ": one of " + Role.wireNames());
            return null;
        }
        return Role.fromWire(raw).orElseGet(() -> {
            problems.put("role", "must be one of " + Role.wireNames());
            return null;
        });
    }

    private static String requiredText(ObjectNode body, String field, Map<String, String> problems) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            problems.put(field, "is required");
            return null;
        }
        if (!node.isTextual()) {
            problems.put(field, "must be a string, not " + Json.describe(node));
            return null;
        }
        String text = node.textValue();
        if (text.isEmpty() || text.length() > MAX_FIELD) {
            problems.put(field, "must be 1-" + MAX_FIELD + " characters");
            return null;
        }
        return text;
    }

    private static void unknownFields(ObjectNode body, List<String> allowed, Map<String, String> problems) {
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                problems.put(name, "unknown field; allowed are " + allowed);
            }
        }
    }

    private static void throwIfAny(String what, Map<String, String> problems) {
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(what + ": " + String.join(", ", problems.keySet()), problems);
        }
    }
}
