package io.voiceload.suite.support;

import io.voiceload.http.Http;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;

/**
 * Fast clients ({@link Http}) to the platform under test, by who sends their requests. Each is one connection
 * pool for all virtual users of a test: keep it in a field JUnit closes.
 *
 * <pre>{@code
 * @AutoClose
 * private final Http http;
 *
 * CallEventsLoadIT(PlatformEndpoint platform) {
 *     http = PlatformClients.eachUserAs(platform, UserRole.FRONT_DESK);
 * }
 * }</pre>
 */
public final class PlatformClients {
    private PlatformClients() {}

    /**
     * A client whose requests carry the current virtual user's own session of {@code role} (each virtual user
     * logged in as its own user of the role's pool, see {@link PlatformEndpoint#session}); outside a run none is
     * added, and a request's own {@code Authorization} header wins over it.
     */
    public static Http eachUserAs(PlatformEndpoint platform, UserRole role) {
        return Http.builder(platform.baseUrl().toString())
                .defaultHeader("Authorization", () -> VirtualUser.current()
                        .map(u -> platform.session(u, role))
                        .orElse(null))
                .build();
    }

    /** A client without default credentials: each request names who sends it. */
    public static Http withoutCredentials(PlatformEndpoint platform) {
        return Http.to(platform.baseUrl().toString());
    }
}
