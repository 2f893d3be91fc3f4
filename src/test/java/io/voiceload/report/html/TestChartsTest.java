package io.voiceload.report.html;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** Rates of series sampled every 100 ms read like those sampled every second; whose JVM the charts measure. */
class TestChartsTest {
    private static ArrayNode series(double step, int points, int everyNth) {
        ArrayNode ts = JsonNodeFactory.instance.arrayNode();
        for (int i = 0; i < points; i++) {
            boolean completes = (i + 1) % everyNth == 0;
            ts.addObject()
                    .put("t", Math.round((i + 1) * step * 1000) / 1000.0)
                    .put("ok", completes ? 1 : 0)
                    .put("ko", 0)
                    .put("rps", completes ? 1 / step : 0.0)
                    .put("gcPauseMs", completes ? 10 : 0);
        }
        return ts;
    }

    @Test
    void aSlowIterationEvery500MsIsTwoPerSecondNotACombOfZeroAndTen() {
        ArrayNode fine = series(0.1, 30, 5);

        double[] rate = TestCharts.movingRate(fine);

        assertThat(TestCharts.column(fine, "rps")).contains(10.0, 0.0);
        for (int i = 9; i < rate.length; i++) {
            assertThat(rate[i]).as("rate at %.1f s", (i + 1) / 10.0).isCloseTo(2.0, within(1e-9));
        }
        assertThat(rate[4]).as("half a second in: one in 0.5 s").isCloseTo(2.0, within(1e-9));
    }

    @Test
    void aFaultsWindowIsShadedOnTheTimeChartsAndNamed() {
        ObjectNode test = JsonNodeFactory.instance.objectNode();
        test.putObject("iterations").set("timeSeries", series(0.1, 30, 2));
        ObjectNode fault = test.putArray("faults").addObject();
        fault.put("kind", "latency").put("proxy", "pms");
        fault.put("startSinceTestStartSeconds", 1.0).put("endSinceTestStartSeconds", 2.0);
        // A fault that never started has no window: nothing is shaded for it.
        test.withArray("faults")
                .addObject()
                .put("kind", "timeout")
                .put("proxy", "redis")
                .putNull("startSinceTestStartSeconds");

        String svg = new TestCharts(test).throughput();

        assertThat(svg).containsOnlyOnce("fill-opacity=\"0.12\"><title>latency on pms</title></rect>");
        assertThat(svg).doesNotContain("timeout on redis");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                        "<rect x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\" height=\"[0-9.]+\" fill=\"#e15759\"")
                .matcher(svg);
        assertThat(m.find()).isTrue();
        // The plot runs from x = 64 for 556 px (no right axis) over 0.1 s to 3.0 s.
        assertThat(Double.parseDouble(m.group(1))).isCloseTo(64 + 0.9 / 2.9 * 556, within(0.5));
        assertThat(Double.parseDouble(m.group(2))).isCloseTo(1.0 / 2.9 * 556, within(0.5));
        assertThat(new TestCharts(JsonNodeFactory.instance.objectNode().set("iterations", test.path("iterations")))
                        .throughput())
                .as("no faults, no band")
                .doesNotContain("fill=\"#e15759\"");
    }

    @Test
    void pointsOneSecondApartKeepTheirOwnRate() {
        ArrayNode coarse = series(1.0, 10, 2);

        assertThat(TestCharts.movingRate(coarse)).containsExactly(0, 1, 0, 1, 0, 1, 0, 1, 0, 1);
    }

    @Test
    void cpuIsAveragedOverTheLastSecondWeightedByIntervalLength() {
        ArrayNode ts = JsonNodeFactory.instance.arrayNode();
        for (int i = 1; i <= 20; i++) { // 100 ms points alternating 0 % and 100 %
            ts.addObject().put("t", i / 10.0).put("cpuShare", i % 2 == 0 ? 1.0 : 0.0);
        }
        double[] cpu = TestCharts.movingAverage(ts, "cpuShare");
        assertThat(cpu[19]).isCloseTo(0.5, within(1e-9));
        assertThat(cpu[0]).as("the first point alone").isCloseTo(0.0, within(1e-9));

        ArrayNode coarse = JsonNodeFactory.instance.arrayNode();
        coarse.addObject().put("t", 1.0).put("cpuShare", 0.2);
        coarse.addObject().put("t", 2.0).put("cpuShare", 0.6);
        assertThat(TestCharts.movingAverage(coarse, "cpuShare")).containsExactly(0.2, 0.6);
    }

    @Test
    void countsPerSecondOfEachPointsInterval() {
        ArrayNode fine = series(0.1, 10, 5);
        ArrayNode coarse = series(1.0, 4, 2);

        assertThat(TestCharts.perSecond(fine, "gcPauseMs")[4]).isCloseTo(100.0, within(1e-6));
        assertThat(TestCharts.perSecond(coarse, "gcPauseMs")[1]).isCloseTo(10.0, within(1e-6));
    }

    @Test
    void aLatencyLimitFarAboveEveryValueIsNamedNotDrawn() {
        ObjectNode test = JsonNodeFactory.instance.objectNode();
        ArrayNode ts = test.putObject("iterations").putArray("timeSeries");
        for (int i = 1; i <= 20; i++) {
            ts.addObject()
                    .put("t", i / 10.0)
                    .put("ok", 3)
                    .put("p50", 4.0)
                    .put("p95", 5.0)
                    .put("p99", 6.0);
        }
        ArrayNode slos = test.putArray("slos");
        slos.addObject()
                .put("metric", "p95")
                .putNull("request")
                .put("required", "≤ 500ms")
                .put("threshold", 500.0);
        slos.addObject()
                .put("metric", "p99")
                .putNull("request")
                .put("required", "≤ 20ms")
                .put("threshold", 20.0);

        String svg = new TestCharts(test).latency();

        assertThat(svg)
                .contains("Iteration latency over time; limits far above: p95 ≤ 500ms")
                .doesNotContain("p95 limit")
                .contains("p99 limit ≤ 20ms");
    }

    @Test
    void theJvmIsTheGeneratorsAloneAgainstADeploymentAndSharedWithTheEmbeddedPlatform() {
        ObjectNode test = JsonNodeFactory.instance.objectNode();
        assertThat(TestCharts.whoseJvm(test)).isEqualTo("test JVM (load generator)");

        ObjectNode env = test.putObject("environment").put("target", "embedded");
        assertThat(TestCharts.whoseJvm(test)).as("no platform served it").isEqualTo("test JVM (load generator)");
        env.putObject("infrastructure");
        assertThat(TestCharts.whoseJvm(test)).isEqualTo("test JVM (load generator and embedded platform)");
        env.putNull("infrastructure");
        test.putObject("signals").putObject("platform");
        assertThat(TestCharts.whoseJvm(test)).isEqualTo("test JVM (load generator and embedded platform)");

        env.put("target", "http://10.0.0.5:8080");
        assertThat(TestCharts.whoseJvm(test)).isEqualTo("load generator");
    }
}
