package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.Proxy;
import io.voiceload.infra.Dependency;
import io.voiceload.junit.ProxyOf;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import org.junit.jupiter.api.Test;

/** A dependency taken away answers 503 with Retry-After, never a 500, and nothing is half-written. */
@WithPlatform
@WithInfrastructure
class DependencyOutageApiTest {

    private final Api api;

    DependencyOutageApiTest(PlatformEndpoint platform) {
        this.api = new Api(platform).as(Role.FRONT_DESK); // logs in now, while everything is up
    }

    @Test
    void postgresDownGives503WithRetryAfterAndCreatesNothing(@ProxyOf(Dependency.POSTGRES) Proxy postgres)
            throws Exception {
        String hotel = Api.newHotel();
        postgres.disable();
        ServerLog.Captured<Api.Response> attempt = ServerLog.capture(() -> api.post("/calls", Api.validCall(hotel)));

        Api.Response refused = attempt.value();
        JsonNode error = refused.assertError(503);
        assertThat(refused.header("Retry-After")).isEqualTo("1");
        assertThat(error.path("details").path("dependency").asText()).isEqualTo("postgres");
        String errorId = error.path("details").path("errorId").asText();
        assertThat(errorId).isNotBlank();
        // One warning line with the errorId, no stack trace: the outage is expected, the cause is in the line.
        assertThat(attempt.log())
                .containsOnlyOnce("POST /calls: postgres unavailable; errorId " + errorId)
                .doesNotContain("\tat ");

        postgres.enable();
        Api.Response listed = awaitAnswer("/calls?hotelId=" + hotel);
        assertThat(listed.body().path("items")).isEmpty();
    }

    /** Pooled connections may need a moment to come back after the proxy is enabled again. */
    private Api.Response awaitAnswer(String path) throws InterruptedException {
        long deadline = System.nanoTime() + 15_000_000_000L;
        Api.Response r = api.get(path);
        while (r.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            r = api.get(path);
        }
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r;
    }
}
