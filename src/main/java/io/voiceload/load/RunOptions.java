package io.voiceload.load;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How a run reports, beside what it does ({@link LoadPlan}).
 *
 * @param progressOut where live progress and the final summary go; {@code null} for silence
 * @param hlogFile where interval histograms are written as an HdrHistogram log, or {@code null}
 * @param abortRules SLOs evaluated every second once {@code abortGrace} has passed; a breach stops the run
 * @param abortGrace how long after the measured phase starts the abort rules begin to apply
 * @param sampleInterval the time-series resolution; {@code null} (the default) to follow the test's length: from
 *     100 ms for a test of a few seconds to 1 s for one of a minute or more, as docs/reports.md says
 */
public record RunOptions(
        PrintStream progressOut,
        Path hlogFile,
        List<SloRule> abortRules,
        Duration abortGrace,
        Duration sampleInterval) {

    public RunOptions {
        abortRules = abortRules == null ? List.of() : List.copyOf(abortRules);
        abortGrace = abortGrace == null ? Duration.ZERO : abortGrace;
        if (sampleInterval != null && sampleInterval.toMillis() < 10) {
            throw new IllegalArgumentException("sampleInterval must be at least 10ms: " + sampleInterval);
        }
    }

    /** Progress to stdout, no histogram log, no abort rules, a sample interval that follows the test's length. */
    public static RunOptions defaults() {
        return new RunOptions(System.out, null, List.of(), Duration.ZERO, null);
    }

    public RunOptions withProgressOut(PrintStream out) {
        return new RunOptions(out, hlogFile, abortRules, abortGrace, sampleInterval);
    }

    public RunOptions withHlogFile(Path file) {
        return new RunOptions(progressOut, file, abortRules, abortGrace, sampleInterval);
    }

    public RunOptions withAbortOnBreach(List<SloRule> rules, Duration grace) {
        return new RunOptions(progressOut, hlogFile, Objects.requireNonNull(rules), grace, sampleInterval);
    }

    /** A fixed sample interval of at least 10 ms, whatever the test's length. */
    public RunOptions withSampleInterval(Duration interval) {
        return new RunOptions(progressOut, hlogFile, abortRules, abortGrace, interval);
    }
}
