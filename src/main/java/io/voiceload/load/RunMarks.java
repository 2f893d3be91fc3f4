package io.voiceload.load;

import java.util.Objects;

/**
 * Exact totals of a run taken at instants of its choosing, for statistics of the stretches between them (the
 * phases of a load with faults: before a fault, while it is on, after its heal). Give it to the run with {@link
 * RunOptions#withMarks}; while the run lasts, {@link #mark()} samples every metric at once and keeps the totals; after
 * it, {@link #between} gives what was recorded between two marks as a {@link LoadResult} the {@link SloEvaluator}
 * can judge. Histograms subtract exactly, so a stretch's percentiles are true percentiles of its samples, never
 * averages of interval percentiles, and no sample is kept per request.
 *
 * <pre>{@code
 * import java.util.concurrent.*;
 *
 * RunMarks marks = new RunMarks();
 * ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
 * CompletableFuture<RunMarks.Mark> slow = new CompletableFuture<>();
 * LoadResult whole = LoadRunner.run(
 *         plan,
 *         u -> u.time("GET /calls", () -> Thread.sleep(5)),
 *         RunOptions.defaults()
 *                 .withMarks(marks)
 *                 .withMeasuredStart(nanos -> timer.schedule(() -> slow.complete(marks.mark()), 5, TimeUnit.SECONDS)));
 * LoadResult before = marks.between(marks.measuredStart(), slow.join()); // the first 5 s, exactly
 * LoadResult after = marks.between(slow.join(), marks.end());
 * }</pre>
 *
 * <p>A mark costs one sample of every metric (the reporter's interval work: a copy of each histogram), so it is
 * meant for a few instants a run, not per request. A mark is also a boundary of the time series: the interval in
 * which it falls is cut in two there. One instance serves one run.
 */
public final class RunMarks {
    private IntervalReporter reporter; // guarded by this
    private RunState run; // guarded by this
    private boolean ended; // guarded by this
    private RunTotals end; // guarded by this

    /** An instant of a run and its totals; null totals stand for the end of the run, not known yet. */
    public static final class Mark {
        private final RunTotals totals;

        private Mark(RunTotals totals) {
            this.totals = totals;
        }
    }

    /**
     * Takes the run's totals now. Called from any thread while the run lasts (it waits for the reporter's sample in
     * progress, some milliseconds at most); a mark taken after the run's end stands for its end.
     *
     * @throws IllegalStateException before the run started
     */
    public synchronized Mark mark() {
        if (ended) {
            return new Mark(end);
        }
        if (reporter == null) {
            throw new IllegalStateException("no run has started with these marks (RunOptions.withMarks)");
        }
        return new Mark(reporter.sampleTotals());
    }

    /** The start of the measured phase: nothing measured is recorded before it. */
    public synchronized Mark measuredStart() {
        requireEnded();
        return new Mark(RunTotals.empty(run.measureStartNanos()));
    }

    /** The end of the run: its final totals. */
    public synchronized Mark end() {
        requireEnded();
        return new Mark(end);
    }

    /**
     * What was recorded between {@code from} and {@code to}: throughputs per second of that stretch, no time series,
     * no dropped arrivals (they are counted per run).
     *
     * @throws IllegalStateException before the run ended
     * @throws IllegalArgumentException when {@code to} is before {@code from}
     */
    public synchronized LoadResult between(Mark from, Mark to) {
        requireEnded();
        RunTotals a = resolve(from);
        RunTotals b = resolve(to);
        if (b.nanos < a.nanos) {
            throw new IllegalArgumentException("the mark 'to' is " + (a.nanos - b.nanos) + " ns before 'from'");
        }
        return b.since(a, run.plan.withSeed(run.seed), run.runStartNanos);
    }

    /**
     * Nanoseconds from the start of the run (warm-up included: the time series' axis) to {@code mark}; the run's end
     * for a mark taken after it.
     */
    public synchronized long sinceRunStart(Mark mark) {
        requireEnded();
        return resolve(mark).nanos - run.runStartNanos;
    }

    private synchronized RunTotals resolve(Mark mark) {
        Objects.requireNonNull(mark, "mark");
        if (mark.totals != null) {
            return mark.totals;
        }
        requireEnded();
        return end;
    }

    private void requireEnded() {
        if (end == null) {
            throw new IllegalStateException("the run has not ended yet");
        }
    }

    /** Called by the runner before the driver starts. */
    synchronized void bind(RunState run, IntervalReporter reporter) {
        if (this.run != null) {
            throw new IllegalStateException("these marks already served a run: give each run its own");
        }
        this.run = run;
        this.reporter = reporter;
    }

    /** Called by the runner before the reporter closes: later marks stand for the end. */
    synchronized void ending() {
        ended = true;
        reporter = null;
    }

    /** Called by the runner with the final totals, once the reporter closed. */
    synchronized void ended(RunTotals totals) {
        end = totals;
    }
}
