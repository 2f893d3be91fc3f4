package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.faults.FaultSpec;
import io.voiceload.faults.Faults;
import io.voiceload.faults.ServiceDown;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.pms.PmsFaults;
import io.voiceload.platform.store.PoolSettings;
import io.voiceload.platform.store.StoreFaults;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The four planted resilience bugs, each on a platform of its own ({@link EmbeddedPlatform#startAnother}), next to
 * the healthy platform under the same fault: no timeout on PMS calls ({@link PmsFaults}), an answer before the
 * commit ({@link CallFaults#answerBeforeCommit()}), a pool that never replaces a broken connection
 * ({@link StoreFaults}), and a 500 on a Redis error ({@link CallFaults#failOnCacheError()}).
 */
@WithPlatform
@WithInfrastructure
// The resources of the try blocks are the faults: on for the block, healed by close(), never referenced.
@SuppressWarnings("try")
class PlantedResilienceBugsTest {

    private final RunningInfrastructure infra = RunningInfrastructure.shared();
    private final Faults faults = Faults.on(infra);
    private final Api healthy;
    private final Api healthyFrontDesk;

    PlantedResilienceBugsTest(PlatformEndpoint platform) {
        this.healthy = new Api(platform).asService();
        this.healthyFrontDesk = new Api(platform).as(Role.FRONT_DESK);
    }

    @AfterEach
    void heal() {
        infra.resetFaults();
    }

    private static EmbeddedPlatform faulty(io.voiceload.platform.module.ModuleFaults planted) {
        return EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder().faults(planted).build());
    }

    private static Api service(EmbeddedPlatform platform) {
        return new Api(new PlatformEndpoint(platform.platform().baseUrl(), true)).asService();
    }

    @Test
    void withNoTimeoutOnPmsCallsAHungPmsHoldsTheRequestWhereTheHealthyPlatformFailsOver() throws Exception {
        try (EmbeddedPlatform platform = faulty(new PmsFaults(true))) {
            Api faultyApi = service(platform);
            String path = "/pms/reservations/" + PmsApiTest.PmsCalls.nextConfirmation();
            assertThat(faultyApi.get(path).status())
                    .as("served while the PMS is up")
                    .isEqualTo(200);
            try (Faults.Injected hung =
                    faults.inject(FaultSpec.serviceDown(platform.pms().primaryProxy(), ServiceDown.Mode.HUNG))) {
                assertThatThrownBy(() -> within(
                                faultyApi,
                                "/pms/reservations/" + PmsApiTest.PmsCalls.nextConfirmation(),
                                Duration.ofSeconds(4)))
                        .as("no answer within 4 s: the request waits for the hung PMS")
                        .isInstanceOf(HttpTimeoutException.class);
            }
        }
        try (Faults.Injected hung = faults.inject(FaultSpec.serviceDown("pms", ServiceDown.Mode.HUNG))) {
            HttpResponse<String> answer = within(
                    healthy, "/pms/reservations/" + PmsApiTest.PmsCalls.nextConfirmation(), Duration.ofSeconds(4));
            assertThat(answer.statusCode())
                    .as("the healthy platform fails over")
                    .isEqualTo(200);
        }
    }

    @Test
    void answeringBeforeTheCommitAcknowledgesCallsThatAreLostWhereTheHealthyPlatformAnswers503() throws Exception {
        String hotel = Api.newHotel();
        try (EmbeddedPlatform platform =
                faulty(CallFaults.builder().answerBeforeCommit(true).build())) {
            // A session (Redis), not the API key (checked in Postgres): the request reaches POST /calls.
            Api faultyApi = new Api(new PlatformEndpoint(platform.platform().baseUrl(), true)).as(Role.FRONT_DESK);
            String kept = faultyApi.createCall(hotel);
            String lost;
            try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("postgres", ServiceDown.Mode.REFUSED))) {
                Api.Response acknowledged = faultyApi.post("/calls", Api.validCall(hotel));
                assertThat(acknowledged.status()).as(acknowledged.raw()).isEqualTo(201);
                lost = acknowledged.body().path("id").asText();
                Api.Response refused = healthyFrontDesk.post("/calls", Api.validCall(hotel));
                assertThat(refused.status())
                        .as("the healthy platform: %s", refused.raw())
                        .isEqualTo(503);
                // The write behind the answer fails while Postgres is down: it waits for a connection, gives up.
                Thread.sleep(PoolSettings.CONNECTION_TIMEOUT.plusSeconds(1).toMillis());
            }
            Api.Response listed = awaitOk(faultyApi, "/calls?hotelId=" + hotel);
            assertThat(listed.body().path("items").findValuesAsText("id"))
                    .as("the acknowledged call is not in Postgres")
                    .contains(kept)
                    .doesNotContain(lost);
        }
    }

    @Test
    void aPoolThatKeepsBrokenConnectionsFailsLongAfterTheHealWhereTheHealthyPlatformRecovers() throws Exception {
        String hotel = Api.newHotel();
        try (EmbeddedPlatform platform = faulty(new StoreFaults(true))) {
            Api faultyApi = service(platform);
            faultyApi.createCall(hotel);
            try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("postgres", ServiceDown.Mode.REFUSED))) {
                assertThat(faultyApi.post("/calls", Api.validCall(hotel)).status())
                        .isEqualTo(503);
                assertThat(healthy.post("/calls", Api.validCall(hotel)).status())
                        .isEqualTo(503);
            }
            long healed = System.nanoTime();
            // The healthy platform is back within a couple of seconds (DependencyFailureTest measures it)...
            Api.Response back = healthy.post("/calls", Api.validCall(hotel));
            while (back.status() != 201
                    && System.nanoTime() - healed < Duration.ofSeconds(6).toNanos()) {
                Thread.sleep(50);
                back = healthy.post("/calls", Api.validCall(hotel));
            }
            assertThat(back.status())
                    .as("the healthy platform recovers: %s", back.raw())
                    .isEqualTo(201);
            // ... the faulty one still fails well after that, and would until restarted.
            while (System.nanoTime() - healed < Duration.ofSeconds(6).toNanos()) {
                Api.Response still = faultyApi.post("/calls", Api.validCall(hotel));
                assertThat(still.status())
                        .as("the faulty platform after the heal: %s", still.raw())
                        .isEqualTo(503);
                Thread.sleep(200);
            }
        }
    }

    @Test
    void aRedisErrorAnswers500WhereTheHealthyPlatformBypassesTheCache() throws Exception {
        String hotel = Api.newHotel();
        try (EmbeddedPlatform platform =
                faulty(CallFaults.builder().failOnCacheError(true).build())) {
            Api faultyApi = service(platform);
            faultyApi.createCall(hotel);
            try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("redis", ServiceDown.Mode.REFUSED))) {
                Api.Response failed = faultyApi.post("/calls", Api.validCall(hotel));
                assertThat(failed.status()).as(failed.raw()).isEqualTo(500);
                Api.Response created = healthy.post("/calls", Api.validCall(hotel));
                assertThat(created.status())
                        .as("the healthy platform: %s", created.raw())
                        .isEqualTo(201);
            }
        }
    }

    @Test
    void theSwitchesAreOffByDefault() {
        assertThat(PmsFaults.NONE.any()).isFalse();
        assertThat(StoreFaults.NONE.any()).isFalse();
        assertThat(CallFaults.NONE.answerBeforeCommit()).isFalse();
        assertThat(CallFaults.NONE.failOnCacheError()).isFalse();
        assertThat(PlatformOptions.defaults().faults()).isEmpty();
    }

    /** GET {@code path} with the client's credentials, failing with HttpTimeoutException after {@code timeout}. */
    private static HttpResponse<String> within(Api api, String path, Duration timeout) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.endpoint().resolve(path))
                .timeout(timeout)
                .GET();
        api.credentials().forEach(request::header);
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    private static Api.Response awaitOk(Api api, String path) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        Api.Response r = api.get(path);
        while (r.status() != 200 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = api.get(path);
        }
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r;
    }
}
