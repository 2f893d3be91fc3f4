package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.auth.AuthFaults;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The planted bugs of the auth module ({@link AuthFaults}), each on a platform of its own
 * ({@link EmbeddedPlatform#startAnother}), next to the healthy platform under the same check: the healthy one
 * passes it, the planted one fails it.
 */
@WithPlatform
class PlantedAuthBugsTest {

    private static final String PASSWORD = "guest-demo-password";

    private final AuthClient healthy;

    PlantedAuthBugsTest(PlatformEndpoint platform) {
        this.healthy = new AuthClient(Api.anonymous(platform));
    }

    private static EmbeddedPlatform faulty(AuthFaults planted) {
        return EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder()
                        .auth(AuthOptions.builder()
                                .bcryptCost(4)
                                .demoUsers(List.of())
                                .build())
                        .faults(planted)
                        .build());
    }

    private static AuthClient client(EmbeddedPlatform platform) {
        return new AuthClient(
                Api.anonymous(new PlatformEndpoint(platform.platform().baseUrl(), true)));
    }

    @Test
    void withoutTheSessionCheckATokenOutlivesItsLogout() {
        assertThat(tokenAfterLogout(healthy, "guest-0131")).isEqualTo(401);
        try (EmbeddedPlatform platform = faulty(AuthFaults.NONE.withNoSessionCheck(true))) {
            assertThat(tokenAfterLogout(client(platform), "guest-0132")).isEqualTo(200);
        }
    }

    @Test
    void whenReuseKeepsTheSessionTheThiefKeepsIt() {
        assertThat(sessionAfterReuse(healthy, "guest-0133")).isEqualTo(401);
        try (EmbeddedPlatform platform = faulty(AuthFaults.NONE.withRefreshReuseKeepsSession(true))) {
            assertThat(sessionAfterReuse(client(platform), "guest-0134")).isEqualTo(200);
        }
    }

    @Test
    void aSlowDenyPathIsMeasurablySlowerThanAnAllowedRequest() {
        Duration margin = AuthFaults.SLOW_DENY.dividedBy(2);
        assertThat(denyMinusAllow(healthy, "guest-0135")).as("healthy").isLessThan(margin);
        try (EmbeddedPlatform platform = faulty(AuthFaults.NONE.withSlowDeny(true))) {
            assertThat(denyMinusAllow(client(platform), "guest-0136"))
                    .as("slowDeny")
                    .isGreaterThanOrEqualTo(margin);
        }
    }

    /** The status of {@code GET /auth/me} with an access token whose session was logged out. */
    private static int tokenAfterLogout(AuthClient auth, String username) {
        String token = auth.loggedIn(username, PASSWORD).path("accessToken").asText();
        assertThat(auth.withToken("POST", "/auth/logout", token).status()).isEqualTo(204);
        return auth.me(token).status();
    }

    /**
     * The status of {@code GET /auth/me} with the thief's access token after the owner presented the refresh
     * token the thief had already used.
     */
    private static int sessionAfterReuse(AuthClient auth, String username) {
        String stolen = auth.loggedIn(username, PASSWORD).path("refreshToken").asText();
        JsonNode thief = auth.refresh(stolen).body();
        Api.Response owner = auth.refresh(stolen);
        owner.assertError(401);
        assertThat(owner.body().path("error").asText()).contains("already used");
        return auth.me(thief.path("accessToken").asText()).status();
    }

    /** Median time of denied requests (401 and 403) minus that of allowed ones, interleaved. */
    private static Duration denyMinusAllow(AuthClient auth, String username) {
        String token = auth.loggedIn(username, PASSWORD).path("accessToken").asText();
        int rounds = 21;
        long[] allowed = new long[rounds];
        long[] denied = new long[rounds];
        for (int i = -3; i < rounds; i++) { // three rounds of warm-up
            long start = System.nanoTime();
            assertThat(auth.me(token).status()).isEqualTo(200);
            long allow = System.nanoTime() - start;
            start = System.nanoTime();
            int status = i % 2 == 0
                    ? auth.withToken("GET", "/calls?limit=1", token).status()
                    : auth.me(token + "x").status();
            long deny = System.nanoTime() - start;
            assertThat(status).isIn(401, 403);
            if (i >= 0) {
                allowed[i] = allow;
                denied[i] = deny;
            }
        }
        return Duration.ofNanos(median(denied) - median(allowed));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
