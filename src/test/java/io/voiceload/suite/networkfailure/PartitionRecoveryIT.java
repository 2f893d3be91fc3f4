package io.voiceload.suite.networkfailure;

import static io.voiceload.faults.Phase.AFTER;
import static io.voiceload.faults.Phase.BEFORE;

import io.voiceload.faults.FaultRun;
import io.voiceload.faults.Partition;
import io.voiceload.faults.Recovers;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.suite.support.HotelIds;
import io.voiceload.suite.support.WriteOutcomes;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Network partition recovery: the link to Postgres carries nothing for 10 s (new connections refused, open ones cut)
 * while users create calls and post their first event. Afterwards, with Jepsen's rule: every write the platform
 * acknowledged (2xx) is in Postgres, byte for byte; refused ones (4xx) are not; indeterminate ones (a timeout, a cut
 * connection, a 5xx: they may or may not have happened) are counted and reported, stored or not; no write is stored
 * twice, although a call whose outcome was unknown is written once more with the same {@code Idempotency-Key}. The
 * platform's connection pool must recover by itself, without a restart: back within its normal SLO within 5 s of the
 * heal.
 */
@NetworkFailure
class PartitionRecoveryIT {
    @AutoClose
    private final ResilienceApi api;

    PartitionRecoveryIT(PlatformEndpoint platform) {
        // Sessions, not the API key: an API key is checked in Postgres, so during the partition every request would
        // be refused before it reached the write whose fate this test is about.
        this.api = new ResilienceApi(platform, HotelIds.unique("nf-partition"), ResilienceApi.Credentials.SESSION);
    }

    @LoadTest(users = 8, duration = "20s", warmupIterations = 2)
    @Partition(proxy = "postgres", kind = Partition.Kind.CUT, at = "3s", lasts = "10s")
    @Slo(p99 = "1s", errorRate = 0, phase = BEFORE)
    @Slo(p99 = "1s", errorRate = 0, phase = AFTER)
    @Recovers(within = "5s", window = "1s", minRequests = 5)
    void writeThroughAPartition(VirtualUser user) {
        String id = api.createCall(user.random());
        if (id != null) {
            api.postEvent(id, "started");
        }
        api.endIteration();
    }

    @AfterEach
    void nothingAcknowledgedWasLost(LoadResult result, FaultRun faults) throws Exception {
        Resilience.noServerErrors(result, faults);
        Resilience.noHangs(result);
        WriteOutcomes.Verdict calls = Resilience.acknowledgedWritesStored(api);
        List<String> callIds = new ArrayList<>();
        api.storedCalls().forEach(c -> callIds.add(c.path("id").asText()));
        WriteOutcomes.Verdict events = api.events().against(api.storedEvents(callIds));
        System.out.println("[writes] events: " + events.summary());
        if (!events.problems().isEmpty()) {
            throw new AssertionError("call events of hotel " + api.hotel() + ": " + String.join("; ", events.problems())
                    + "\n" + events.summary());
        }
        if (calls.ok() == 0 || events.ok() == 0) {
            throw new AssertionError("nothing was acknowledged, so nothing was proven: " + calls.summary());
        }
    }
}
