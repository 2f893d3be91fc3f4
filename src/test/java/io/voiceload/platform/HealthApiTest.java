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
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Liveness and readiness, with the dependencies taken away through their Toxiproxy proxies. */
@WithPlatform
@WithInfrastructure
class HealthApiTest {

    private final Api api;

    HealthApiTest(PlatformEndpoint platform) {
        // Health is public: no login, so no test here depends on Postgres or Redis being up to log in.
        this.api = new Api(platform).as(Role.ANYONE);
    }

    @Test
    void liveWhileServing() {
        Api.Response live = api.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().path("status").asText()).isEqualTo("up");
    }

    @Test
    void readyWithEachCheckAndItsLatency() {
        Api.Response ready = api.get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.body().path("status").asText()).isEqualTo("up");
        for (String dependency : new String[] {"postgres", "redis"}) {
            JsonNode check = ready.body().path("checks").path(dependency);
            assertThat(check.path("status").asText()).isEqualTo("up");
            assertThat(check.path("latencyMs").isNumber()).isTrue();
        }
    }

    @Test
    void notReadyWhilePostgresIsDown(@ProxyOf(Dependency.POSTGRES) Proxy postgres) throws Exception {
        postgres.disable();
        Api.Response down = api.get("/health/ready");

        assertThat(down.status()).as(down.raw()).isEqualTo(503);
        assertThat(down.body().path("status").asText()).isEqualTo("down");
        assertThat(down.body().path("checks").path("postgres").path("status").asText())
                .isEqualTo("down");
        assertThat(down.body().path("checks").path("redis").path("status").asText())
                .isEqualTo("up");
        assertThat(api.get("/health/live").status()).isEqualTo(200);

        postgres.enable();
        assertThat(readyWithin(Duration.ofSeconds(15))).isTrue();
    }

    @Test
    void notReadyWhileRedisIsDown(@ProxyOf(Dependency.REDIS) Proxy redis) throws Exception {
        redis.disable();
        Api.Response down = api.get("/health/ready");

        assertThat(down.status()).as(down.raw()).isEqualTo(503);
        assertThat(down.body().path("checks").path("redis").path("status").asText())
                .isEqualTo("down");
        assertThat(down.body().path("checks").path("postgres").path("status").asText())
                .isEqualTo("up");

        redis.enable();
        assertThat(readyWithin(Duration.ofSeconds(15))).isTrue();
    }

    private boolean readyWithin(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (api.get("/health/ready").status() == 200) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
