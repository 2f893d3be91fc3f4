package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.report.model.SeriesDownsampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Downsampled series: at most 300 points, counts and peaks preserved. */
class SeriesDownsamplerTest {

    @ParameterizedTest
    @ValueSource(ints = {301, 599, 600, 3600, 86_400})
    void longSeriesShrinkToAtMost300PointsKeepingCountsAndMaxima(int points) {
        ArrayNode series = (ArrayNode)
                ReportFixtures.hourLongTest("t", points).path("iterations").path("timeSeries");
        ArrayNode out = SeriesDownsampler.downsample(series, SeriesDownsampler.MAX_POINTS);
        assertThat(out.size()).isLessThanOrEqualTo(300).isGreaterThan(100);
        assertThat(sum(out, "ok")).isEqualTo(sum(series, "ok"));
        assertThat(sum(out, "ko")).isEqualTo(sum(series, "ko"));
        assertThat(max(out, "max")).isEqualTo(max(series, "max"));
        assertThat(max(out, "p99")).isEqualTo(max(series, "p99"));
        assertThat(out.get(out.size() - 1).path("t").asDouble()).isEqualTo(points);
        assertThat(out.get(0).path("ok").isIntegralNumber()).isTrue();
        assertThat(out.get(0).path("rps").asDouble()).isEqualTo(10.0);
    }

    @Test
    void shortSeriesAreUnchanged() {
        ArrayNode series = (ArrayNode)
                ReportFixtures.hourLongTest("t", 300).path("iterations").path("timeSeries");
        assertThat(SeriesDownsampler.downsample(series, 300)).isEqualTo(series);
    }

    @Test
    void bucketsMergeByKind() {
        ArrayNode series = ReportFixtures.MAPPER.createArrayNode();
        series.addObject()
                .put("t", 1.0)
                .put("ok", 2)
                .put("p50", 10.0)
                .put("p95", 30.0)
                .put("users", 5)
                .put("rps", 2.0);
        series.addObject()
                .put("t", 2.0)
                .put("ok", 4)
                .put("p50", 20.0)
                .put("p95", 40.0)
                .put("users", 7)
                .put("rps", 4.0);
        JsonNode merged = SeriesDownsampler.downsample(series, 1).get(0);
        assertThat(merged.path("t").asDouble()).isEqualTo(2.0);
        assertThat(merged.path("ok").asLong()).isEqualTo(6);
        assertThat(merged.path("p50").asDouble()).isEqualTo(15.0);
        assertThat(merged.path("p95").asDouble()).isEqualTo(40.0);
        assertThat(merged.path("users").asLong()).isEqualTo(7);
        assertThat(merged.path("rps").asDouble()).isEqualTo(3.0);
    }

    @Test
    void everySeriesOfATestIsDownsampledIncludingTheJvmSeries() {
        ObjectNode test = ReportFixtures.hourLongTest("t", 3600);
        double gcBefore = sumDouble(test.path("jvm").path("timeSeries"), "gcPauseMs");
        double heapPeak = max(test.path("jvm").path("timeSeries"), "heapUsedMb");
        SeriesDownsampler.downsampleAll(test);
        assertThat(test.path("iterations").path("timeSeries").size()).isLessThanOrEqualTo(300);
        test.path("requests")
                .forEach(r -> assertThat(r.path("timeSeries").size()).isLessThanOrEqualTo(300));
        assertThat(test.path("jvm").path("timeSeries").size()).isLessThanOrEqualTo(300);
        assertThat(sumDouble(test.path("jvm").path("timeSeries"), "gcPauseMs")).isEqualTo(gcBefore);
        assertThat(max(test.path("jvm").path("timeSeries"), "heapUsedMb")).isEqualTo(heapPeak);
    }

    @Test
    void aLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> SeriesDownsampler.downsample(ReportFixtures.MAPPER.createArrayNode(), 0))
                .hasMessageContaining("maxPoints must be at least 1, was 0");
    }

    private static long sum(JsonNode series, String key) {
        long s = 0;
        for (JsonNode p : series) {
            s += p.path(key).asLong();
        }
        return s;
    }

    private static double sumDouble(JsonNode series, String key) {
        double s = 0;
        for (JsonNode p : series) {
            s += p.path(key).asDouble();
        }
        return s;
    }

    private static double max(JsonNode series, String key) {
        double m = Double.NEGATIVE_INFINITY;
        for (JsonNode p : series) {
            m = Math.max(m, p.path(key).asDouble());
        }
        return m;
    }
}
