package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link RunMarks}: exact statistics between instants of a run, adding up to the run, sample for sample. */
class RunMarksTest {

    @Test
    void stretchesBetweenMarksAddUpToTheRunAndKeepTheirOwnLatencies() throws Exception {
        RunMarks marks = new RunMarks();
        AtomicReference<RunMarks.Mark> slowFrom = new AtomicReference<>();
        AtomicReference<RunMarks.Mark> slowTo = new AtomicReference<>();
        AtomicReference<Long> start = new AtomicReference<>();
        LoadResult whole = LoadRunner.run(
                LoadPlan.closed(2).duration(Duration.ofMillis(900)).build(),
                user -> {
                    long since = (System.nanoTime() - start.get()) / 1_000_000;
                    // From 300 ms to 600 ms after the measured start the requests are slow.
                    if (since >= 300 && since < 600) {
                        synchronized (slowFrom) {
                            if (slowFrom.get() == null) {
                                slowFrom.set(marks.mark());
                            }
                        }
                        user.time("work", () -> Thread.sleep(30));
                    } else {
                        if (since >= 600) {
                            synchronized (slowTo) {
                                if (slowTo.get() == null) {
                                    slowTo.set(marks.mark());
                                }
                            }
                        }
                        user.time("work", () -> Thread.sleep(2));
                    }
                },
                RunOptions.defaults().withProgressOut(null).withMarks(marks).withMeasuredStart(start::set));
        LoadResult before = marks.between(marks.measuredStart(), slowFrom.get());
        LoadResult slow = marks.between(slowFrom.get(), slowTo.get());
        LoadResult after = marks.between(slowTo.get(), marks.end());

        assertThat(before.iterations().count()
                        + slow.iterations().count()
                        + after.iterations().count())
                .isEqualTo(whole.iterations().count());
        assertThat(before.request("work").count()
                        + slow.request("work").count()
                        + after.request("work").count())
                .isEqualTo(whole.request("work").count());
        assertThat(slow.request("work").percentile(50)).isGreaterThanOrEqualTo(Duration.ofMillis(25));
        assertThat(before.request("work").percentile(50)).isLessThan(Duration.ofMillis(25));
        assertThat(slow.measuredDuration().toMillis()).isBetween(250L, 350L);
        assertThat(marks.sinceRunStart(slowFrom.get())).isLessThan(marks.sinceRunStart(slowTo.get()));
        // A mark is a boundary of the time series: the interval it falls in is cut there.
        long cut = marks.sinceRunStart(slowFrom.get()) / 1_000_000;
        assertThat(whole.timeSeries()).anyMatch(i -> Math.abs(i.offsetMillis() - cut) <= 1);
    }

    @Test
    void aMarkAfterTheRunStandsForItsEndAndNoneBeforeIt() {
        RunMarks marks = new RunMarks();
        assertThatThrownBy(marks::mark)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("withMarks");
        LoadResult whole = LoadRunner.run(
                LoadPlan.closed(1).duration(Duration.ofMillis(200)).build(),
                user -> Thread.sleep(2),
                RunOptions.defaults().withProgressOut(null).withMarks(marks));
        RunMarks.Mark late = marks.mark();
        assertThat(marks.sinceRunStart(late)).isEqualTo(marks.sinceRunStart(marks.end()));
        assertThat(marks.between(marks.measuredStart(), late).iterations().count())
                .isEqualTo(whole.iterations().count());
        assertThatThrownBy(() -> LoadRunner.run(
                        LoadPlan.closed(1).duration(Duration.ofMillis(50)).build(),
                        user -> {},
                        RunOptions.defaults().withProgressOut(null).withMarks(marks)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("give each run its own");
    }
}
