package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.Warmup;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The HdrHistogram log holds every measured sample, one tag per request name, readable by HdrHistogram itself. */
class HistogramLogTest {
    private static final Duration SERVICE_TIME = Duration.ofMillis(10);
    private static final Duration SAMPLE_INTERVAL = Duration.ofMillis(100);

    @RegisterExtension
    static final HttpStub stub = HttpStub.withServiceTime(SERVICE_TIME);

    @Test
    void logHoldsTaggedIntervalsSummingToTheResult(@TempDir Path dir) throws FileNotFoundException {
        Path file = dir.resolve("logs/run.hlog");

        LoadResult result = LoadRunner.run(
                LoadPlan.closed(4)
                        .duration(Duration.ofMillis(1200))
                        .warmup(Warmup.iterations(3))
                        .build(),
                user -> {
                    user.time("GET /", () -> StubClient.get(stub.uri()));
                    user.time("GET /again, with comma", () -> StubClient.get(stub.uri()));
                },
                RunOptions.defaults()
                        .withProgressOut(null)
                        .withSampleInterval(SAMPLE_INTERVAL)
                        .withHlogFile(file));

        Map<String, Histogram> merged = new HashMap<>();
        Map<String, Integer> intervals = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        EncodableHistogram next;
        while ((next = reader.nextIntervalHistogram()) != null) {
            Histogram interval = (Histogram) next;
            merged.computeIfAbsent(interval.getTag(), tag -> new Histogram(1_000, 3_600_000_000_000L, 3))
                    .add(interval);
            intervals.merge(interval.getTag(), 1, Integer::sum);
        }
        reader.close();

        assertThat(merged).containsOnlyKeys("iteration", "GET_/", "GET_/again__with_comma");
        assertThat(intervals.get("iteration")).isGreaterThanOrEqualTo(10);
        assertThat(merged.get("iteration").getTotalCount())
                .isEqualTo(result.iterations().successes())
                .isGreaterThan(0);
        assertThat(merged.get("GET_/").getTotalCount())
                .isEqualTo(result.request("GET /").successes());
        assertThat(merged.get("GET_/again__with_comma").getTotalCount())
                .isEqualTo(result.request("GET /again, with comma").successes());
        // Values are nanoseconds, the same distribution the result reports.
        Histogram iterations = merged.get("iteration");
        assertThat(iterations.getValueAtPercentile(50))
                .isEqualTo(result.iterations().histogram().getValueAtPercentile(50));
        assertThat(iterations.getMaxValue())
                .isEqualTo(result.iterations().histogram().getMaxValue());
        assertThat(iterations.getMinNonZeroValue()).isGreaterThanOrEqualTo(2 * SERVICE_TIME.toNanos());
    }
}
