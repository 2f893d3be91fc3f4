package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule fires on a fixture with its signal, names the evidence with numbers, and stays quiet without it. */
class RecommendationsTest {
    @TempDir
    Path reports;

    @Test
    void dbPoolWait() {
        assertThat(ids(test(t -> pool(t, 18.0, 0)))).containsExactly("db-pool-wait");
        assertThat(only(test(t -> pool(t, 18.0, 0))).path("evidence").asText())
                .isEqualTo("DB pool wait p99 18 ms (max 40 ms), 0 timeouts, up to 3 waiting, over 12,345 acquisitions"
                        + " of a pool of 10 in CallEventsLoadIT.drive");
        assertThat(ids(test(t -> pool(t, 0.5, 2)))).containsExactly("db-pool-wait");
        assertThat(ids(test(t -> pool(t, 1.5, 0)))).isEmpty();
    }

    @Test
    void pmsCacheHitRatio() {
        assertThat(ids(test(t -> cache(t, 300, 700)))).containsExactly("pms-cache-hit-ratio");
        assertThat(only(test(t -> cache(t, 300, 700))).path("evidence").asText())
                .contains("hit ratio 30.0 %", "300 hits", "700 misses");
        assertThat(ids(test(t -> cache(t, 950, 50)))).isEmpty();
        assertThat(ids(test(t -> cache(t, 1, 9))))
                .as("too few lookups to judge")
                .isEmpty();
    }

    @Test
    void oneErrorIsOne() {
        ObjectNode t = base();
        ObjectNode errors = t.putObject("requests").putObject("POST /calls").putObject("errors");
        errors.put("HttpTimeoutException: request timed out after 10s", 1);
        errors.put("ConnectException: Connection refused", 1);
        JsonNode recs = Recommendations.of(List.of(t));
        assertThat(byId(recs, "errors-timeout").path("evidence").asText()).startsWith("1 timeout in X.y");
        assertThat(byId(recs, "errors-connection").path("evidence").asText())
                .startsWith("1 refused, reset or closed connection in X.y");
    }

    @Test
    void errorKinds() {
        ObjectNode t = base();
        ObjectNode errors = t.putObject("requests").putObject("POST /calls").putObject("errors");
        errors.put("HttpTimeoutException: request timed out after 10s", 4);
        errors.put("HTTP 503", 2);
        errors.put("HTTP 500", 1);
        errors.put("HTTP 429", 7);
        errors.put("HTTP 401", 3);
        errors.put("ConnectException: Connection refused", 5);
        errors.put("AssertionError: expected 201", 9);
        JsonNode recs = Recommendations.of(List.of(t));
        assertThat(ids(recs))
                .containsExactlyInAnyOrder(
                        "errors-timeout", "errors-http-5xx", "errors-rate-limited", "errors-auth", "errors-connection");
        assertThat(byId(recs, "errors-http-5xx").path("evidence").asText()).startsWith("3 HTTP 5xx responses in X.y");
        assertThat(byId(recs, "errors-timeout").path("evidence").asText()).startsWith("4 timeouts");
        ObjectNode quiet = base();
        quiet.putObject("requests").putObject("POST /calls").putObject("errors").put("AssertionError: expected 201", 9);
        assertThat(ids(Recommendations.of(List.of(quiet)))).isEmpty();
    }

    @Test
    void latencyGrowthAcrossCapacitySteps() {
        assertThat(ids(test(t -> steps(t, 20.0, 55.0)))).containsExactly("latency-growth");
        assertThat(only(test(t -> steps(t, 20.0, 55.0))).path("evidence").asText())
                .isEqualTo("p95 20 ms at 10 users, 55 ms at 50 users (×2.8) in X.y");
        assertThat(ids(test(t -> steps(t, 20.0, 30.0)))).isEmpty();
    }

    @Test
    void latencyGrowthAlongTheTimeSeriesWhileUsersRose() {
        assertThat(ids(test(t -> series(t, 10, 40, 1, 20)))).containsExactly("latency-growth");
        assertThat(ids(test(t -> series(t, 10, 40, 20, 20))))
                .as("users did not rise")
                .isEmpty();
        assertThat(ids(test(t -> series(t, 10, 12, 1, 20)))).as("latency flat").isEmpty();
    }

    @Test
    void latencyGrowthIsNotFakedByIntervalsWithoutACompletedIteration() {
        // A 3-second test sampled every 100 ms, its users climbing from 1 to 5 across the run: early intervals
        // complete little (their p95 is written 0), later ones complete in each; the latency itself stays ~20 ms.
        // A real run of the category fired the rule on such a series ("3.3 ms over the first third, 23.4 ms over
        // the last, ×7.2"). Users rise, so only skipping the intervals without a p95 keeps the rule quiet.
        ObjectNode t = base();
        ArrayNode ts = t.putObject("iterations").putArray("timeSeries");
        for (int i = 0; i < 30; i++) {
            boolean completes = i < 10 ? i % 4 == 3 : i % 10 != 0;
            ts.addObject()
                    .put("t", (i + 1) / 10.0)
                    .put("ok", completes ? 2 : 0)
                    .put("p95", completes ? 20.0 + (i % 3) : 0.0)
                    .put("users", 1 + i / 6);
        }
        assertThat(Recommendations.usersRose(ts))
                .as("users rose, so the rule looks at the latency")
                .isTrue();
        assertThat(ids(Recommendations.of(List.of(t)))).isEmpty();
    }

    @Test
    void gcShareFromTheGeneratorOrTheJvmSeries() {
        assertThat(ids(test(t -> t.putObject("generator").put("gcShare", 0.12))))
                .containsExactly("gc-share");
        assertThat(only(test(t -> t.putObject("generator").put("gcShare", 0.12)))
                        .path("evidence")
                        .asText())
                .contains("12.0 %");
        assertThat(ids(test(t -> jvm(t, 100, 100, 120.0)))).containsExactly("gc-share");
        assertThat(ids(test(t -> t.putObject("generator").put("gcShare", 0.01))))
                .isEmpty();
        assertThat(ids(test(t -> jvm(t, 100, 100, 5.0)))).isEmpty();
    }

    @Test
    void heapGrowth() {
        assertThat(ids(test(t -> jvm(t, 100, 400, 1.0)))).containsExactly("heap-growth");
        assertThat(only(test(t -> jvm(t, 100, 400, 1.0))).path("evidence").asText())
                .contains("from 100 MB", "to 314 MB");
        assertThat(ids(test(t -> jvm(t, 100, 120, 1.0)))).isEmpty();
        assertThat(ids(test(t -> {
                    jvm(t, 100, 400, 1.0);
                    series(t, 10, 11, 20, 180);
                })))
                .as("more users rightly hold more heap (a capacity search)")
                .isEmpty();
    }

    @Test
    void saturatedGeneratorAndDroppedArrivals() {
        assertThat(ids(test(t -> t.putObject("generator")
                        .put("saturated", true)
                        .put("reason", "scheduling lag p99 282ms exceeds the limit 100ms"))))
                .containsExactly("generator-saturated");
        assertThat(ids(test(t -> t.put("dropped", 12).put("arrivals", 1000)))).containsExactly("dropped-arrivals");
        assertThat(only(test(t -> t.put("dropped", 12).put("arrivals", 1000)))
                        .path("evidence")
                        .asText())
                .isEqualTo("12 of 1,000 scheduled arrivals were dropped in X.y");
        assertThat(ids(test(t -> t.putObject("generator").put("saturated", false))))
                .isEmpty();
        assertThat(ids(test(t -> t.put("dropped", 0)))).isEmpty();
    }

    @Test
    void sloWithLittleHeadroom() {
        assertThat(ids(test(t -> slo(t, "≤ 500ms", 500.0, 450.0, true)))).containsExactly("slo-headroom");
        assertThat(only(test(t -> slo(t, "≤ 500ms", 500.0, 450.0, true)))
                        .path("evidence")
                        .asText())
                .isEqualTo("p95 of iterations: required ≤ 500ms, actual 450 ms (90 % of the limit) in X.y");
        assertThat(ids(test(t -> slo(t, "≥ 100.0/s", 100.0, 110.0, true)))).containsExactly("slo-headroom");
        assertThat(ids(test(t -> slo(t, "≤ 500ms", 500.0, 100.0, true)))).isEmpty();
        assertThat(ids(test(t -> {
                    slo(t, "≤ 500ms", 500.0, 450.0, true);
                    t.putObject("capacity");
                })))
                .as("a capacity search runs up to its SLOs on purpose")
                .isEmpty();
        assertThat(ids(test(t -> slo(t, "≥ 100.0/s", 100.0, 300.0, true)))).isEmpty();
        assertThat(ids(test(t -> slo(t, "≤ 500ms", 500.0, 600.0, false))))
                .as("breached: a failure, not advice")
                .isEmpty();
    }

    @Test
    void theTinyFixtureRunHasNothingNotableAndTheHeavyOneNamesItsErrorsAndSaturation() throws IOException {
        JsonNode tiny = RunReport.build(ReportFixtures.copy("tiny-run", reports, "tiny"), true, Set.of())
                .path("recommendations");
        assertThat(ids(tiny)).doesNotContain("errors-connection", "generator-saturated", "db-pool-wait");
        JsonNode heavy = RunReport.build(ReportFixtures.copy("heavy-run", reports, "heavy"), true, Set.of())
                .path("recommendations");
        assertThat(ids(heavy)).contains("errors-connection", "generator-saturated");
        assertThat(byId(heavy, "generator-saturated").path("test").asText())
                .isEqualTo("VoiceStreamsLoadIT.streamOneCall");
    }

    private interface Setup {
        void apply(ObjectNode t);
    }

    /** A memory section with no notable signal: remote capture, explicit GC full, little GC, little allocation. */
    private static ObjectNode memory(ObjectNode t) {
        ObjectNode m = t.putObject("memory");
        m.put("target", "platform in a child JVM (pid 7)");
        m.put("capture", "remote over JMX");
        m.put("explicitGc", "full");
        m.putObject("summary")
                .put("gcCpuShare", 0.02)
                .put("gcCount", 40)
                .put("gcPauseP99Ms", 12.5)
                .put("allocationPerIterationBytes", 200_000.0)
                .put("allocationRateBytesPerSecond", 300 * MemoryFixtures.MIB);
        return m;
    }

    private static ObjectNode summary(ObjectNode t) {
        return (ObjectNode) memory(t).path("summary");
    }

    @Test
    void aQuietMemorySectionRecommendsNothing() {
        assertThat(ids(test(RecommendationsTest::memory))).isEmpty();
    }

    @Test
    void memoryGcCpuShare() {
        JsonNode rec = only(test(t -> summary(t).put("gcCpuShare", 0.14)));
        assertThat(rec.path("id").asText()).isEqualTo("memory-gc-cpu-share");
        assertThat(rec.path("evidence").asText())
                .isEqualTo("GC took 14.00 % of the CPU of the platform in a child JVM (pid 7) (from pauses; 40 GCs,"
                        + " pause p99 12.5 ms) in X.y, above 10.00 %");
        assertThat(ids(test(t -> summary(t).put("gcCpuShare", 0.10)))).isEmpty();
    }

    @Test
    void aLeakVerdictAndAHeapFloorRisingNearItsLimit() {
        JsonNode leak =
                only(test(t -> memory(t).set("leak", MemoryFixtures.memory().path("leak"))));
        assertThat(leak.path("id").asText()).isEqualTo("memory-leak");
        assertThat(leak.path("evidence").asText())
                .isEqualTo("leak verdict for the platform in a child JVM (pid 7) in X.y: heap +1.2 MiB per 1,000"
                        + " iterations (limit +512 KiB per 1,000 iterations)");

        JsonNode near = only(test(t -> flatHeap(memory(t), 0.45)));
        assertThat(near.path("id").asText()).isEqualTo("heap-floor-rising");
        assertThat(near.path("severity").asText()).isEqualTo("info");
        assertThat(near.path("evidence").asText())
                .isEqualTo("heap after full GC rose +461 KiB per 1,000 iterations, 90 % of the limit +512 KiB per"
                        + " 1,000 iterations, judged flat in X.y");
        assertThat(ids(test(t -> flatHeap(memory(t), 0.3))))
                .as("60 % of the limit")
                .isEmpty();
        assertThat(ids(test(t -> flatHeap(memory(t), -0.45)))).as("falling").isEmpty();
    }

    private static void flatHeap(ObjectNode memory, double slopeMib) {
        ObjectNode leak = MemoryFixtures.memory().path("leak").deepCopy();
        leak.put("verdict", "flat");
        ObjectNode heap = (ObjectNode) leak.path("fits").get(0);
        heap.put("verdict", "flat").put("slope", slopeMib * MemoryFixtures.MIB);
        memory.set("leak", leak);
    }

    @Test
    void allocationPerIteration() {
        JsonNode rec = only(test(t -> {
            ObjectNode m = memory(t);
            ((ObjectNode) m.path("summary")).put("allocationPerIterationBytes", 1.5 * MemoryFixtures.MIB);
            m.set("allocationSites", MemoryFixtures.memory().path("allocationSites"));
        }));
        assertThat(rec.path("id").asText()).isEqualTo("allocation-per-iteration");
        assertThat(rec.path("evidence").asText())
                .isEqualTo("1.5 MiB allocated per iteration (300 MiB/s) in the platform in a child JVM (pid 7) in X.y,"
                        + " at or above 1 MiB; most by byte[] (52.00 %)");
        assertThat(ids(test(t -> summary(t).put("allocationPerIterationBytes", 0.9 * MemoryFixtures.MIB))))
                .isEmpty();
        assertThat(ids(test(t -> summary(t)
                        .put("allocationPerIterationBytes", 1.5 * MemoryFixtures.MIB)
                        .put("allocationRateBytesPerSecond", 50 * MemoryFixtures.MIB))))
                .as("dear iterations, but too few of them for GC to feel it")
                .isEmpty();
        assertThat(ids(test(t -> summary(t)
                        .put("allocationPerIterationBytes", 2 * MemoryFixtures.MIB)
                        .remove("allocationRateBytesPerSecond"))))
                .containsExactly("allocation-per-iteration");
    }

    @Test
    void explicitGcDisabledLeavesNoLeakVerdict() {
        JsonNode rec = only(test(t -> memory(t).put("explicitGc", "disabled")));
        assertThat(rec.path("id").asText()).isEqualTo("memory-explicit-gc-disabled");
        assertThat(rec.path("advice").asText()).contains("-XX:+DisableExplicitGC");
        assertThat(ids(test(t -> memory(t).put("explicitGc", "concurrent")))).isEmpty();
    }

    @Test
    void inProcessCaptureMixesGeneratorAndPlatform() {
        JsonNode rec = only(test(t -> memory(t).put("capture", "in-process (this JVM)")));
        assertThat(rec.path("id").asText()).isEqualTo("memory-in-process");
        assertThat(rec.path("evidence").asText()).contains("heap, GC and allocation mix the two");
    }

    private static ObjectNode base() {
        ObjectNode t = ReportFixtures.MAPPER.createObjectNode();
        t.put("id", "X.y");
        return t;
    }

    private static JsonNode test(Setup setup) {
        ObjectNode t = base();
        setup.apply(t);
        return Recommendations.of(List.of(t));
    }

    private static void pool(ObjectNode t, double p99, long timeouts) {
        t.put("id", "CallEventsLoadIT.drive");
        t.putObject("signals")
                .putObject("platform")
                .putObject("dbPool")
                .put("maxSize", 10)
                .put("acquisitions", 12345)
                .put("waitAvgMs", 0.2)
                .put("waitP99Ms", p99)
                .put("waitMaxMs", 40.0)
                .put("timeouts", timeouts)
                .put("maxPending", 3);
    }

    private static void cache(ObjectNode t, long hits, long misses) {
        t.putObject("signals")
                .putObject("platform")
                .putObject("pmsCache")
                .put("hits", hits)
                .put("misses", misses)
                .put("hitRatio", hits / (double) (hits + misses));
    }

    private static void steps(ObjectNode t, double firstP95, double lastP95) {
        ArrayNode steps = t.putObject("capacity").putArray("steps");
        double[] p95 = {firstP95, (firstP95 + lastP95) / 2, lastP95, 900.0};
        int[] users = {10, 30, 50, 70};
        for (int i = 0; i < 4; i++) {
            ObjectNode s = steps.addObject().put("users", users[i]).put("held", i < 3);
            s.putObject("iterations").putObject("latencyMs").put("p95", p95[i]);
        }
    }

    private static void series(ObjectNode t, double firstP95, double lastP95, int firstUsers, int lastUsers) {
        ArrayNode ts = t.putObject("iterations").putArray("timeSeries");
        for (int i = 0; i < 30; i++) {
            double f = i / 29.0;
            ts.addObject()
                    .put("t", i + 1.0)
                    .put("p95", firstP95 + (lastP95 - firstP95) * f)
                    .put("users", Math.round(firstUsers + (lastUsers - firstUsers) * f));
        }
    }

    private static void jvm(ObjectNode t, double heapFirst, double heapLast, double gcPauseMsPerSecond) {
        ArrayNode ts = t.putObject("jvm").putArray("timeSeries");
        for (int i = 0; i < 60; i++) {
            double floor = heapFirst + (heapLast - heapFirst) * i / 59.0;
            ts.addObject()
                    .put("t", i + 1.0)
                    .put("heapUsedMb", floor + (i % 3) * 20)
                    .put("gcPauseMs", gcPauseMsPerSecond);
        }
    }

    private static void slo(ObjectNode t, String required, double threshold, double actual, boolean passed) {
        t.putArray("slos")
                .addObject()
                .put("metric", "p95")
                .putNull("request")
                .put("required", required)
                .put("threshold", threshold)
                .put("actual", actual)
                .put("passed", passed);
    }

    private static List<String> ids(JsonNode recommendations) {
        List<String> ids = new ArrayList<>();
        recommendations.forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    private static JsonNode only(JsonNode recommendations) {
        assertThat(recommendations).hasSize(1);
        JsonNode r = recommendations.get(0);
        assertThat(r.path("title").asText()).isNotBlank();
        assertThat(r.path("advice").asText()).isNotBlank();
        assertThat(r.path("severity").asText()).isIn("warning", "info");
        assertThat(r.path("test").asText()).isNotBlank();
        return r;
    }

    private static JsonNode byId(JsonNode recommendations, String id) {
        for (JsonNode r : recommendations) {
            if (r.path("id").asText().equals(id)) {
                return r;
            }
        }
        throw new AssertionError("no recommendation " + id + " in " + recommendations);
    }
}
