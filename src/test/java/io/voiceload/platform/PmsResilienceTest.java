package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.infra.Dependency;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.pms.PmsOptions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's circuit breakers and failover, with the primary (and secondary) PMS taken away
 * through the {@code pms} and {@code pms_secondary} Toxiproxy proxies. The embedded platform runs with
 * {@link PmsOptions#defaults()}: a breaker opens at 50 % failures once it has 4 calls, waits 2 s, then
 * lets 2 probe calls through; requests time out after 1 s.
 */
@WithPlatform
@WithInfrastructure
class PmsResilienceTest {

    /** Longer than the wait in open state, plus room for a slow machine. */
    private static final Duration RECOVERY = PmsOptions.DEFAULT_WAIT_IN_OPEN_STATE.plusSeconds(10);

    private final Api api;
    private final PmsApiTest.PmsCalls pms;
    private final RunningInfrastructure infra = RunningInfrastructure.shared();

    PmsResilienceTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
        this.pms = new PmsApiTest.PmsCalls(api, platform);
    }

    @BeforeEach
    @AfterEach
    void closeBreakers() {
        infra.resetFaults();
        Api.Response reset = api.as(Role.ADMIN).post("/admin/pms/reset", "");
        assertThat(reset.status()).as(reset.raw()).isEqualTo(200);
        assertThat(reset.body().path("endpoints").findValuesAsText("state")).containsOnly("closed");
    }

    @Test
    void primaryDownOpensItsCircuitFailsOverAndClosesAgainOnceHealed() throws IOException {
        JsonNode before = pms.admin();
        Proxy primary = infra.proxy("pms");
        primary.disable();

        // Every lookup is still answered (by the secondary) while the primary's breaker fills and opens.
        int lookups = 0;
        while (lookups < 20 && !pms.endpoint("primary").path("state").asText().equals("open")) {
            Api.Response answer = lookup();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.header("X-Pms-Endpoint")).isEqualTo("secondary");
            assertThat(answer.header("X-Pms-Failover")).isEqualTo("true");
            lookups++;
        }
        JsonNode open = pms.admin();
        JsonNode primaryOpen = pms.endpoint("primary");
        assertThat(primaryOpen.path("state").asText()).isEqualTo("open");
        assertThat(primaryOpen.path("failureRate").asDouble()).isGreaterThanOrEqualTo(50.0);
        assertThat(primaryOpen.path("failures").asLong())
                .isGreaterThanOrEqualTo(PmsOptions.DEFAULT_MINIMUM_NUMBER_OF_CALLS);
        assertThat(open.path("activeEndpoint").asText()).isEqualTo("secondary");
        assertThat(open.path("failovers").asLong() - before.path("failovers").asLong())
                .isEqualTo(lookups);
        assertThat(pms.endpoint("secondary").path("state").asText()).isEqualTo("closed");

        // While open, the primary is not even tried.
        long notPermitted = primaryOpen.path("notPermitted").asLong();
        assertThat(lookup().status()).isEqualTo(200);
        assertThat(pms.endpoint("primary").path("notPermitted").asLong()).isEqualTo(notPermitted + 1);
        assertThat(pms.endpoint("primary").path("calls").asLong())
                .isEqualTo(primaryOpen.path("calls").asLong());
        // A failover is possible, so the platform stays ready.
        Api.Response ready = api.as(Role.ANYONE).get("/health/ready");
        assertThat(ready.status()).as(ready.raw()).isEqualTo(200);
        assertThat(ready.body().path("checks").path("pms").path("status").asText())
                .isEqualTo("up");

        primary.enable();
        awaitAdmin(s -> state(s, "primary").equals("half_open"), RECOVERY);

        int probes = 0;
        while (probes < 10 && !pms.endpoint("primary").path("state").asText().equals("closed")) {
            assertThat(lookup().status()).isEqualTo(200);
            probes++;
        }
        JsonNode closed = pms.admin();
        assertThat(state(closed, "primary")).isEqualTo("closed");
        assertThat(probes).isEqualTo(PmsOptions.DEFAULT_PERMITTED_CALLS_IN_HALF_OPEN_STATE);
        assertThat(closed.path("activeEndpoint").asText()).isEqualTo("primary");
        assertThat(closed.path("failovers").asLong())
                .isEqualTo(open.path("failovers").asLong() + 1);

        // The timeline: opened, half-open after the wait, closed by the probes; oldest first, with their time.
        JsonNode transitions = pms.endpoint("primary").path("transitions");
        List<String> steps = new ArrayList<>();
        transitions.forEach(
                t -> steps.add(t.path("from").asText() + ">" + t.path("to").asText()));
        assertThat(String.join(",", steps)).endsWith("closed>open,open>half_open,half_open>closed");
        JsonNode opened = transitions.get(transitions.size() - 3);
        JsonNode halfOpen = transitions.get(transitions.size() - 2);
        assertThat(Instant.parse(opened.path("at").asText()).toEpochMilli())
                .isEqualTo(opened.path("atEpochMs").asLong());
        assertThat(halfOpen.path("atEpochMs").asLong()
                        - opened.path("atEpochMs").asLong())
                // The wait starts as the breaker opens, a little before the event that says so is stamped.
                .isGreaterThanOrEqualTo(PmsOptions.DEFAULT_WAIT_IN_OPEN_STATE.toMillis() - 250);
        assertThat(pms.endpoint("primary").path("shortCircuited").asLong())
                .isLessThanOrEqualTo(
                        pms.endpoint("primary").path("notPermitted").asLong())
                .isGreaterThanOrEqualTo(primaryOpen.path("shortCircuited").asLong() + 1);

        // The same in the metrics snapshot, for the load test's report.
        Api.Response metrics = api.as(Role.MANAGER).get("/admin/metrics");
        assertThat(metrics.status()).as(metrics.raw()).isEqualTo(200);
        JsonNode breaker = metrics.body().path("pmsBreakers").path("primary");
        assertThat(breaker.path("state").asText()).isEqualTo("closed");
        assertThat(breaker.path("transitions")).isEqualTo(transitions);
        assertThat(breaker.path("calls").asLong())
                .isEqualTo(pms.endpoint("primary").path("calls").asLong());
        assertThat(breaker.path("failures").asLong())
                .isGreaterThanOrEqualTo(PmsOptions.DEFAULT_MINIMUM_NUMBER_OF_CALLS);
        assertThat(breaker.path("notPermitted").asLong()).isPositive();
        assertThat(metrics.body()
                        .path("pmsBreakers")
                        .path("secondary")
                        .path("state")
                        .asText())
                .isEqualTo("closed");
        assertThat(metrics.body().path("pmsFailovers").asLong())
                .isEqualTo(pms.admin().path("failovers").asLong());
        assertThat(metrics.body().path("pmsCache").has("hits")).isTrue();
    }

    @Test
    void bothDownAnswers503AndRecovers() throws IOException {
        infra.proxy("pms").disable();
        infra.proxy("pms_secondary").disable();

        Api.Response refused = lookup();
        JsonNode error = refused.assertError(503);
        assertThat(error.path("error").asText()).isEqualTo("pms_unavailable");
        assertThat(error.path("details").path("reasons").path("primary").asText())
                .isNotBlank();
        assertThat(error.path("details").path("reasons").path("secondary").asText())
                .isNotBlank();
        assertThat(refused.header("Retry-After")).isEqualTo("1");

        int lookups = 1;
        while (lookups < 20
                && !(state(pms.admin(), "primary").equals("open")
                        && state(pms.admin(), "secondary").equals("open"))) {
            assertThat(lookup().status()).isEqualTo(503);
            lookups++;
        }
        JsonNode open = pms.admin();
        assertThat(state(open, "primary")).isEqualTo("open");
        assertThat(state(open, "secondary")).isEqualTo("open");
        JsonNode shortCircuited = lookup().assertError(503).path("details").path("reasons");
        assertThat(shortCircuited.path("primary").asText()).isEqualTo("circuit open");
        assertThat(shortCircuited.path("secondary").asText()).isEqualTo("circuit open");
        Api.Response notReady = api.as(Role.ANYONE).get("/health/ready");
        assertThat(notReady.status()).as(notReady.raw()).isEqualTo(503);
        assertThat(notReady.body().path("checks").path("pms").path("status").asText())
                .isEqualTo("down");

        infra.proxy("pms").enable();
        infra.proxy("pms_secondary").enable();
        long deadline = System.nanoTime() + RECOVERY.toNanos();
        Api.Response answer = lookup();
        while (answer.status() != 200 && System.nanoTime() < deadline) {
            assertThat(answer.status()).isEqualTo(503);
            pause();
            answer = lookup();
        }
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(api.as(Role.ANYONE).get("/health/ready").status()).isEqualTo(200);
    }

    @Test
    void aPrimarySlowerThanTheRequestTimeoutCountsAsAFailureAndTheSecondaryAnswers() throws IOException {
        long timeoutMs = PmsOptions.DEFAULT_REQUEST_TIMEOUT.toMillis();
        JsonNode before = pms.admin();
        JsonNode primaryBefore = pms.endpoint("primary");
        infra.proxy("pms").toxics().latency("pms-slow", ToxicDirection.DOWNSTREAM, timeoutMs + 1_000);

        long start = System.nanoTime();
        Api.Response answer = lookup();
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        assertThat(tookMs).isGreaterThanOrEqualTo(timeoutMs).isLessThan(timeoutMs + 1_000);
        JsonNode primary = pms.endpoint("primary");
        assertThat(primary.path("timeouts").asLong())
                .isEqualTo(primaryBefore.path("timeouts").asLong() + 1);
        assertThat(primary.path("failures").asLong())
                .isEqualTo(primaryBefore.path("failures").asLong() + 1);
        assertThat(primary.path("failedCallsInWindow").asInt()).isEqualTo(1);
        assertThat(pms.admin().path("failovers").asLong())
                .isEqualTo(before.path("failovers").asLong() + 1);
    }

    @Test
    void whenNoPmsAnswersAnExpiredCachedCopyIsServedMarkedStale() throws IOException {
        String confirmation = PmsApiTest.PmsCalls.nextConfirmation();
        String path = "/pms/reservations/" + confirmation;
        Api frontDesk = api.as(Role.FRONT_DESK);
        Api.Response fresh = frontDesk.get(path);
        assertThat(fresh.cache()).isEqualTo("miss");
        // Its freshness ends now instead of after the TTL (the entry layout is in docs/api.md, "PMS connector").
        String key = "voiceload:pms:reservation:" + confirmation;
        assertThat(expireNow(key)).isFalse();
        long refetchedAfter = System.currentTimeMillis();
        assertThat(frontDesk.get(path).cache()).as("expired: asks the PMS").isEqualTo("miss");
        assertThat(frontDesk.get(path).cache()).as("freshened").isEqualTo("hit");
        expireNow(key);
        long staleBefore = pms.admin().path("cache").path("staleServed").asLong();

        infra.proxy("pms").disable();
        infra.proxy("pms_secondary").disable();
        Api.Response stale = frontDesk.get(path);
        long sinceRefetch = System.currentTimeMillis() - refetchedAfter;

        assertThat(stale.status()).as(stale.raw()).isEqualTo(200);
        assertThat(stale.cache()).isEqualTo("stale");
        assertThat(stale.body()).isEqualTo(fresh.body());
        assertThat(stale.header("X-Pms-Endpoint")).isEqualTo("cache");
        // Its age: at most the time since it was re-fetched, measured here apart from the platform.
        assertThat(Long.parseLong(stale.header("X-Cache-Age-Ms"))).isBetween(0L, sinceRefetch);
        assertThat(Long.parseLong(stale.header("Age"))).isBetween(0L, sinceRefetch / 1_000);
        assertThat(pms.admin().path("cache").path("staleServed").asLong()).isEqualTo(staleBefore + 1);
        lookup().assertError(503); // nothing cached, nothing to serve

        // Fetched longer ago than the TTL plus stale-if-error: not served any more, whatever Redis still holds.
        long bound = PmsOptions.DEFAULT_CACHE_TTL
                .plus(PmsOptions.DEFAULT_STALE_IF_ERROR)
                .toMillis();
        setField(key, "at", Long.toString(System.currentTimeMillis() - bound + 5_000));
        Api.Response old = frontDesk.get(path);
        assertThat(old.cache()).isEqualTo("stale");
        assertThat(Long.parseLong(old.header("Age"))).isBetween(bound / 1_000 - 6, bound / 1_000);
        setField(key, "at", Long.toString(System.currentTimeMillis() - bound - 1_000));
        JsonNode tooOld = frontDesk.get(path).assertError(503);
        assertThat(tooOld.path("details").path("reasons").path("primary").asText())
                .isNotBlank();
    }

    @Test
    void redisDownServesFromThePmsAndNeverAnOutdatedProfile() throws IOException {
        String guest = PmsApiTest.PmsCalls.nextGuest();
        // User tokens are refused while Redis (their session store) is down; the service key is not.
        Api frontDesk = api.asService();
        frontDesk.get("/pms/guests/" + guest);
        assertThat(frontDesk.get("/pms/guests/" + guest).cache()).isEqualTo("hit");
        Proxy redis = infra.proxy(Dependency.REDIS);

        redis.disable();
        Api.Response reservation = frontDesk.get("/pms/reservations/" + PmsApiTest.PmsCalls.nextConfirmation());
        assertThat(reservation.status()).as(reservation.raw()).isEqualTo(200);
        assertThat(reservation.cache()).isEqualTo("miss");
        // The update reaches the PMS, but its cached profile cannot be invalidated now.
        String email = "moved." + guest.toLowerCase(Locale.ROOT) + "@example.net";
        Api.Response updated = pms.patch(frontDesk, "/pms/guests/" + guest, "{\"email\": \"" + email + "\"}");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        Api.Response whileDown = frontDesk.get("/pms/guests/" + guest);
        assertThat(whileDown.status()).isEqualTo(200);
        assertThat(whileDown.body().path("email").asText()).isEqualTo(email);

        redis.enable();
        // Once Redis is back, the outdated entry is never served: reads miss until the new profile is cached.
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Api.Response read = frontDesk.get("/pms/guests/" + guest);
        while (!read.cache().equals("hit") && System.nanoTime() < deadline) {
            assertThat(read.body().path("email").asText()).isEqualTo(email);
            pause();
            read = frontDesk.get("/pms/guests/" + guest);
        }
        assertThat(read.cache()).isEqualTo("hit");
        assertThat(read.body().path("email").asText()).isEqualTo(email);
    }

    /** Ends a cache entry's freshness now; true if the field was new. */
    private boolean expireNow(String key) {
        return setField(key, "fresh", "0");
    }

    /** Sets a field of a cache entry; true if it was new. A connection of its own, closed at once. */
    private boolean setField(String key, String field, String value) {
        RedisClient client = RedisClient.create(infra.info().redis().redisUri());
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            return redis.sync().hset(key, field, value);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private Api.Response lookup() {
        return api.as(Role.FRONT_DESK).get("/pms/reservations/" + PmsApiTest.PmsCalls.nextConfirmation());
    }

    private static String state(JsonNode admin, String endpoint) {
        for (JsonNode e : admin.path("endpoints")) {
            if (e.path("name").asText().equals(endpoint)) {
                return e.path("state").asText();
            }
        }
        throw new AssertionError("no endpoint " + endpoint + " in " + admin);
    }

    /** Polls {@code /admin/pms} until {@code condition} holds, at most {@code timeout}. */
    private JsonNode awaitAdmin(Predicate<JsonNode> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode status = pms.admin();
        while (!condition.test(status) && System.nanoTime() < deadline) {
            pause();
            status = pms.admin();
        }
        assertThat(condition.test(status)).as("within %s: %s", timeout, status).isTrue();
        return status;
    }

    /** Between two polls of a condition (not a synchronisation by itself). */
    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
