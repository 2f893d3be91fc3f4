package io.voiceload.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * How a run reports, beside what it does ({@link LoadPlan}).
 *
 * @param progressOut where live progress and the final summary go; {@code null} for silence
 * @param hlogFile where interval histograms are written as an HdrHistogram log, or {@code null}
 * @param abortRules SLOs evaluated every second once {@code abortGrace} has passed; a breach stops the run
 * @param abortGrace how long after the measured phase starts the abort rules begin to apply
 * @param sampleInterval the time-series resolution; {@code null} (the default) to follow the test's length: from
 *     100 ms for a test of a few seconds to 1 s for one of a minute or more, as docs/reports.md says
 * @param measuredStart called once, with its {@link System#nanoTime()}, when the measured phase starts (the first
 *     measured iteration or arrival); it runs on that user's thread, so it must return at once (hand work to a
 *     thread of its own). For what follows the load's timeline, such as fault schedules. Never called when no
 *     measured iteration starts.
 * @param marks exact totals taken at instants of the caller's choosing ({@link RunMarks}); null for none
 */
public record RunOptions(
        PrintStream progressOut,
        Path hlogFile,
        List<SloRule> abortRules,
        Duration abortGrace,
        Duration sampleInterval,
        LongConsumer measuredStart,
        RunMarks marks) {

    public RunOptions {
        abortRules = abortRules == null ? List.of() : List.copyOf(abortRules);
        abortGrace = abortGrace == null ? Duration.ZERO : abortGrace;
        measuredStart = measuredStart == null ? NO_LISTENER : measuredStart;
        if (sampleInterval != null && sampleInterval.toMillis() < 10) {
            throw new IllegalArgumentException("sampleInterval must be at least 10ms: " + sampleInterval);
        }
    }

    private static final LongConsumer NO_LISTENER = nanos -> {};

    /** Progress to stdout, no histogram log, no abort rules, a sample interval that follows the test's length. */
    public static RunOptions defaults() {
        return new RunOptions(System.out, null, List.of(), Duration.ZERO, null, null, null);
    }

    public RunOptions withProgressOut(PrintStream out) {
        return new RunOptions(out, hlogFile, abortRules, abortGrace, sampleInterval, measuredStart, marks);
    }

    public RunOptions withHlogFile(Path file) {
        return new RunOptions(progressOut, file, abortRules, abortGrace, sampleInterval, measuredStart, marks);
    }

    public RunOptions withAbortOnBreach(List<SloRule> rules, Duration grace) {
        return new RunOptions(
                progressOut, hlogFile, Objects.requireNonNull(rules), grace, sampleInterval, measuredStart, marks);
    }

    /** A fixed sample interval of at least 10 ms, whatever the test's length. */
    public RunOptions withSampleInterval(Duration interval) {
        return new RunOptions(progressOut, hlogFile, abortRules, abortGrace, interval, measuredStart, marks);
    }

    /** Calls {@code listener} once when the measured phase starts (see {@link #measuredStart()}). */
    public RunOptions withMeasuredStart(LongConsumer listener) {
        return new RunOptions(
                progressOut, hlogFile, abortRules, abortGrace, sampleInterval, Objects.requireNonNull(listener), marks);
    }

    /** Binds {@code marks} to this run: {@link RunMarks#mark()} works while it lasts, the rest after it. */
    public RunOptions withMarks(RunMarks marks) {
        return new RunOptions(
                progressOut,
                hlogFile,
                abortRules,
                abortGrace,
                sampleInterval,
                measuredStart,
                Objects.requireNonNull(marks));
    }
}
