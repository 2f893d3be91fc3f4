package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short test's series has points enough to draw a line; a long one keeps one a second; .hlog and series agree. */
class SampleScheduleTest {

    private static long ms(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void aPlannedLengthGetsOneIntervalThroughout() {
        assertThat(interval(LoadPlan.closed(5).duration(Duration.ofSeconds(2)).build()))
                .isEqualTo(ms(100));
        assertThat(interval(LoadPlan.closed(5).duration(Duration.ofSeconds(15)).build()))
                .isEqualTo(ms(250));
        assertThat(interval(LoadPlan.open(10, Duration.ofSeconds(30)).build())).isEqualTo(ms(500));
        assertThat(interval(LoadPlan.closed(5).duration(Duration.ofMinutes(2)).build()))
                .isEqualTo(ms(1000));
        // A timed warm-up is part of the run's length.
        assertThat(interval(LoadPlan.closed(5)
                        .duration(Duration.ofSeconds(8))
                        .warmup(Warmup.of(Duration.ofSeconds(50)))
                        .build()))
                .isEqualTo(ms(1000));
        SampleSchedule planned = SampleSchedule.of(
                LoadPlan.closed(5).duration(Duration.ofSeconds(2)).build(), RunOptions.defaults());
        assertThat(planned.intervalNanos(ms(60_000)))
                .as("planned: no change late in the run")
                .isEqualTo(ms(100));
    }

    @Test
    void aTestBoundedByIterationsStartsFineAndCoarsensAsItRuns() {
        SampleSchedule s = SampleSchedule.of(LoadPlan.closed(5).requests(3).build(), RunOptions.defaults());
        assertThat(s.intervalNanos(0)).isEqualTo(ms(100));
        assertThat(s.intervalNanos(ms(9_900))).isEqualTo(ms(100));
        assertThat(s.intervalNanos(ms(10_000))).isEqualTo(ms(250));
        assertThat(s.intervalNanos(ms(25_000))).isEqualTo(ms(500));
        assertThat(s.intervalNanos(ms(50_000))).isEqualTo(ms(1000));
        assertThat(s.intervalNanos(ms(3_600_000))).isEqualTo(ms(1000));
        // "requests or duration": the duration is only a cap, the length is still unknown.
        assertThat(SampleSchedule.plannedLength(LoadPlan.closed(5)
                        .requests(3)
                        .duration(Duration.ofMinutes(5))
                        .build()))
                .isNull();
    }

    @Test
    void anHourBoundedByIterationsSpends210PointsOnItsFirst50SecondsAndOneASecondAfter() {
        SampleSchedule s = SampleSchedule.of(LoadPlan.closed(5).requests(1).build(), RunOptions.defaults());
        long elapsed = 0;
        int points = 0;
        long hour = ms(3_600_000);
        while (elapsed < hour) {
            elapsed += s.intervalNanos(elapsed);
            points++;
        }
        assertThat(points).isEqualTo(210 + (3600 - 50));
    }

    @Test
    void aFixedIntervalIsKept() {
        SampleSchedule s = SampleSchedule.of(
                LoadPlan.closed(5).requests(3).build(),
                RunOptions.defaults().withSampleInterval(Duration.ofMillis(40)));
        assertThat(s.intervalNanos(0)).isEqualTo(ms(40));
        assertThat(s.intervalNanos(ms(120_000))).isEqualTo(ms(40));
    }

    @Test
    void aTwoSecondRunGetsTwentyPointsInItsSeriesItsJvmSeriesAndItsHistogramLog(@TempDir Path dir) throws Exception {
        Path hlog = dir.resolve("run.hlog");
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(2).duration(Duration.ofSeconds(2)).build(),
                user -> Thread.sleep(20),
                RunOptions.defaults().withProgressOut(null).withHlogFile(hlog));

        List<IntervalStats> series = r.timeSeries();
        assertThat(series).as("a point every 100 ms").hasSizeBetween(19, 22);
        assertThat(series.getFirst().offsetMillis()).isEqualTo(100);
        assertThat(series).allSatisfy(p -> assertThat(p.intervalMillis()).isLessThanOrEqualTo(110));
        List<JvmSeries.Point> jvm = r.jvm().points();
        assertThat(jvm).hasSameSizeAs(series);

        List<Double> logEnds = new ArrayList<>();
        try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if ("iteration".equals(h.getTag())) {
                    logEnds.add((h.getEndTimeStamp() - reader.getStartTimeSec() * 1000) / 1000.0);
                }
            }
        }
        assertThat(logEnds).as(".hlog intervals").hasSameSizeAs(series);
        for (int i = 0; i < series.size(); i++) {
            assertThat(logEnds.get(i))
                    .as("end of interval %d", i)
                    .isCloseTo(series.get(i).offsetMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.002));
        }
    }

    private static long interval(LoadPlan plan) {
        return SampleSchedule.of(plan, RunOptions.defaults()).intervalNanos(0);
    }
}
