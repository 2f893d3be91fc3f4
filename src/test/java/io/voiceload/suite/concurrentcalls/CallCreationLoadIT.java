package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import io.voiceload.suite.support.HotelIds;
import io.voiceload.suite.support.ServerErrors;
import io.voiceload.suite.support.StoredVsAcknowledged;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;

/**
 * Call creation under load: each virtual user, logged in as its own front-desk agent, creates calls and
 * reads each one back. Afterwards the calls stored for this run's hotel (counted through {@code GET /calls},
 * so it works against a deployment too) must be exactly the ones whose {@code POST /calls} succeeded:
 * nothing lost, nothing extra. Warm-up calls go to a hotel of their own, so they are not counted.
 */
@ConcurrentCalls
class CallCreationLoadIT {

    private final PlatformEndpoint platform;
    /** Each virtual user's requests under its own front-desk session. */
    @AutoClose
    private final CallsApi calls;

    private final String hotel = HotelIds.unique("cc-create");
    private final String warmupHotel = hotel + "-w";
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    CallCreationLoadIT(PlatformEndpoint platform) {
        this.platform = platform;
        this.calls = CallsApi.eachUserAs(platform, UserRole.FRONT_DESK);
    }

    @LoadTest(users = 20, requests = 15, warmupIterations = 8)
    @Slo(request = "POST /calls", p99 = "1s", errorRate = 0)
    @Slo(request = "GET /calls/{id}", p99 = "1s", errorRate = 0)
    void createAndFetchCalls(VirtualUser user) {
        Map<String, String> call = CallsApi.newCall(user.isWarmup() ? warmupHotel : hotel, user.random());
        String id = calls.createCall(call);
        if (!user.isWarmup()) {
            created.add(id);
        }
        JsonNode fetched = calls.get("/calls/{id}", id).expect(200).send().json();
        call.forEach((field, sent) -> {
            if (!sent.equals(fetched.path(field).asText())) {
                throw new AssertionError("GET /calls/" + id + " answered " + field + " = " + fetched.path(field)
                        + " but the call was created with " + sent);
            }
        });
        if (!id.equals(fetched.path("id").asText())
                || !"created".equals(fetched.path("status").asText())) {
            throw new AssertionError("GET /calls/" + id + " answered another call or status: " + fetched);
        }
    }

    @AfterEach
    void storedCallsAreExactlyTheCreatedOnes(LoadResult result) {
        long successes = result.request("POST /calls").successes();
        assertThat(successes).as("successful POST /calls").isPositive();
        assertThat(ServerErrors.in(result)).as("5xx answers").isEmpty();

        List<JsonNode> stored =
                calls.callsOf(hotel, platform.login(UserRole.MANAGER, 0).authorization());
        StoredVsAcknowledged diff = StoredVsAcknowledged.compare(
                created, stored.stream().map(c -> c.path("id").asText()).toList());
        if (!diff.exactly(successes)) {
            throw new AssertionError("wrong count of stored calls for hotel " + hotel + ": " + diff.stored()
                    + " stored (" + diff.storedIds().size() + " distinct) but " + successes
                    + " POST /calls succeeded; " + diff.lost().size() + " lost (e.g. " + diff.lostSample() + "), "
                    + diff.extra().size() + " extra (e.g. " + diff.extraSample() + ")");
        }
    }
}
