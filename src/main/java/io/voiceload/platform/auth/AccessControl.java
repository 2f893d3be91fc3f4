package io.voiceload.platform.auth;

import io.javalin.config.JavalinConfig;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.event.WsHandlerMetaInfo;
import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.javalin.websocket.WsHandlerType;
import io.voiceload.platform.http.ApiException;
import java.sql.SQLException;
import java.util.Enumeration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Deny-by-default access control. At configuration time it watches every route being added (Javalin's
 * {@code handlerAdded}/{@code wsHandlerAdded} events) and refuses one without roles, which makes the
 * platform's start fail. At request time, before the matched handler (and before a WebSocket upgrade), it
 * reads the route's roles: {@link Role#ANYONE} passes; otherwise the caller must present a valid access
 * token ({@code Authorization: Bearer …}; for WebSocket upgrades also {@code ?access_token=…}, for
 * browser clients) whose session is active and names the token's user, role and hotel, or a valid API key
 * ({@code X-API-Key: vk_…}), else 401 with {@code WWW-Authenticate}; and its role must be one of the route's,
 * else 403. Requests to routes without roles at request time (Javalin's implicit HEAD for a GET route) are
 * refused the same way. A request with two {@code Authorization} (or {@code X-API-Key}) headers is refused
 * with 400 on every route: which one counts would depend on the server, and a proxy may check the other.
 */
final class AccessControl {

    private final AccessTokens tokens;
    private final Sessions sessions;
    private final ApiKeys apiKeys;
    private final AuthFaults faults;

    AccessControl(AccessTokens tokens, Sessions sessions, ApiKeys apiKeys, AuthFaults faults) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.apiKeys = apiKeys;
        this.faults = faults;
    }

    /** Installs the route check and the request checks. Must run before any route is added. */
    void install(JavalinConfig config) {
        config.events.handlerAdded(AccessControl::requireRoles);
        config.events.wsHandlerAdded(AccessControl::requireRoles);
        config.routes.beforeMatched(ctx -> checkTimed(ctx, false));
        config.routes.wsBeforeUpgrade(ctx -> checkTimed(ctx, true));
    }

    static void requireRoles(HandlerMetaInfo route) {
        if (route.getHttpMethod().isHttpMethod() && route.getRoles().isEmpty()) {
            throw noRoles(route.getHttpMethod() + " " + route.getPath());
        }
    }

    static void requireRoles(WsHandlerMetaInfo route) {
        if (route.getHandlerType() == WsHandlerType.WEBSOCKET
                && route.getRoles().isEmpty()) {
            throw noRoles("WebSocket " + route.getPath());
        }
    }

    private static IllegalStateException noRoles(String route) {
        return new IllegalStateException("route " + route + " has no roles; every route must name the roles that"
                + " may call it (deny by default), e.g. routes.get(path, handler, Role.STAFF) or Role.ANYONE"
                + " for public routes");
    }

    private void checkTimed(Context ctx, boolean upgrade) throws SQLException, InterruptedException {
        if (!faults.slowDeny()) {
            check(ctx, upgrade);
            return;
        }
        try {
            check(ctx, upgrade);
        } catch (AuthRefusal | ApiException e) {
            Thread.sleep(AuthFaults.SLOW_DENY); // planted: the deny path costs more than the allow path
            throw e;
        }
    }

    private void check(Context ctx, boolean upgrade) throws SQLException {
        single(ctx, "Authorization");
        single(ctx, "X-API-Key");
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Role.ANYONE)) {
            return;
        }
        Principal principal = authenticate(ctx, upgrade);
        if (!roles.contains(principal.role())) {
            throw new ApiException(
                    403,
                    "role " + principal.role().wireName() + " may not " + ctx.method() + " " + ctx.path(),
                    Map.of(
                            "role",
                            principal.role().wireName(),
                            "allowedRoles",
                            roles.stream()
                                    .map(r -> r instanceof Role role ? role.wireName() : r.toString())
                                    .sorted()
                                    .toList()));
        }
        ctx.attribute(Principal.ATTRIBUTE, principal);
    }

    private static void single(Context ctx, String header) {
        Enumeration<String> values = ctx.req().getHeaders(header);
        if (values != null && values.hasMoreElements()) {
            values.nextElement();
            if (values.hasMoreElements()) {
                throw ApiException.badRequest(
                        "two " + header + " headers; send one", Map.of("header", header, "problem", "sent twice"));
            }
        }
    }

    private Principal authenticate(Context ctx, boolean upgrade) throws SQLException {
        String authorization = ctx.header("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw AuthRefusal.unauthorized("Authorization must be \"Bearer <access token>\"", true);
            }
            return bearer(authorization.substring(7).strip());
        }
        String apiKey = ctx.header("X-API-Key");
        if (apiKey != null) {
            return apiKeys.verify(apiKey.strip())
                    .orElseThrow(() -> AuthRefusal.unauthorized("invalid or revoked API key", true));
        }
        String queryToken = upgrade ? ctx.queryParam("access_token") : null;
        if (queryToken != null) {
            return bearer(queryToken);
        }
        throw AuthRefusal.unauthorized(
                "authentication required: send Authorization: Bearer <access token> or X-API-Key", false);
    }

    private Principal bearer(String token) {
        Optional<Principal> principal = tokens.verify(token);
        if (principal.isEmpty()) {
            throw AuthRefusal.unauthorized("invalid or expired access token", true);
        }
        if (faults.noSessionCheck()) {
            return principal.get(); // planted: the token alone lets its bearer in
        }
        Principal p = principal.get();
        Sessions.Holder holder = sessions.holder(p.sessionId())
                .orElseThrow(() -> AuthRefusal.unauthorized("the session of this access token has ended", true));
        if (!holder.username().equals(p.subject())
                || !p.role().wireName().equals(holder.role())
                || !Objects.equals(p.hotelId(), holder.hotelId())) {
            throw AuthRefusal.unauthorized("the access token does not match its session", true);
        }
        return p;
    }
}
