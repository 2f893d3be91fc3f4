package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.junit.FixtureOnly;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.TestKit;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.metrics.PoolMetrics;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.testkit.engine.Events;

/**
 * The {@code signals} section: deltas of two {@code /admin/metrics} snapshots, and a load test against the
 * embedded platform that writes them.
 */
class PlatformSignalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aLoadTestWithPlatformWritesThePoolAcquisitionsOfItsRun() throws Exception {
        Events events = TestKit.run(SignalsTestCases.class, "listCalls");
        events.assertStatistics(stats -> stats.succeeded(1));

        JsonNode pool = JSON.readTree(resultFile(events).toFile())
                .path("signals")
                .path("platform")
                .path("dbPool");
        // 2 users × 3 measured iterations (and warm-up), each reading calls from Postgres.
        assertThat(pool.path("acquisitions").asLong()).isGreaterThanOrEqualTo(6);
        assertThat(pool.path("maxSize").asInt()).isPositive();
        assertThat(pool.path("timeouts").asLong()).isZero();
        assertThat(pool.path("waitMaxMs").asDouble())
                .isGreaterThanOrEqualTo(pool.path("waitP99Ms").asDouble())
                .isGreaterThanOrEqualTo(0);
    }

    @Test
    void aLoadTestWithoutPlatformHasNoSignals() throws Exception {
        Events events = TestKit.run(NoPlatformTestCases.class, "idle");
        events.assertStatistics(stats -> stats.succeeded(1));

        JsonNode root = JSON.readTree(resultFile(events).toFile());
        assertThat(root.has("signals")).isFalse();
        assertThat(root.path("jvm").path("timeSeries").size()).isPositive();
    }

    /** The per-test JSON of the one load test of {@code events}, from its {@code voiceload.results} entry. */
    private static Path resultFile(Events events) {
        return events.reportingEntryPublished().stream()
                .map(e -> e.getRequiredPayload(ReportEntry.class).getKeyValuePairs())
                .filter(pairs -> pairs.containsKey("voiceload.results"))
                .map(pairs -> Path.of(pairs.get("voiceload.results")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no voiceload.results entry in " + events.list()));
    }

    @Test
    void deltasAreExactDifferencesOfTheCumulativeSnapshots() {
        Histogram waits = new Histogram(1_000, PoolMetrics.MAX_WAIT_NANOS, 2);
        Histogram pending = new Histogram(1, 100_000, 2);
        waits.recordValueWithCount(50_000, 100); // before the run: 100 quick acquisitions
        pending.recordValueWithCount(0, 100);
        JsonNode before = snapshot(waits, pending, 0, 500, 100);
        waits.recordValueWithCount(2_000_000, 9); // during the run: 9 of 2 ms, one of 40 ms with 7 waiting
        waits.recordValue(40_000_000);
        pending.recordValueWithCount(2, 9);
        pending.recordValue(7);
        JsonNode after = snapshot(waits, pending, 1, 590, 110);

        ObjectNode platform = (ObjectNode) PlatformSignals.delta(before, after).path("platform");

        JsonNode pool = platform.path("dbPool");
        assertThat(pool.path("maxSize").asInt()).isEqualTo(10);
        assertThat(pool.path("acquisitions").asLong()).isEqualTo(10);
        assertThat(pool.path("timeouts").asLong()).isEqualTo(1);
        assertThat(pool.path("maxPending").asLong()).isEqualTo(7);
        assertThat(pool.path("waitMaxMs").asDouble()).isBetween(39.5, 40.5);
        assertThat(pool.path("waitP99Ms").asDouble()).isBetween(39.5, 40.5);
        assertThat(pool.path("waitAvgMs").asDouble()).isBetween(5.7, 6.0); // (9 × 2 + 40) / 10
        JsonNode cache = platform.path("pmsCache");
        assertThat(cache.path("hits").asLong()).isEqualTo(90);
        assertThat(cache.path("misses").asLong()).isEqualTo(10);
        assertThat(cache.path("hitRatio").asDouble()).isEqualTo(0.9);
    }

    @Test
    void whatWentBackwardsOrIsMissingIsLeftOut() {
        Histogram waits = new Histogram(1_000, PoolMetrics.MAX_WAIT_NANOS, 2);
        Histogram pending = new Histogram(1, 100_000, 2);
        waits.recordValueWithCount(50_000, 100);
        JsonNode before = snapshot(waits, pending, 0, 10, 5);
        JsonNode restarted = snapshot(new Histogram(1_000, PoolMetrics.MAX_WAIT_NANOS, 2), pending, 0, 0, 0);

        JsonNode platform = PlatformSignals.delta(before, restarted).path("platform");

        assertThat(platform.path("dbPool").has("acquisitions")).isFalse();
        assertThat(platform.has("pmsCache")).isFalse();

        ObjectNode noPms = (ObjectNode) snapshot(waits, pending, 0, 10, 5);
        noPms.remove("pmsCache");
        assertThat(PlatformSignals.delta(noPms, noPms).path("platform").has("pmsCache"))
                .isFalse();
        JsonNode idle = PlatformSignals.delta(before, before).path("platform");
        assertThat(idle.path("dbPool").path("acquisitions").asLong()).isZero();
        assertThat(idle.path("dbPool").has("waitP99Ms")).isFalse();
        assertThat(idle.path("pmsCache").has("hitRatio")).isFalse();
    }

    @Test
    void breakersGiveTheirStatesCountsAndTheTransitionsOfTheRunOnly() throws Exception {
        JsonNode before = JSON.readTree("""
                {"pmsBreakers": {
                   "primary": {"state": "closed", "calls": 100, "failures": 2, "notPermitted": 0,
                     "transitions": [{"at": "2026-12-07T20:00:00Z", "atEpochMs": 1796673600000,
                                      "from": "closed", "to": "open"},
                                     {"at": "2026-12-07T20:00:05Z", "atEpochMs": 1796673605000,
                                      "from": "open", "to": "half_open"},
                                     {"at": "2026-12-07T20:00:06Z", "atEpochMs": 1796673606000,
                                      "from": "half_open", "to": "closed"}]},
                   "secondary": {"state": "closed", "calls": 3, "failures": 0, "notPermitted": 0, "transitions": []}},
                 "pmsFailovers": 5}
                """);
        // The run starts at 21:00:00; a transition at 20:59:59.999 (between the two snapshots' lists, yet before
        // the run) and those of the first snapshot are not the run's.
        JsonNode after = JSON.readTree("""
                {"pmsBreakers": {
                   "primary": {"state": "closed", "calls": 220, "failures": 9, "notPermitted": 30,
                     "transitions": [{"at": "2026-12-07T20:00:05Z", "atEpochMs": 1796673605000,
                                      "from": "open", "to": "half_open"},
                                     {"at": "2026-12-07T20:00:06Z", "atEpochMs": 1796673606000,
                                      "from": "half_open", "to": "closed"},
                                     {"at": "2026-12-07T20:59:59.999Z", "atEpochMs": 1796677199999,
                                      "from": "closed", "to": "disabled"},
                                     {"at": "2026-12-07T21:00:00Z", "atEpochMs": 1796677200000,
                                      "from": "disabled", "to": "closed"},
                                     {"at": "2026-12-07T21:00:01.123Z", "atEpochMs": 1796677201123,
                                      "from": "closed", "to": "open"},
                                     {"at": "2026-12-07T21:00:11.123Z", "atEpochMs": 1796677211123,
                                      "from": "open", "to": "half_open"},
                                     {"at": "2026-12-07T21:00:12Z", "atEpochMs": 1796677212000,
                                      "from": "half_open", "to": "closed"}]},
                   "secondary": {"state": "open", "calls": 50, "failures": 20, "notPermitted": 4,
                     "transitions": [{"at": "2026-12-07T21:00:20Z", "atEpochMs": 1796677220000,
                                      "from": "closed", "to": "open"}]}},
                 "pmsFailovers": 47}
                """);

        JsonNode platform = PlatformSignals.delta(before, after, 1796677200000L).path("platform");

        JsonNode primary = platform.path("pmsBreakers").path("primary");
        assertThat(primary.path("stateAtStart").asText()).isEqualTo("closed");
        assertThat(primary.path("stateAtEnd").asText()).isEqualTo("closed");
        assertThat(primary.path("calls").asLong()).isEqualTo(120);
        assertThat(primary.path("failures").asLong()).isEqualTo(7);
        assertThat(primary.path("notPermitted").asLong()).isEqualTo(30);
        assertThat(primary.path("transitions").findValuesAsText("to"))
                .containsExactly("closed", "open", "half_open", "closed");
        assertThat(primary.path("transitions").get(1).path("at").asText()).isEqualTo("2026-12-07T21:00:01.123Z");
        assertThat(primary.path("transitions").get(1).path("atEpochMs").asLong())
                .isEqualTo(1796677201123L);
        assertThat(primary.path("transitions").get(1).path("from").asText()).isEqualTo("closed");
        JsonNode secondary = platform.path("pmsBreakers").path("secondary");
        assertThat(secondary.path("stateAtEnd").asText()).isEqualTo("open");
        assertThat(secondary.path("transitions").findValuesAsText("to")).containsExactly("open");
        assertThat(platform.path("pmsFailovers").asLong()).isEqualTo(42);

        // Without the time of the first snapshot, only what it listed is left out.
        assertThat(PlatformSignals.delta(before, after)
                        .path("platform")
                        .path("pmsBreakers")
                        .path("primary")
                        .path("transitions")
                        .size())
                .isEqualTo(5);
    }

    @Test
    void breakersAndFailoversAbsentFromTheMetricsOrGoneBackwardsAreAbsentFromTheSignals() throws Exception {
        JsonNode older = JSON.readTree("{\"pmsCache\": {\"hits\": 1, \"misses\": 1}}");
        JsonNode platform = PlatformSignals.delta(older, older, 0).path("platform");
        assertThat(platform.has("pmsBreakers")).isFalse();
        assertThat(platform.has("pmsFailovers")).isFalse();

        JsonNode before = JSON.readTree("""
                {"pmsBreakers": {"primary": {"state": "open", "calls": 10, "failures": 5, "notPermitted": 1,
                                             "transitions": []}},
                 "pmsFailovers": 9}""");
        JsonNode restarted = JSON.readTree("""
                {"pmsBreakers": {"primary": {"state": "closed", "calls": 2, "failures": 0, "notPermitted": 0,
                                             "transitions": []},
                                 "secondary": {"state": "closed", "calls": 0, "failures": 0, "notPermitted": 0}},
                 "pmsFailovers": 0}""");
        JsonNode gone = PlatformSignals.delta(before, restarted, 0).path("platform");
        assertThat(gone.has("pmsBreakers")).isFalse();
        assertThat(gone.has("pmsFailovers")).isFalse();
    }

    private static JsonNode snapshot(Histogram waits, Histogram pending, long timeouts, long hits, long misses) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode pool = root.putObject("dbPool");
        pool.put("maxSize", 10);
        pool.put("acquisitions", waits.getTotalCount());
        pool.put("timeouts", timeouts);
        pool.put("waitNanosHistogram", PoolMetrics.encode(waits));
        pool.put("pendingHistogram", PoolMetrics.encode(pending));
        ObjectNode cache = root.putObject("pmsCache");
        cache.put("hits", hits);
        cache.put("misses", misses);
        return root;
    }

    @FixtureOnly
    @WithPlatform
    static class SignalsTestCases {
        private static final HttpClient HTTP = HttpClient.newHttpClient();

        @LoadTest(users = 2, requests = 3)
        void listCalls(VirtualUser user, PlatformEndpoint platform) throws Exception {
            HttpResponse<Void> response = HTTP.send(
                    HttpRequest.newBuilder(platform.resolve("/calls?limit=1"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", platform.session(user, UserRole.FRONT_DESK))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /calls answered " + response.statusCode());
            }
        }
    }

    @FixtureOnly
    static class NoPlatformTestCases {
        @LoadTest(users = 1, requests = 2)
        void idle() {}
    }
}
