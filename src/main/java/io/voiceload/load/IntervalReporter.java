package io.voiceload.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The single reading thread of a run: every sample interval ({@link SampleSchedule}) it moves interval
 * histograms into the totals and the time series, samples this JVM's heap, GC and CPU ({@link JvmSampler}),
 * appends the histograms to the HdrHistogram log, prints progress every progress interval, and evaluates
 * abort-on-breach rules at most once a second. Virtual users only ever record.
 */
final class IntervalReporter implements AutoCloseable {
    private final RunState run;
    private final RunOptions options;
    private final SampleSchedule schedule;
    private final ProgressPrinter progress;
    private final HistogramLogWriter hlog;
    private final Histogram lagTotal = NamedMetrics.newHistogram();
    private Histogram lagInterval;
    private final Thread thread;
    private volatile boolean closing;
    private long lastSampleNanos;
    private long lastDropped;

    IntervalReporter(RunState run, RunOptions options) {
        this.run = run;
        this.options = options;
        this.schedule = SampleSchedule.of(run.plan, options);
        this.progress = options.progressOut() == null ? null : new ProgressPrinter(run, options.progressOut());
        this.hlog = openLog(run, options);
        this.lastSampleNanos = run.runStartNanos;
        this.thread = Thread.ofPlatform().daemon().name("voiceload-reporter").unstarted(this::loop);
    }

    void start() {
        if (progress != null) {
            progress.printStart();
        }
        thread.start();
    }

    private void loop() {
        long progressEvery = run.plan.progressInterval().toNanos();
        long next = run.runStartNanos + schedule.intervalNanos(0);
        // A snapshot for the abort rules copies every total histogram: once a second is enough, even when
        // the series of a short test is sampled every 100 ms.
        long abortEvery = TimeUnit.SECONDS.toNanos(1);
        long nextAbortCheck = run.runStartNanos + abortEvery;
        long nextProgress = run.runStartNanos + (progressEvery > 0 ? progressEvery : Long.MAX_VALUE / 2);
        while (!closing) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    TimeUnit.NANOSECONDS.sleep(wait);
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            sample(next);
            next += schedule.intervalNanos(next - run.runStartNanos);
            if (progress != null && next > nextProgress) {
                progress.printLine();
                nextProgress += progressEvery;
            }
            if (next > nextAbortCheck) {
                checkAbort();
                nextAbortCheck += abortEvery;
            }
        }
    }

    /** Samples everything recorded up to now. Synchronized: the loop and {@link #close} may race. */
    private synchronized void sample(long nowNanos) {
        long intervalMillis = TimeUnit.NANOSECONDS.toMillis(nowNanos - lastSampleNanos);
        long offsetMillis = TimeUnit.NANOSECONDS.toMillis(nowNanos - run.runStartNanos);
        int active = run.activeUsers.get();
        long droppedNow = run.dropped.sum();
        long droppedInterval = droppedNow - lastDropped;
        lastDropped = droppedNow;
        List<NamedMetrics> measured = new ArrayList<>();
        measured.add(run.iterations);
        measured.addAll(run.requests());
        for (NamedMetrics m : measured) {
            m.sample(offsetMillis, intervalMillis, active, m == run.iterations ? droppedInterval : 0);
            writeLog(m, lastSampleNanos, nowNanos);
        }
        run.jvm.sample(offsetMillis, nowNanos);
        run.warmupIterations.sample(offsetMillis, intervalMillis, active, 0);
        run.warmupRequests().forEach(m -> m.sample(offsetMillis, intervalMillis, active, 0));
        lagInterval = run.schedulingLag.getIntervalHistogram(lagInterval);
        lagTotal.add(lagInterval);
        if (progress != null) {
            progress.observe(
                    run.iterations.lastSuccessInterval(), run.iterations.lastFailureInterval(), intervalMillis);
        }
        lastSampleNanos = nowNanos;
    }

    private void writeLog(NamedMetrics m, long fromNanos, long toNanos) {
        if (hlog == null) {
            return;
        }
        Histogram h = m.lastSuccessInterval();
        h.setTag(tag(m.name));
        double start = (fromNanos - run.runStartNanos) / 1e9;
        double end = (toNanos - run.runStartNanos) / 1e9;
        // Seconds since the run started, values in nanoseconds (so HistogramLogProcessor's default
        // ratio of 1e6 shows milliseconds).
        hlog.outputIntervalHistogram(start, end, h);
    }

    /** HdrHistogram log tags cannot hold spaces or commas; {@code POST /calls} becomes {@code POST_/calls}. */
    static String tag(String name) {
        return name.replaceAll("[\\s,]", "_");
    }

    private void checkAbort() {
        if (options.abortRules().isEmpty() || run.stopped()) {
            return;
        }
        long sinceMeasured = System.nanoTime() - run.measureStartNanos();
        if (sinceMeasured < options.abortGrace().toNanos()) {
            return;
        }
        LoadResult partial = LoadResult.snapshot(run, null, System.nanoTime());
        SloReport report = SloEvaluator.evaluate(partial, options.abortRules());
        if (!report.breaches().isEmpty()) {
            run.stop(StopReason.ABORTED_ON_BREACH, report.breaches().getFirst().describe());
        }
    }

    /**
     * Samples everything recorded up to now and returns the totals so far, atomically with respect to
     * the sampling loop: windows judged during a run (capacity steps) are differences of two totals.
     */
    synchronized RunTotals sampleTotals() {
        long now = System.nanoTime();
        sample(now);
        return RunTotals.of(run, now);
    }

    Histogram schedulingLag() {
        return lagTotal;
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample(System.nanoTime());
        if (hlog != null) {
            hlog.close();
        }
    }

    void printEnd(LoadResult result) {
        if (progress != null) {
            progress.printEnd(result);
        }
    }

    private static HistogramLogWriter openLog(RunState run, RunOptions options) {
        if (options.hlogFile() == null) {
            return null;
        }
        try {
            if (options.hlogFile().getParent() != null) {
                Files.createDirectories(options.hlogFile().getParent());
            }
            HistogramLogWriter writer =
                    new HistogramLogWriter(options.hlogFile().toFile());
            writer.outputComment("voiceload " + run.plan.name() + ": " + run.plan.describe() + ", seed " + run.seed);
            writer.outputComment("values in nanoseconds; one tag per request name, 'iteration' for whole iterations");
            writer.outputLogFormatVersion();
            long startMillis = System.currentTimeMillis();
            writer.outputStartTime(startMillis);
            writer.setBaseTime(startMillis);
            writer.outputLegend();
            return writer;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write histogram log " + options.hlogFile(), e);
        }
    }
}
