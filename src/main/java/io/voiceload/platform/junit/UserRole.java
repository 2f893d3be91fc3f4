package io.voiceload.platform.junit;

import java.util.Locale;

/**
 * A role the suite acts in, as the platform's API names it on the wire ({@code guest}, {@code front_desk},
 * {@code manager}, {@code admin}): the client's view of who may call what. The users of each role come from
 * {@code target.credentials.users.<wire name>} of the configuration, so a real deployment is tested with its
 * own accounts.
 *
 * <pre>{@code
 * String authorization = platform.session(user, UserRole.FRONT_DESK); // "Bearer ..."
 * }</pre>
 */
public enum UserRole {
    /** A hotel guest (a caller). */
    GUEST,
    /** A front-desk agent. */
    FRONT_DESK,
    /** A hotel manager. */
    MANAGER,
    /** A platform administrator. */
    ADMIN;

    /** The role's name in the API and in {@code target.credentials}: {@code guest}, {@code front_desk}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
