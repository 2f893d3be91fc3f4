package io.voiceload.platform.auth;

import io.javalin.security.RouteRole;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

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

    /** The role's name in JSON, tokens and the database: {@code guest}, {@code front_desk}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a user or API key can hold, by wire name; {@link #ANYONE} is not one. */
    public static Optional<Role> fromWire(String wireName) {
        return Arrays.stream(AUTHENTICATED)
                .filter(r -> r.wireName().equals(wireName))
                .findFirst();
    }

    /** Wire names of the roles a user or API key can hold, for error messages. */
    public static List<String> wireNames() {
        return Arrays.stream(AUTHENTICATED).map(Role::wireName).toList();
    }
}
