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
        assertThat(PmsOptions.defaults().configured()).isFalse();
        URI pms = URI.create("http://127.0.0.1:9090");
        assertThat(PmsOptions.builder().primary(pms).build().configured()).isTrue();

        PmsOptions.Builder b = PmsOptions.builder();
        assertThatThrownBy(() -> b.secondary(pms).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a secondary PMS needs a primary; give primary, or neither");
        assertThatThrownBy(() -> b.primary(URI.create("ftp://pms")))
                .hasMessage("primary must be an http(s) URL with a host, not ftp://pms");
        assertThatThrownBy(() -> b.connectTimeout(Duration.ZERO))
                .hasMessage("connectTimeout must be between PT0.001S and PT1M, not PT0S");
        assertThatThrownBy(() -> b.requestTimeout(Duration.ofMinutes(2))).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> b.failureRateThreshold(0))
                .hasMessage("failureRateThreshold must be 1-100 (%), not 0.0");
        assertThatThrownBy(() -> b.slidingWindowSize(0))
                .hasMessage("slidingWindowSize must be between 1 and 10000, not 0");
        assertThatThrownBy(() -> b.minimumNumberOfCalls(10_001)).hasMessageContaining("minimumNumberOfCalls");
        assertThatThrownBy(() -> b.waitInOpenState(Duration.ZERO)).hasMessageContaining("waitInOpenState");
        assertThatThrownBy(() -> b.permittedCallsInHalfOpenState(0))
                .hasMessageContaining("permittedCallsInHalfOpenState");
        assertThatThrownBy(() -> b.cacheTtl(Duration.ofMillis(10))).hasMessageContaining("cacheTtl");
        assertThatThrownBy(() -> b.staleIfError(Duration.ofSeconds(-1))).hasMessageContaining("staleIfError");
        assertThatThrownBy(() -> b.syncPageSize(1_001)).hasMessageContaining("syncPageSize");
    }
}
