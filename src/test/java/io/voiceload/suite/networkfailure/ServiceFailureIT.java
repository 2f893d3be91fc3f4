package io.voiceload.suite.networkfailure;

import static io.voiceload.faults.Phase.AFTER;
import static io.voiceload.faults.Phase.BEFORE;
import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.faults.FaultRun;
import io.voiceload.faults.PhaseResult;
import io.voiceload.faults.Recovers;
import io.voiceload.faults.ServiceDown;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RequestStats;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.suite.support.HotelIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Service failure resilience: each dependency goes down for 2 s inside the load, one after the other: the PMS
 * primary (it answers 503s), both PMS endpoints, Redis (connections refused), Postgres (connections refused). The
 * platform must answer 503 with {@code Retry-After} for what needs the missing service, never a 500 and never a hang,
 * serve what it can (the PMS secondary when the primary is down; calls through their API key with Redis down,
 * straight from Postgres), and be back within its normal SLO within 4 s of each heal, by itself.
 */
@NetworkFailure
class ServiceFailureIT {
    static final String POST_CALLS = "POST /calls";
    static final String PMS_SEARCH = "GET /pms/reservations";
    static final String ME = "GET /auth/me";

    @AutoClose
    private final ResilienceApi api;

    ServiceFailureIT(PlatformEndpoint platform) {
        this.api = new ResilienceApi(platform, HotelIds.unique("nf-service"));
    }

    // Each outage lasts 2 s, with 3.5 s after it to recover in: the PMS circuit breakers wait 2 s before trying an
    // endpoint again, then a whole 1 s window must hold. The last leaves the 4 s budget and a phase AFTER.
    @LoadTest(users = 6, duration = "26s", warmupIterations = 2)
    @ServiceDown(service = "pms", mode = ServiceDown.Mode.ERRORS, at = "1s", lasts = "2s")
    @ServiceDown(service = "pms", mode = ServiceDown.Mode.ERRORS, at = "6500ms", lasts = "2s")
    @ServiceDown(service = "pms_secondary", mode = ServiceDown.Mode.ERRORS, at = "6500ms", lasts = "2s")
    @ServiceDown(service = "redis", mode = ServiceDown.Mode.REFUSED, at = "12s", lasts = "2s")
    @ServiceDown(service = "postgres", mode = ServiceDown.Mode.REFUSED, at = "17500ms", lasts = "2s")
    @Slo(p99 = "1s", errorRate = 0, phase = BEFORE)
    @Slo(p99 = "1s", errorRate = 0, phase = AFTER)
    @Recovers(within = "4s", window = "1s", minRequests = 5)
    void dependenciesGoDown(VirtualUser user) {
        api.visit(user.random());
        api.me();
        api.endIteration();
    }

    @AfterEach
    void platformDegradedAndServedWhatItCould(LoadResult result, FaultRun faults) {
        Resilience.noServerErrors(result, faults);
        Resilience.noHangs(result);

        // The primary PMS down: the secondary answers every search.
        for (PhaseResult p : Resilience.during(faults, "pms")) {
            RequestStats search = Resilience.request(p, PMS_SEARCH);
            assertThat(search.failures())
                    .as("failed PMS searches " + p.name() + " (the secondary was up)")
                    .isZero();
            assertThat(search.successes())
                    .as("PMS searches answered " + p.name())
                    .isPositive();
        }
        // Both PMS down: every search is a 503 (each was checked for Retry-After as it came), nothing else fails.
        for (PhaseResult p : Resilience.during(faults, "pms", "pms_secondary")) {
            RequestStats search = Resilience.request(p, PMS_SEARCH);
            assertThat(search.errors()).as("PMS searches " + p.name()).containsOnlyKeys("HTTP 503");
            assertThat(Resilience.request(p, POST_CALLS).failures())
                    .as("failed POST /calls " + p.name() + " (Postgres was up)")
                    .isZero();
        }
        // Redis down: calls are still written (the API key is checked in Postgres, the cache is bypassed);
        // what needs a session fails closed with 503.
        for (PhaseResult p : Resilience.during(faults, "redis")) {
            RequestStats calls = Resilience.request(p, POST_CALLS);
            assertThat(calls.failures()).as("failed POST /calls " + p.name()).isZero();
            assertThat(calls.successes()).as("calls written " + p.name()).isPositive();
            assertThat(Resilience.request(p, ME).errors())
                    .as(ME + " " + p.name())
                    .containsOnlyKeys("HTTP 503");
        }
        // Postgres down: calls cannot be written; the platform says so with 503 (checked as they came).
        for (PhaseResult p : Resilience.during(faults, "postgres")) {
            assertThat(Resilience.request(p, POST_CALLS).errors())
                    .as("POST /calls " + p.name())
                    .containsOnlyKeys("HTTP 503");
        }
        Resilience.acknowledgedWritesStored(api);
    }
}
