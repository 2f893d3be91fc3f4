package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The JVM series a run carries: one point per sample interval, plausible values, GC pauses counted. */
class JvmSeriesTest {

    private static final RunOptions QUIET =
            RunOptions.defaults().withProgressOut(null).withSampleInterval(Duration.ofMillis(20));

    @Test
    void hasOnePointPerSampleIntervalOnTheClockOfTheRequestSeries() {
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(2).requests(15).pacing(Duration.ofMillis(10)).build(), user -> {}, QUIET);

        List<JvmSeries.Point> points = r.jvm().points();
        List<IntervalStats> series = r.timeSeries();
        assertThat(series).hasSizeGreaterThan(1);
        assertThat(points).hasSameSizeAs(series);
        for (int i = 0; i < points.size(); i++) {
            assertThat(points.get(i).offsetMillis()).isEqualTo(series.get(i).offsetMillis());
        }
    }

    @Test
    void valuesArePlausible() {
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(1).requests(10).pacing(Duration.ofMillis(10)).build(),
                user -> {
                    byte[] garbage = new byte[64 * 1024];
                    garbage[0] = 1;
                },
                QUIET);

        JvmSeries jvm = r.jvm();
        assertThat(jvm.heapMaxMb()).isPositive();
        assertThat(jvm.points()).isNotEmpty().allSatisfy(p -> {
            assertThat(p.heapUsedMb()).isPositive().isLessThanOrEqualTo(p.heapCommittedMb());
            assertThat(p.heapCommittedMb()).isLessThanOrEqualTo(jvm.heapMaxMb());
            assertThat(p.gcCount()).isNotNegative();
            assertThat(p.gcPauseMillis()).isNotNegative();
            assertThat(p.cpuShare()).isBetween(0.0, 1.0);
        });
    }

    @Test
    void countsACollectionInTheIntervalItHappenedIn() {
        AtomicBoolean collected = new AtomicBoolean();
        LoadResult r = LoadRunner.run(
                LoadPlan.closed(1).requests(5).pacing(Duration.ofMillis(10)).build(),
                user -> {
                    if (collected.compareAndSet(false, true)) {
                        System.gc(); // a full, stop-the-world collection under G1 (the test JVM's collector)
                    }
                },
                QUIET);

        assertThat(r.jvm().points().stream().mapToLong(JvmSeries.Point::gcCount).sum())
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void pausesAreTheCollectorsThatTimeStopTheWorldWork() {
        assertThat(List.of(
                        "G1 Young Generation",
                        "G1 Old Generation",
                        "G1 Concurrent GC",
                        "ZGC Minor Pauses",
                        "ZGC Major Pauses",
                        "ZGC Pauses",
                        "Shenandoah Pauses",
                        "PS Scavenge",
                        "PS MarkSweep",
                        "Copy",
                        "MarkSweepCompact"))
                .allMatch(JvmSampler::isPauseCollector);
        assertThat(List.of("ZGC Minor Cycles", "ZGC Major Cycles", "ZGC Cycles", "Shenandoah Cycles"))
                .noneMatch(JvmSampler::isPauseCollector);
    }
}
