package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/metrics} of the embedded platform: who may read it, and that its counters move. */
@WithPlatform
@WithInfrastructure
class MetricsRoutesTest {

    private final Api api;

    MetricsRoutesTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
    }

    @Test
    void onlyManagersAndAdminsMayReadIt() {
        assertThat(Api.anonymous(api.endpoint()).get("/admin/metrics").status()).isEqualTo(401);
        assertThat(api.as(Role.GUEST).get("/admin/metrics").status()).isEqualTo(403);
        assertThat(api.as(Role.FRONT_DESK).get("/admin/metrics").status()).isEqualTo(403);
        assertThat(api.as(Role.MANAGER).get("/admin/metrics").status()).isEqualTo(200);
        assertThat(api.as(Role.ADMIN).get("/admin/metrics").status()).isEqualTo(200);
    }

    @Test
    void poolAcquisitionsMoveWhenThePoolIsUsedAndTheHistogramAgrees() throws DataFormatException {
        JsonNode before = metrics().path("dbPool");
        assertThat(before.path("name").asText()).isEqualTo("voiceload-platform");
        assertThat(before.path("maxSize").asInt()).isPositive();

        for (int i = 0; i < 3; i++) {
            api.createCall(Api.newHotel());
        }
        JsonNode after = metrics().path("dbPool");

        assertThat(after.path("acquisitions").asLong())
                .isGreaterThanOrEqualTo(before.path("acquisitions").asLong() + 3);
        Histogram waits = Histogram.fromString(after.path("waitNanosHistogram").asText());
        assertThat(waits.getTotalCount()).isEqualTo(after.path("acquisitions").asLong());
        Histogram difference = waits.copy();
        difference.subtract(
                Histogram.fromString(before.path("waitNanosHistogram").asText()));
        assertThat(difference.getTotalCount())
                .isEqualTo(after.path("acquisitions").asLong()
                        - before.path("acquisitions").asLong());
        assertThat(after.path("timeouts").asLong()).isNotNegative();
        // One pending-count sample per acquisition (copied a moment after the waits, so perhaps a few more).
        assertThat(Histogram.fromString(after.path("pendingHistogram").asText()).getTotalCount())
                .isGreaterThanOrEqualTo(before.path("acquisitions").asLong() + 3);
    }

    @Test
    void redisCountsThePlatformsOpenConnectionsWhichReturnToTheirIdleNumberAfterABurst() throws Exception {
        try (EmbeddedPlatform own =
                EmbeddedPlatform.startAnother(RunningInfrastructure.shared(), PlatformOptions.defaults())) {
            Api manager = new Api(new PlatformEndpoint(own.platform().baseUrl(), true)).as(Role.MANAGER);
            JsonNode idle = manager.get("/admin/metrics").body().path("redis");
            assertThat(idle.path("openConnections").asInt()).as("%s", idle).isPositive();

            Api staff = new Api(new PlatformEndpoint(own.platform().baseUrl(), true)).as(Role.FRONT_DESK);
            try (ExecutorService burst = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 40; i++) {
                    burst.submit(() -> staff.get("/auth/me"));
                }
            }
            assertThat(manager.get("/admin/metrics")
                            .body()
                            .path("redis")
                            .path("openConnections")
                            .asInt())
                    .as("after 40 concurrent requests")
                    .isEqualTo(idle.path("openConnections").asInt());

            // One more connection on the platform's client counts while it is open, and no longer once closed.
            try (StatefulRedisConnection<String, String> extra = own.redis().connect()) {
                // Counted when the client's connection-activated event arrives, just after connect() returns.
                long opened = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                JsonNode open = manager.get("/admin/metrics").body().path("redis");
                while (open.path("openConnections").asInt()
                                != idle.path("openConnections").asInt() + 1
                        && System.nanoTime() < opened) {
                    Thread.sleep(20);
                    open = manager.get("/admin/metrics").body().path("redis");
                }
                assertThat(open.path("openConnections").asInt())
                        .isEqualTo(idle.path("openConnections").asInt() + 1);
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            JsonNode closed = manager.get("/admin/metrics").body().path("redis");
            while (closed.path("openConnections").asInt()
                            != idle.path("openConnections").asInt()
                    && System.nanoTime() < deadline) {
                Thread.sleep(20);
                closed = manager.get("/admin/metrics").body().path("redis");
            }
            assertThat(closed.path("openConnections").asInt())
                    .isEqualTo(idle.path("openConnections").asInt());
            assertThat(closed.path("deactivations").asLong())
                    .isGreaterThan(idle.path("deactivations").asLong());
        }
    }

    @Test
    void pmsCacheHitsAndMissesMoveWithReadThroughLookups() {
        JsonNode before = metrics().path("pmsCache");
        String confirmation = PmsApiTest.PmsCalls.nextConfirmation();

        assertThat(api.as(Role.FRONT_DESK)
                        .get("/pms/reservations/" + confirmation)
                        .cache())
                .isEqualTo("miss");
        assertThat(api.as(Role.FRONT_DESK)
                        .get("/pms/reservations/" + confirmation)
                        .cache())
                .isEqualTo("hit");
        JsonNode after = metrics().path("pmsCache");

        assertThat(after.path("hits").asLong())
                .isGreaterThanOrEqualTo(before.path("hits").asLong() + 1);
        assertThat(after.path("misses").asLong())
                .isGreaterThanOrEqualTo(before.path("misses").asLong() + 1);
    }

    private JsonNode metrics() {
        Api.Response response = api.as(Role.MANAGER).get("/admin/metrics");
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }
}
