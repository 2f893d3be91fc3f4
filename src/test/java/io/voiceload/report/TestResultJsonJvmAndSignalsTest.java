package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.load.JvmSeries;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.SloEvaluator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code jvm} and {@code signals} sections of the per-test JSON (spec of issue 6). */
class TestResultJsonJvmAndSignalsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static LoadResult run() {
        return LoadRunner.run(
                LoadPlan.closed(1).requests(8).pacing(Duration.ofMillis(10)).build(),
                user -> {},
                RunOptions.defaults().withProgressOut(null).withSampleInterval(Duration.ofMillis(20)));
    }

    private static ObjectNode document(LoadResult result) {
        return TestResultJson.toJson(
                "com.example.CallsIT.createCalls",
                List.of("concurrent-calls"),
                result,
                SloEvaluator.evaluate(result, List.of()),
                List.of(),
                "run-1");
    }

    @Test
    void writesTheJvmSeriesPointForPointWithTheRequestSeries(@TempDir Path dir) throws Exception {
        LoadResult result = run();
        Path file = dir.resolve("t.json");
        TestResultJson.write(file, document(result));
        JsonNode root = JSON.readTree(Files.readString(file));

        JsonNode jvm = root.path("jvm");
        assertThat(jvm.path("heapMaxMb").asDouble()).isPositive();
        JsonNode points = jvm.path("timeSeries");
        JsonNode iterations = root.path("iterations").path("timeSeries");
        assertThat(points.size()).isEqualTo(iterations.size()).isPositive();
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            assertThat(p.path("t").asDouble())
                    .isEqualTo(iterations.get(i).path("t").asDouble());
            assertThat(p.fieldNames())
                    .toIterable()
                    .containsExactly("t", "heapUsedMb", "heapCommittedMb", "gcPauseMs", "gcCount", "cpuShare");
            assertThat(p.path("heapUsedMb").asDouble())
                    .isLessThanOrEqualTo(p.path("heapCommittedMb").asDouble());
        }
        JvmSeries.Point first = result.jvm().points().getFirst();
        assertThat(points.get(0).path("gcCount").asLong()).isEqualTo(first.gcCount());
        assertThat(points.get(0).path("heapUsedMb").asDouble())
                .isCloseTo(first.heapUsedMb(), org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void writesSignalsOnlyWhenKnown() throws Exception {
        LoadResult result = run();
        assertThat(document(result).has("signals")).isFalse();

        ObjectNode signals = (ObjectNode) JSON.readTree("""
                {"platform": {"dbPool": {"maxSize": 10, "acquisitions": 12, "waitAvgMs": 0.2, "waitP99Ms": 1.5,
                 "waitMaxMs": 2.0, "timeouts": 0, "maxPending": 3}, "pmsCache": {"hits": 9, "misses": 1, "hitRatio": 0.9}}}
                """);
        ObjectNode root = TestResultJson.withSignals(document(result), signals);
        assertThat(root.path("signals")
                        .path("platform")
                        .path("dbPool")
                        .path("acquisitions")
                        .asLong())
                .isEqualTo(12);
        assertThat(root.path("signals")
                        .path("platform")
                        .path("pmsCache")
                        .path("hitRatio")
                        .asDouble())
                .isEqualTo(0.9);
    }
}
