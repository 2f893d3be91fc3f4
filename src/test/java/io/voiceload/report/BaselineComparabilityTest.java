package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.CapacityPlan;
import io.voiceload.load.LoadPlan;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which differences refuse a comparison, each named with both values; which do not. */
class BaselineComparabilityTest {

    private static ObjectNode env() {
        return (ObjectNode) Reports.fixture().path("environment");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/host/cores             | 4            | host.cores: 2 vs 4",
                "/host/memoryMb          | 26500        | host.memoryMb: 24000 vs 26500 (more than ±10 %)",
                "/host/memoryMb          | 21500        | host.memoryMb: 24000 vs 21500 (more than ±10 %)",
                "/host/heapMaxMb         | 4096         | host.heapMaxMb: 2048 vs 4096",
                "/java/feature           | 21           | java.feature: 25 vs 21",
                "/os/arch                | aarch64      | os.arch: amd64 vs aarch64",
                "/profile                | heavy        | profile: default vs heavy",
                "/target                 | http://127.0.0.1:8080 | target: embedded vs http://127.0.0.1:8080",
                "/infrastructure/postgres/provider | TESTCONTAINERS | infrastructure.postgres.provider: EMBEDDED vs TESTCONTAINERS",
                "/infrastructure/redis/provider    | EXTERNAL       | infrastructure.redis.provider: EMBEDDED vs EXTERNAL",
                "/infrastructure/toxiproxy/provider | TESTCONTAINERS | infrastructure.toxiproxy.provider: EMBEDDED vs TESTCONTAINERS",
                "/infrastructure/postgres/version  | 17.2           | infrastructure.postgres.version (major): 18.6 vs 17.2",
                "/infrastructure/redis/version     | 6.2.6          | infrastructure.redis.version (major): 7.2.4 vs 6.2.6"
            })
    void eachRefusingDifferenceIsNamedWithBothValues(String pointer, String value, String expected) {
        ObjectNode current = env();
        set(current, pointer, value);
        assertThat(BaselineComparability.environmentDifferences(env(), current)).containsExactly(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/gitCommit                        | ffffffffffffffffffffffffffffffffffffffff",
                "/gitDirty                         | true",
                "/java/version                     | 25.0.2",
                "/java/vendor                      | Oracle Corporation",
                "/os/version                       | 6.9.1",
                "/host/memoryMb                    | 26400",
                "/host/memoryMb                    | 21600",
                "/seed                             | 7",
                "/voiceloadVersion                 | 0.2.0",
                "/infrastructure/postgres/version  | 18.1",
                "/infrastructure/redis/version     | 7.4.0",
                "/infrastructure/toxiproxy/version | 2.11.0",
                "/testcontainers                   | 2.0.6",
                "/docker                           | available: Docker 28"
            })
    void otherDifferencesDoNotRefuse(String pointer, String value) {
        ObjectNode current = env();
        set(current, pointer, value);
        assertThat(BaselineComparability.environmentDifferences(env(), current)).isEmpty();
    }

    @Test
    void anInfrastructureNotStartedOnOneSideIsNotADifference() {
        ObjectNode current = env();
        current.putNull("infrastructure");
        assertThat(BaselineComparability.environmentDifferences(env(), current)).isEmpty();
    }

    @Test
    void aBaselineWithoutEnvironmentIsRefused() {
        assertThat(BaselineComparability.environmentDifferences(null, env()))
                .singleElement()
                .asString()
                .startsWith("environment: missing in the baseline");
    }

    @Test
    void everyDifferenceIsListed() {
        ObjectNode current = env();
        set(current, "/host/cores", "8");
        set(current, "/profile", "smoke");
        assertThat(BaselineComparability.environmentDifferences(env(), current))
                .containsExactly("host.cores: 2 vs 8", "profile: default vs smoke");
    }

    @Test
    void aDifferentPlanRefusesTheTest() {
        ObjectNode test = Reports.creation(Reports.fixture());
        assertThat(BaselineComparability.planDifferences(test, test.path("plan"), null))
                .isEmpty();
        for (String[] change : new String[][] {
            {"users", "11", "plan.users: 20 vs 11"},
            {"requestsPerUser", "3", "plan.requestsPerUser: 15 vs 3"},
            {"model", "open", "plan.model: closed vs open"},
            {"rate", "5/s for 10s", "plan.rate: (none) vs 5/s for 10s"},
            {"durationSeconds", "30", "plan.durationSeconds: (none) vs 30"}
        }) {
            ObjectNode plan = test.path("plan").deepCopy();
            plan.put(change[0], change[1]);
            assertThat(BaselineComparability.planDifferences(test, plan, null))
                    .as(change[0])
                    .containsExactly(change[2]);
        }
    }

    @Test
    void theCurrentPlanIsWrittenAsThePerTestJsonWritesIt() {
        LoadPlan closed = LoadPlan.closed(20).requests(15).build();
        ObjectNode plan = BaselineComparability.planOf(closed);
        assertThat(plan.toString()).isEqualTo("{\"model\":\"closed\",\"users\":20,\"requestsPerUser\":15}");
        ObjectNode test = Reports.creation(Reports.fixture());
        assertThat(BaselineComparability.planDifferences(test, plan, null)).isEmpty();

        ObjectNode capacityTest = (ObjectNode) Reports.fixture().path("tests").get(1);
        ObjectNode capacityPlan = capacityTest.at("/capacity/plan").deepCopy();
        assertThat(BaselineComparability.planDifferences(capacityTest, capacityTest.path("plan"), capacityPlan))
                .isEmpty();
        capacityPlan.put("stepUsers", 1);
        assertThat(BaselineComparability.planDifferences(capacityTest, capacityTest.path("plan"), capacityPlan))
                .singleElement()
                .asString()
                .startsWith("capacity.plan.stepUsers: ");
        CapacityPlan search = new CapacityPlan(
                LoadPlan.closed(60).duration(Duration.ofSeconds(60)).build(),
                20,
                40,
                Duration.ofSeconds(6),
                Duration.ofSeconds(2),
                "calls");
        assertThat(BaselineComparability.capacityPlanOf(search).toString())
                .isEqualTo("{\"startUsers\":20,\"stepUsers\":40,\"maxUsers\":60,\"stepSeconds\":6.0}");
    }

    private static void set(ObjectNode root, String pointer, String value) {
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = slash == 0 ? root : (ObjectNode) root.at(pointer.substring(0, slash));
        String key = pointer.substring(slash + 1);
        Consumer<ObjectNode> put = value.matches("-?\\d+")
                ? p -> p.put(key, Long.parseLong(value))
                : value.equals("true") ? p -> p.put(key, true) : p -> p.put(key, value);
        put.accept(parent);
    }
}
