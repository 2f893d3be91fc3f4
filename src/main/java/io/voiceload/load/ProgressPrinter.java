package io.voiceload.load;

import io.voiceload.config.Durations;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * Live progress lines: elapsed/planned, active users, throughput, p50/p95, errors and dropped
 * arrivals over the last progress interval. With a terminal, a bar is drawn too. Written by hand:
 * the line is one {@code printf}, and a progress-bar library would fight Maven's and Surefire's
 * own console handling.
 */
final class ProgressPrinter {
    private static final int BAR = 20;
    private final RunState run;
    private final PrintStream out;
    private final boolean terminal;
    private final Histogram window = NamedMetrics.newHistogram();
    private long windowFailures;
    private long windowMillis;

    ProgressPrinter(RunState run, PrintStream out) {
        this.run = run;
        this.out = out;
        this.terminal = out == System.out && isTerminal();
    }

    void printStart() {
        out.printf(
                Locale.ROOT,
                "[load] %s: %s, seed %d (replay with -Dloadtest.seed=%d)%n",
                run.plan.name(),
                run.plan.describe(),
                run.seed,
                run.seed);
    }

    /** Accumulates one sample interval into the current progress window. */
    void observe(Histogram successes, Histogram failures, long intervalMillis) {
        window.add(successes);
        windowFailures += failures.getTotalCount();
        windowMillis += intervalMillis;
    }

    void printLine() {
        Duration elapsed = Duration.ofNanos(System.nanoTime() - run.runStartNanos);
        long ok = window.getTotalCount();
        long n = ok + windowFailures;
        double rate = windowMillis == 0 ? 0 : n * 1000.0 / windowMillis;
        double fraction = fractionDone(elapsed);
        StringBuilder line = new StringBuilder("[load] ");
        line.append(run.plan.name()).append(' ').append(Durations.clock(elapsed));
        Duration planned = plannedTotal();
        if (planned != null) {
            line.append('/').append(Durations.clock(planned));
        }
        if (terminal && fraction >= 0) {
            int filled = (int) Math.round(Math.min(1, fraction) * BAR);
            line.append(" [")
                    .append("#".repeat(filled))
                    .append("-".repeat(BAR - filled))
                    .append(']');
        }
        if (fraction >= 0) {
            line.append(String.format(Locale.ROOT, " %3.0f%%", Math.min(1, fraction) * 100));
        }
        line.append(String.format(
                Locale.ROOT,
                " | users %d | %.1f/s | p50 %s p95 %s | errors %d (%.2f%%) | dropped %d%s",
                run.activeUsers.get(),
                rate,
                ok == 0 ? "-" : Durations.displayNanos(window.getValueAtPercentile(50)),
                ok == 0 ? "-" : Durations.displayNanos(window.getValueAtPercentile(95)),
                windowFailures,
                n == 0 ? 0.0 : windowFailures * 100.0 / n,
                run.dropped.sum(),
                run.isWarmupTime(System.nanoTime()) ? " | warm-up" : ""));
        out.println(line);
        window.reset();
        windowFailures = 0;
        windowMillis = 0;
    }

    void printEnd(LoadResult result) {
        out.println(result.summaryLine());
    }

    private Duration plannedTotal() {
        Duration measured = run.plan.plannedDuration();
        return measured == null ? null : run.plan.warmup().time().plus(measured);
    }

    /** Share of the plan done, or -1 when it cannot be told. */
    private double fractionDone(Duration elapsed) {
        long iterations = run.plan.workload().plannedIterations();
        if (iterations > 0) {
            long done = run.iterations.totalSuccesses() + run.iterations.totalFailures();
            return (double) done / iterations;
        }
        Duration planned = plannedTotal();
        return planned == null || planned.isZero() ? -1 : (double) elapsed.toNanos() / planned.toNanos();
    }

    /** {@code System.console().isTerminal()} exists from JDK 22; on 21 a console means a terminal. */
    private static boolean isTerminal() {
        var console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method m = console.getClass().getMethod("isTerminal");
            return (boolean) m.invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }
}
