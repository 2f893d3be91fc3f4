package io.voiceload.suite.concurrentcalls;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.junit.UserRole;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;

/**
 * Call creation under load: each virtual user, logged in as its own front-desk agent, creates calls and
 * reads each one back. Afterwards the calls stored for this run's hotel (counted through {@code GET /calls},
 * so it works against a deployment too) must be exactly the ones whose {@code POST /calls} succeeded:
 * nothing lost, nothing extra. Warm-up calls go to a hotel of their own, so they are not counted.
 */
class CallCreationLoadIT extends ConcurrentCallsLoadTest {

    private final String hotel = CallsApi.uniqueHotel("cc-create");
    private final String warmupHotel = hotel + "-w";
    private final Set<String> created = ConcurrentHashMap.newKeySet();

    @LoadTest(users = 20, requests = 15, warmupIterations = 8)
    @Slo(request = "POST /calls", p99 = "1s", errorRate = 0)
    @Slo(request = "GET /calls/{id}", p99 = "1s", errorRate = 0)
    void createAndFetchCalls(VirtualUser user) {
        Map<String, String> call = CallsApi.newCall(user.isWarmup() ? warmupHotel : hotel, user.random());
        JsonNode answer = http.post("/calls").json(call).expect(201).send().json();
        String id = answer.path("id").asText();
        if (!user.isWarmup()) {
            created.add(id);
        }
        JsonNode fetched = http.get("/calls/{id}", id).expect(200).send().json();
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
        assertThat(CallsApi.serverErrors(result)).as("5xx answers").isEmpty();

        List<JsonNode> stored =
                CallsApi.callsOf(http, platform.login(UserRole.MANAGER, 0).authorization(), hotel);
        Set<String> storedIds = new HashSet<>();
        stored.forEach(c -> storedIds.add(c.path("id").asText()));
        Set<String> lost = new HashSet<>(created);
        lost.removeAll(storedIds);
        Set<String> extra = new HashSet<>(storedIds);
        extra.removeAll(created);
        if (stored.size() != successes || !lost.isEmpty() || !extra.isEmpty()) {
            throw new AssertionError("wrong count of stored calls for hotel " + hotel + ": " + stored.size()
                    + " stored (" + storedIds.size() + " distinct) but " + successes
                    + " POST /calls succeeded; " + lost.size() + " lost (e.g. " + sample(lost) + "), "
                    + extra.size() + " extra (e.g. " + sample(extra) + ")");
        }
    }

    private static List<String> sample(Set<String> ids) {
        return ids.stream().sorted().limit(3).toList();
    }
}
