package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.faults.FaultSpec;
import io.voiceload.faults.Faults;
import io.voiceload.faults.ServiceDown;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.pms.PmsFaults;
import io.voiceload.platform.pms.PmsOptions;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The planted bugs of the PMS connector ({@link PmsFaults}), each on a platform of its own
 * ({@link EmbeddedPlatform#startAnother}, with PMS simulators and proxies of its own), next to the healthy platform
 * under the same check: the healthy one passes it, the planted one fails it.
 */
@WithPlatform
@WithInfrastructure
// The resources of the try blocks are the faults: on for the block, healed by close(), never referenced.
@SuppressWarnings("try")
class PlantedPmsBugsTest {

    private static final int LOOKUPS = 3 * PmsOptions.DEFAULT_SLIDING_WINDOW_SIZE;

    private final RunningInfrastructure infra = RunningInfrastructure.shared();
    private final Faults faults = Faults.on(infra);
    private final Api healthy;
    private final PmsApiTest.PmsCalls healthyPms;

    PlantedPmsBugsTest(PlatformEndpoint platform) {
        this.healthy = new Api(platform);
        this.healthyPms = new PmsApiTest.PmsCalls(healthy, platform);
    }

    @BeforeEach
    @AfterEach
    void heal() {
        infra.resetFaults();
        assertThat(healthy.as(Role.ADMIN).post("/admin/pms/reset", "").status()).isEqualTo(200);
    }

    private static EmbeddedPlatform faulty(PmsFaults planted) {
        return EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(planted).build());
    }

    private static PlatformEndpoint endpoint(EmbeddedPlatform platform) {
        return new PlatformEndpoint(platform.platform().baseUrl(), true);
    }

    @Test
    void withBreakersThatNeverOpenADeadPrimaryIsCalledEveryTimeWhereTheHealthyBreakerOpens() {
        try (EmbeddedPlatform platform = faulty(PmsFaults.NONE.withBreakerNeverOpens(true))) {
            Api faultyApi = new Api(endpoint(platform)).asService();
            PmsApiTest.PmsCalls faultyPms = new PmsApiTest.PmsCalls(faultyApi, endpoint(platform));
            try (Faults.Injected down =
                    faults.inject(FaultSpec.serviceDown(platform.pms().primaryProxy(), ServiceDown.Mode.REFUSED))) {
                for (int i = 0; i < LOOKUPS; i++) {
                    assertThat(lookup(faultyApi).status()).isEqualTo(200);
                }
            }
            JsonNode primary = faultyPms.endpoint("primary");
            assertThat(primary.path("state").asText()).isEqualTo("closed");
            assertThat(primary.path("calls").asLong()).isEqualTo(LOOKUPS);
            assertThat(primary.path("shortCircuited").asLong()).isZero();
            assertThat(primary.path("transitions")).isEmpty();
        }
        Api frontDesk = healthy.as(Role.FRONT_DESK);
        try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("pms", ServiceDown.Mode.REFUSED))) {
            for (int i = 0; i < LOOKUPS; i++) {
                assertThat(lookup(frontDesk).status()).isEqualTo(200);
            }
            JsonNode primary = healthyPms.endpoint("primary");
            assertThat(primary.path("state").asText()).isEqualTo("open");
            assertThat(primary.path("shortCircuited").asLong()).isPositive();
            assertThat(primary.path("transitions").findValuesAsText("to")).contains("open");
        }
    }

    @Test
    void withoutFailoverAFailedPrimaryCallAnswers503WhereTheHealthyPlatformAsksTheSecondary() {
        try (EmbeddedPlatform platform = faulty(PmsFaults.NONE.withNoFailover(true))) {
            Api faultyApi = new Api(endpoint(platform)).asService();
            try (Faults.Injected down =
                    faults.inject(FaultSpec.serviceDown(platform.pms().primaryProxy(), ServiceDown.Mode.REFUSED))) {
                Api.Response refused = lookup(faultyApi);
                JsonNode reasons = refused.assertError(503).path("details").path("reasons");
                assertThat(reasons.path("primary").asText()).isEqualTo("connection refused");
                assertThat(reasons.has("secondary")).isFalse();
            }
        }
        try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("pms", ServiceDown.Mode.REFUSED))) {
            Api.Response answered = lookup(healthy.as(Role.FRONT_DESK));
            assertThat(answered.status()).as(answered.raw()).isEqualTo(200);
            assertThat(answered.header("X-Pms-Endpoint")).isEqualTo("secondary");
            assertThat(answered.header("X-Pms-Failover")).isEqualTo("true");
        }
    }

    @Test
    void withoutInvalidationAnUpdatedGuestIsReadAtItsOldVersionWhereTheHealthyPlatformReadsTheNewOne()
            throws InterruptedException {
        try (EmbeddedPlatform platform = faulty(PmsFaults.NONE.withCacheNotInvalidated(true))) {
            Api faultyApi = new Api(endpoint(platform)).asService();
            PmsApiTest.PmsCalls faultyPms = new PmsApiTest.PmsCalls(faultyApi, endpoint(platform));
            ReadAfterWrite seen = updateThenRead(faultyApi, faultyPms);
            assertThat(seen.read().cache()).isEqualTo("hit");
            assertThat(seen.read().body().path("version").asLong())
                    .as("the planted bug serves the version before the acknowledged update")
                    .isLessThan(seen.written());
            assertThat(PmsApiTest.PmsCalls.readYourWritesViolations(
                            faultyApi, faultyPms, PmsApiTest.PmsCalls.nextGuest()))
                    .isNotEmpty();
        }
        ReadAfterWrite seen = updateThenRead(healthy.as(Role.FRONT_DESK), healthyPms);
        assertThat(seen.read().cache()).isEqualTo("miss");
        assertThat(seen.read().body().path("version").asLong()).isEqualTo(seen.written());
        assertThat(seen.read().header("ETag")).isEqualTo("\"" + seen.written() + "\"");
    }

    @Test
    void aSyncWhoseCursorLagsAPageRewritesThatPageOnEveryRunWhereTheHealthySyncStoresNothingNew() {
        try (EmbeddedPlatform platform = faulty(PmsFaults.NONE.withSyncDuplicatesPage(true))) {
            Api faultyApi = new Api(endpoint(platform)).asService();
            PmsApiTest.PmsCalls faultyPms = new PmsApiTest.PmsCalls(faultyApi, endpoint(platform));
            // The table is every platform's of this database: a row whose reservation another platform's PMS changed
            // later keeps that newer change and is not rewritten here. This sync starts from an empty table.
            try (java.sql.Connection c = platform.pool().getConnection();
                    java.sql.Statement s = c.createStatement()) {
                s.execute("TRUNCATE pms_reservations");
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("emptying pms_reservations failed", e);
            }
            faultyPms.sync(true);
            JsonNode again = faultyPms.sync(false);
            assertThat(again.path("received").asLong())
                    .as("a re-run reads the last page again")
                    .isPositive();
            assertThat(again.path("updated").asLong())
                    .as("and rewrites it although nothing changed")
                    .isEqualTo(again.path("received").asLong());
        }
        JsonNode full = healthyPms.sync(true); // also puts the shared cursor back where it belongs
        JsonNode again = healthyPms.sync(false);
        assertThat(again.path("received").asLong()).isZero();
        assertThat(again.path("updated").asLong()).isZero();
        assertThat(again.path("rows").asLong()).isEqualTo(full.path("rows").asLong());
    }

    private record ReadAfterWrite(long written, Api.Response read) {}

    /** Caches a guest's profile, updates it through the platform, reads it again. */
    private static ReadAfterWrite updateThenRead(Api api, PmsApiTest.PmsCalls pms) {
        String guest = PmsApiTest.PmsCalls.nextGuest();
        api.get("/pms/guests/" + guest);
        assertThat(api.get("/pms/guests/" + guest).cache()).isEqualTo("hit");
        String email = "planted." + guest.toLowerCase(Locale.ROOT) + "@example.org";
        Api.Response updated = pms.patch(api, "/pms/guests/" + guest, "{\"email\": \"" + email + "\"}");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        return new ReadAfterWrite(updated.body().path("version").asLong(), api.get("/pms/guests/" + guest));
    }

    private static Api.Response lookup(Api api) {
        return api.get("/pms/reservations/" + PmsApiTest.PmsCalls.nextConfirmation());
    }
}
