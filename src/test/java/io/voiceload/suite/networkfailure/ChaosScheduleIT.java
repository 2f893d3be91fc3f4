package io.voiceload.suite.networkfailure;

import static io.voiceload.faults.Phase.AFTER;

import io.voiceload.faults.Chaos;
import io.voiceload.faults.FaultRun;
import io.voiceload.faults.Recovers;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.suite.support.HotelIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * A seeded chaos schedule: beyond the scenarios written by hand, a random sequence of faults over the links to
 * Postgres, Redis and the PMS, drawn from the run's seed ({@link Chaos}): in each of three 6 s slots one fault (latency,
 * packet loss, connections reset, or a partition) for 2 s, always healed before the next. The schedule is printed
 * with the plan and replays with the same seed ({@code -Dloadtest.seed=42}, the configuration's default). The
 * invariants are those of every other test of the category: no 5xx but 503 with {@code Retry-After}, no hang,
 * nothing acknowledged lost or stored twice, and back within the normal SLO after each heal.
 */
@NetworkFailure
class ChaosScheduleIT {
    @AutoClose
    private final ResilienceApi api;

    ChaosScheduleIT(PlatformEndpoint platform) {
        this.api = new ResilienceApi(platform, HotelIds.unique("nf-chaos"));
    }

    // Three slots of 6 s, then 3 s without a fault: the last fault is healed by 16 s at the latest, so the phase
    // AFTER (from its heal plus the 3 s budget) always has a second or more to be judged in.
    @LoadTest(users = 6, duration = "21s", warmupIterations = 2)
    @Chaos(
            proxies = {"postgres", "redis", "pms"},
            every = "6s",
            lasts = "2s")
    @Slo(p99 = "1s", errorRate = 0, phase = AFTER)
    @Recovers(within = "3s", window = "1s", minRequests = 5)
    void underChaos(VirtualUser user) {
        api.visit(user.random());
        api.endIteration();
    }

    @AfterEach
    void invariantsHeld(LoadResult result, FaultRun faults) {
        Resilience.noServerErrors(result, faults);
        Resilience.noHangs(result);
        Resilience.acknowledgedWritesStored(api);
    }
}
