package io.voiceload.suite.networkfailure;

import static io.voiceload.faults.Phase.AFTER;
import static io.voiceload.faults.Phase.BEFORE;
import static io.voiceload.faults.Phase.DURING;

import io.voiceload.faults.FaultRun;
import io.voiceload.faults.Latency;
import io.voiceload.faults.Recovers;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.suite.support.HotelIds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;

/**
 * High latency resilience: latency with jitter on the links to Postgres, Redis and the PMS, each alone (2 s, the PMS 5 s),
 * then all three at once, while requests keep arriving at a steady rate (an open model: a slow platform does not
 * slow the arrivals, so anything that piles up shows). The platform must keep answering within the degraded SLO
 * while a link is slow and its normal SLO before and after, answer no 5xx at all (a slow dependency is not a
 * failed one), let no request wait beyond its timeouts, keep its connection pool's queue and its threads
 * bounded, store every call it acknowledged, and be back within its normal SLO within 3 s of each heal. A platform
 * that waits for a slow PMS instead of timing out breaks the degraded SLO while the PMS is slow.
 */
@NetworkFailure
class HighLatencyIT {
    @AutoClose
    private final ResilienceApi api;

    @AutoClose
    private final PlatformGauges gauges;

    HighLatencyIT(PlatformEndpoint platform) {
        this.api = new ResilienceApi(platform, HotelIds.unique("nf-latency"));
        this.gauges = new PlatformGauges(platform);
    }

    // 80 ms ± 25 ms each way on every chunk: a query round trip of some 160 ms, a request that makes several of them
    // half a second. Then the primary PMS's link gets 2 s each way for 5 s, beyond the platform's 1 s request timeout:
    // the platform must give up on it and answer from the secondary, not wait 4 s for the answer (the window is long
    // enough for a wait of 4 s to end inside it, and be judged there). Then all three at once, the PMS at 500 ms,
    // below the timeout. Between the faults, 3 s to recover in (within the 3 s budget, a whole 1 s window).
    @LoadTest(rate = 12, maxConcurrency = 60, duration = "26s", warmup = "2s")
    @Latency(proxy = "postgres", ms = 80, jitter = 25, at = "1s", lasts = "2s")
    @Latency(proxy = "redis", ms = 80, jitter = 25, at = "6s", lasts = "2s")
    @Latency(proxy = "pms", ms = 2000, jitter = 100, at = "11s", lasts = "5s")
    @Latency(proxy = "postgres", ms = 80, jitter = 25, at = "19s", lasts = "2s")
    @Latency(proxy = "redis", ms = 80, jitter = 25, at = "19s", lasts = "2s")
    @Latency(proxy = "pms", ms = 500, jitter = 100, at = "19s", lasts = "2s")
    @Slo(p99 = "1s", errorRate = 0, phase = BEFORE)
    @Slo(p99 = "3500ms", errorRate = 0, phase = DURING)
    @Slo(p99 = "1s", errorRate = 0, phase = AFTER)
    @Recovers(within = "3s", window = "1s", minRequests = 5)
    void slowDependencies(VirtualUser user) {
        api.visit(user.random());
        api.endIteration();
    }

    @BeforeEach
    void watchThePlatform() {
        gauges.start();
    }

    @AfterEach
    void platformStayedWithinItsBounds(LoadResult result, FaultRun faults) {
        Resilience.noServerErrors(result, faults);
        Resilience.noHangs(result);
        // At 12 arrivals a second a pool that gives up after its 2 s connection timeout has at most some 24
        // requests waiting; one that lets them wait piles up to the 60 the load allows. Live threads are those of the
        // platform's JVM, which here is also the test's: they grew by 8 on the embedded providers and by 45 on
        // containers (the test JVM's Docker client, the virtual threads' carriers); a thread per waiting request would
        // add 60 more. (Before the PMS client ran its tasks on virtual threads, a slow PMS added 18 here.)
        gauges.stopAndAssertBounded(30, 100);
        Resilience.acknowledgedWritesStored(api);
    }
}
