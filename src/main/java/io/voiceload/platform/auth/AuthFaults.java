package io.voiceload.platform.auth;

import io.voiceload.platform.module.ModuleFaults;
import java.time.Duration;

/**
 * <b>Test-only fault injector</b> of the auth module: makes it misbehave on purpose, so a test can prove that
 * the load suite notices. Never set in production; {@link #NONE} is the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(AuthFaults.NONE.withNoSessionCheck(true))
 *         .build();
 * }</pre>
 *
 * @param noSessionCheck when true, a bearer token with a valid signature and claims is accepted without looking
 *     up its session: tokens keep working after logout, after their session expired or was ended by a refresh
 *     reuse, after their user was disabled, and a token minted with another role for a live session passes
 * @param refreshReuseKeepsSession when true, presenting an already used refresh token is refused (401) but its
 *     session is not ended: a thief who used a leaked token first keeps the session
 * @param slowDeny when true, every request the access control refuses (401, 403) waits {@link #SLOW_DENY} before
 *     it is answered, like a check that hashes on the deny path: denied answers are measurably slower than
 *     allowed ones (a timing oracle)
 */
public record AuthFaults(boolean noSessionCheck, boolean refreshReuseKeepsSession, boolean slowDeny)
        implements ModuleFaults {

    /** No fault: the auth module behaves. */
    public static final AuthFaults NONE = new AuthFaults(false, false, false);

    /** The extra time of a denied request under {@link #slowDeny()}: about one bcrypt check at cost 10. */
    public static final Duration SLOW_DENY = Duration.ofMillis(60);

    /** These faults, with {@link #noSessionCheck()} as given. */
    public AuthFaults withNoSessionCheck(boolean on) {
        return new AuthFaults(on, refreshReuseKeepsSession, slowDeny);
    }

    /** These faults, with {@link #refreshReuseKeepsSession()} as given. */
    public AuthFaults withRefreshReuseKeepsSession(boolean on) {
        return new AuthFaults(noSessionCheck, on, slowDeny);
    }

    /** These faults, with {@link #slowDeny()} as given. */
    public AuthFaults withSlowDeny(boolean on) {
        return new AuthFaults(noSessionCheck, refreshReuseKeepsSession, on);
    }

    @Override
    public boolean any() {
        return noSessionCheck || refreshReuseKeepsSession || slowDeny;
    }
}
