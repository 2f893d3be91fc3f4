package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** {@code GET /admin/metrics} of the embedded platform: who may read it, and that its counters move. */
@WithPlatform
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
