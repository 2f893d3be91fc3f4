package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.pms.PmsOptions;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** A platform started without a PMS: the PMS routes answer 503 pms_not_configured, the rest works. */
@WithInfrastructure
class PmsNotConfiguredTest {

    @Test
    void pmsRoutesAnswer503AndEverythingElseWorks(DataSource dataSource, RedisClient redisClient) {
        try (HotelVoicePlatform platform = HotelVoicePlatform.start(dataSource, redisClient)) {
            Api api = new Api(new PlatformEndpoint(platform.baseUrl(), true));
            PmsApiTest.PmsCalls pms = new PmsApiTest.PmsCalls(api, new PlatformEndpoint(platform.baseUrl(), true));

            for (Api.Response refused : new Api.Response[] {
                api.get("/pms/reservations/GZ-000001"),
                api.get("/pms/reservations?lastName=Smith"),
                api.get("/pms/guests/G-000001"),
                pms.patch(api, "/pms/guests/G-000001", "{\"vip\": true}"),
                api.as(Role.MANAGER).post("/pms/sync", Map.of())
            }) {
                JsonNode error = refused.assertError(503);
                assertThat(error.path("error").asText()).isEqualTo("pms_not_configured");
            }
            Api.Response admin = api.get("/admin/pms");
            assertThat(admin.status()).isEqualTo(200);
            assertThat(admin.body().path("configured").asBoolean(true)).isFalse();

            assertThat(api.post("/calls", Api.validCall(Api.newHotel())).status())
                    .isEqualTo(201);
            Api.Response ready = api.as(Role.ANYONE).get("/health/ready");
            assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
            assertThat(ready.body().path("checks").has("pms")).isFalse();
        }
    }

    @Test
    void optionsAreCheckedNamingTheSetting() {
        PmsOptions defaults = PmsOptions.defaults();
        assertThat(defaults.configured()).isFalse();
        URI pms = URI.create("http://127.0.0.1:9090");
        assertThat(defaults.withEndpoints(pms, null).configured()).isTrue();

        assertThatThrownBy(() -> defaults.withEndpoints(null, pms))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("secondary");
        assertThatThrownBy(() -> defaults.withEndpoints(URI.create("ftp://pms"), null))
                .hasMessageContaining("primary must be an http(s) URL");
        assertThatThrownBy(() -> defaults.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connectTimeout");
        assertThatThrownBy(() -> defaults.withBreaker(0, 10, 5, Duration.ofSeconds(1), 2))
                .hasMessageContaining("failureRateThreshold must be 1-100");
        assertThatThrownBy(() -> defaults.withBreaker(50, 0, 5, Duration.ofSeconds(1), 2))
                .hasMessageContaining("slidingWindowSize");
        assertThatThrownBy(() -> defaults.withBreaker(50, 10, 5, Duration.ofSeconds(1), 0))
                .hasMessageContaining("permittedCallsInHalfOpenState");
        assertThatThrownBy(() -> defaults.withCache(Duration.ofMillis(10), Duration.ZERO))
                .hasMessageContaining("cacheTtl");
        assertThatThrownBy(() -> defaults.withCache(Duration.ofSeconds(10), Duration.ofSeconds(-1)))
                .hasMessageContaining("staleIfError");
    }
}
