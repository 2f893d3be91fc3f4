package io.voiceload.load;

import java.time.Duration;
import java.util.List;

/**
 * How long each sample interval of a run lasts: the resolution of its time series, its {@code .hlog} and its
 * JVM series, which the reporter samples together, so the three always share their intervals.
 *
 * <p>A fixed interval ({@link RunOptions#withSampleInterval}) is used as given. Otherwise the interval follows the
 * test's length, so that a short test still draws a line and a long one keeps one point a second: the finest of
 * {@link #STEPS} (100 ms, 250 ms, 500 ms, 1 s) that gives a test of that length at most {@link #POINTS} points.
 * A test whose length is planned (a duration, an open-model rate) gets that one interval throughout: up to 10 s
 * 100 ms, up to 25 s 250 ms, up to 50 s 500 ms, longer 1 s. A test bounded by a number of iterations, whose length
 * nobody knows beforehand, starts at 100 ms and moves to the next step once it has run as long as a planned test
 * with that step would (250 ms from 10 s on, 500 ms from 25 s, 1 s from 50 s): its first 50 s take 210 points
 * instead of 50, and the rest one a second, whatever its length.
 */
final class SampleSchedule {
    /** The intervals a schedule chooses from, finest first; the last is the resolution of every long test. */
    static final List<Duration> STEPS =
            List.of(Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1));

    /** Most points a test gets at one step before the next, coarser step takes over. */
    static final int POINTS = 100;

    private final long fixedNanos;

    private SampleSchedule(long fixedNanos) {
        this.fixedNanos = fixedNanos;
    }

    /** The schedule of {@code plan} run with {@code options}. */
    static SampleSchedule of(LoadPlan plan, RunOptions options) {
        if (options.sampleInterval() != null) {
            return new SampleSchedule(options.sampleInterval().toNanos());
        }
        Duration planned = plannedLength(plan);
        return new SampleSchedule(planned == null ? 0 : forLength(planned.toNanos()));
    }

    /**
     * The length of the interval that starts {@code elapsedNanos} after the run started: the fixed one, else the
     * step for a test that has run that long.
     */
    long intervalNanos(long elapsedNanos) {
        return fixedNanos > 0 ? fixedNanos : forLength(elapsedNanos);
    }

    /** The finest step that gives a test of {@code lengthNanos} at most {@link #POINTS} points. */
    static long forLength(long lengthNanos) {
        for (Duration step : STEPS) {
            if (lengthNanos < POINTS * step.toNanos()) {
                return step.toNanos();
            }
        }
        return STEPS.getLast().toNanos();
    }

    /**
     * The planned length of the whole run, timed warm-up included; null when iterations bound it (a closed plan
     * with a number of iterations ends when its users are done, which no one can tell beforehand).
     */
    static Duration plannedLength(LoadPlan plan) {
        Duration measured =
                switch (plan.workload()) {
                    case Workload.Closed closed -> closed.iterationsPerUser() > 0 ? null : closed.duration();
                    case Workload.Open open -> open.rate().totalDuration();
                };
        return measured == null ? null : measured.plus(plan.warmup().time());
    }
}
