package io.voiceload.platform.auth;

import io.javalin.http.Context;
import io.javalin.websocket.WsContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who sent a request: a logged-in user (with its session) or an API key. Set on the request by the
 * access control before any handler of a route that is not {@link Role#ANYONE}.
 *
 * @param kind {@code user} or {@code api_key}
 * @param subject the username, or the API key's id
 * @param role the user's or key's role
 * @param hotelId the user's hotel; null for API keys
 * @param sessionId the session of a user's access token; null for API keys
 */
public record Principal(String kind, String subject, Role role, String hotelId, String sessionId) {

    public static final String USER = "user";
    public static final String API_KEY = "api_key";

    static final String ATTRIBUTE = "voiceload.auth.principal";

    public Principal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(role, "role");
    }

    /** The caller of this request; empty on {@link Role#ANYONE} routes. */
    public static Optional<Principal> of(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /** The caller that opened this WebSocket (checked at the upgrade); empty on {@link Role#ANYONE} routes. */
    public static Optional<Principal> of(WsContext ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("kind", kind);
        json.put("subject", subject);
        json.put("role", role.wireName());
        json.put("hotelId", hotelId);
        json.put("sessionId", sessionId);
        return json;
    }
}
