package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.faults.FaultSpec;
import io.voiceload.faults.Faults;
import io.voiceload.faults.ServiceControls;
import io.voiceload.faults.ServiceDown;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.pms.PmsOptions;
import io.voiceload.platform.store.PoolSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The platform with each dependency down ({@code @ServiceDown}'s operations, injected with {@link Faults#inject}):
 * the PMS primary down fails over with no visible error; both PMS endpoints down answer 503 with Retry-After;
 * Redis down keeps API keys and calls working and refuses sessions with 503 and Retry-After; Postgres down answers
 * 503 with Retry-After. Never a 500, never longer than the timeouts; and everything recovers by itself after the
 * heal, within a few seconds (each recovery time is printed as {@code [recovery] …}).
 */
@WithPlatform
@WithInfrastructure
// The resources of the try blocks are the faults: on for the block, healed by close(), never referenced.
@SuppressWarnings("try")
class DependencyFailureTest {

    /** The longest a request may take while Postgres is down: a read's timeout, the wait for a connection, slack. */
    static final Duration POSTGRES_BOUND =
            PoolSettings.SOCKET_TIMEOUT.plus(PoolSettings.CONNECTION_TIMEOUT).plusSeconds(1);
    /** The longest a PMS route may take with both endpoints hung: a request timeout each, slack. */
    static final Duration PMS_BOUND =
            PmsOptions.DEFAULT_REQUEST_TIMEOUT.multipliedBy(2).plusSeconds(1);
    /** Redis commands time out after 500 ms; a request makes at most a few. */
    static final Duration REDIS_BOUND =
            HotelVoicePlatform.REDIS_TIMEOUT.multipliedBy(4).plusSeconds(1);
    /** How soon after the heal each dependency must be back in use. */
    static final Duration RECOVERY = Duration.ofSeconds(6);

    private final RunningInfrastructure infra = RunningInfrastructure.shared();
    private final Faults faults = Faults.on(infra);
    private final Api admin;
    private final Api frontDesk;
    private final Api service;

    DependencyFailureTest(PlatformEndpoint platform) {
        this.admin = new Api(platform);
        this.frontDesk = admin.as(Role.FRONT_DESK); // logs in now, while Redis is up
        this.service = admin.asService();
    }

    @BeforeEach
    @AfterEach
    void closeBreakers() {
        infra.resetFaults();
        Api.Response reset = admin.post("/admin/pms/reset", "");
        assertThat(reset.status()).as(reset.raw()).isEqualTo(200);
    }

    @Test
    void thePmsPrimaryAnsweringErrorsFailsOverWithNoVisibleError() throws Exception {
        try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("pms", ServiceDown.Mode.ERRORS))) {
            HttpResponse<String> health = simulatorHealth();
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.headers().firstValue("Retry-After")).hasValue("1");
            for (int i = 0; i < 12; i++) {
                Api.Response r = lookup();
                assertThat(r.status()).as(r.raw()).isEqualTo(200);
            }
        }
        assertThat(simulatorHealth().statusCode()).as("up again once healed").isEqualTo(200);
        assertThat(ServiceControls.names()).contains("pms", "pms_secondary");
    }

    @ParameterizedTest
    @EnumSource(ServiceDown.Mode.class)
    void bothPmsEndpointsDownAnswer503WithRetryAfterAndRecover(ServiceDown.Mode mode) throws Exception {
        try (Faults.Injected primary = faults.inject(FaultSpec.serviceDown("pms", mode));
                Faults.Injected secondary = faults.inject(FaultSpec.serviceDown("pms_secondary", mode))) {
            for (int i = 0; i < 6; i++) {
                Api.Response r = timed(this::lookup, PMS_BOUND);
                JsonNode error = r.assertError(503);
                assertThat(error.path("error").asText()).isEqualTo("pms_unavailable");
                assertThat(r.header("Retry-After")).isEqualTo("1");
            }
        }
        recovers("pms " + mode, () -> lookup().status() == 200);
    }

    @ParameterizedTest
    @EnumSource(
            value = ServiceDown.Mode.class,
            names = {"REFUSED", "HUNG"})
    void redisDownKeepsApiKeysAndCallsWorkingAndRefusesSessionsWith503(ServiceDown.Mode mode) throws Exception {
        String hotel = Api.newHotel();
        try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("redis", mode))) {
            for (int i = 0; i < 3; i++) {
                Api.Response created = timed(() -> service.post("/calls", Api.validCall(hotel)), REDIS_BOUND);
                assertThat(created.status()).as(created.raw()).isEqualTo(201);
                String id = created.body().path("id").asText();
                Api.Response read = timed(() -> service.get("/calls/" + id), REDIS_BOUND);
                assertThat(read.status()).as(read.raw()).isEqualTo(200);
                assertThat(read.body().path("id").asText()).isEqualTo(id);
            }
            Api.Response refused = timed(() -> frontDesk.get("/calls?hotelId=" + hotel), REDIS_BOUND);
            refused.assertError(503);
            assertThat(refused.header("Retry-After")).isEqualTo("1");
        }
        recovers("redis " + mode, () -> frontDesk.get("/calls?hotelId=" + hotel).status() == 200);
    }

    @ParameterizedTest
    @EnumSource(
            value = ServiceDown.Mode.class,
            names = {"REFUSED", "HUNG"})
    void postgresDownAnswers503WithRetryAfterWithinThePoolTimeoutsAndRecovers(ServiceDown.Mode mode) throws Exception {
        String hotel = Api.newHotel();
        service.createCall(hotel); // the pool's connections are in use just before
        try (Faults.Injected down = faults.inject(FaultSpec.serviceDown("postgres", mode))) {
            for (int i = 0; i < 3; i++) {
                Api.Response r = timed(() -> service.post("/calls", Api.validCall(hotel)), POSTGRES_BOUND);
                JsonNode error = r.assertError(503);
                assertThat(error.path("details").path("dependency").asText()).isEqualTo("postgres");
                assertThat(r.header("Retry-After")).isEqualTo("1");
            }
        }
        recovers(
                "postgres " + mode,
                () -> service.post("/calls", Api.validCall(hotel)).status() == 201);
    }

    @Test
    void theMetricsShowThePoolAndTheThreads() {
        JsonNode metrics = admin.get("/admin/metrics").body();
        assertThat(metrics.path("dbPool").has("active")).isTrue();
        assertThat(metrics.path("dbPool").has("idle")).isTrue();
        assertThat(metrics.path("dbPool").has("pending")).isTrue();
        assertThat(metrics.path("jvm").path("liveThreads").asInt()).isPositive();
        assertThat(metrics.path("jvm").path("peakThreads").asInt())
                .isGreaterThanOrEqualTo(metrics.path("jvm").path("liveThreads").asInt());
        assertThat(metrics.path("jvm").path("daemonThreads").asInt()).isPositive();
    }

    private Api.Response lookup() {
        return frontDesk.get("/pms/reservations/" + PmsApiTest.PmsCalls.nextConfirmation());
    }

    private static HttpResponse<String> simulatorHealth() throws Exception {
        URI health = PmsApiTest.PmsCalls.simulator("/health");
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(health)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Runs {@code request}, asserting it answered within {@code bound}: never a hang. */
    private static Api.Response timed(Supplier<Api.Response> request, Duration bound) {
        long start = System.nanoTime();
        Api.Response r = request.get();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).as("answered within %s: %s", bound, r.raw()).isLessThanOrEqualTo(bound);
        assertThat(r.status()).as("never a 500: %s", r.raw()).isNotEqualTo(500);
        return r;
    }

    /** Asserts that {@code ok} holds within {@link #RECOVERY} of now (the heal), and prints how soon it did. */
    private static void recovers(String what, Supplier<Boolean> ok) throws InterruptedException {
        long healed = System.nanoTime();
        long deadline = healed + RECOVERY.toNanos();
        boolean back = ok.get();
        while (!back && System.nanoTime() < deadline) {
            Thread.sleep(50);
            back = ok.get();
        }
        long ms = (System.nanoTime() - healed) / 1_000_000;
        System.out.println("[recovery] " + what + ": back " + ms + " ms after the heal");
        assertThat(back).as("%s back within %s of the heal", what, RECOVERY).isTrue();
    }
}
