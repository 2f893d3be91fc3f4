package io.voiceload.target.auth;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. Every route names its roles when it is registered
 * ({@code routes.get("/calls", handler, Role.FRONT_DESK, Role.MANAGER, Role.ADMIN)}); a route without
 * roles is refused at start (deny by default). {@link #ANYONE} marks the few public routes (health,
 * login).
 */
public enum Role implements RouteRole {
    /** A hotel guest (caller). */
    GUEST,
    /** A front-desk agent. */
    FRONT_DESK,
    /** A hotel manager. */
    MANAGER,
    /** A platform administrator. */
    ADMIN,
    /** No authentication needed: health probes and login. */
    ANYONE;

    /** Staff: front desk, manager, admin. */
    public static final Role[] STAFF = {FRONT_DESK, MANAGER, ADMIN};

    /** Every authenticated role. */
    public static final Role[] AUTHENTICATED = {GUEST, FRONT_DESK, MANAGER, ADMIN};
}
