package io.voiceload.load;

import io.voiceload.config.Durations;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * Runs a {@link LoadPlan}: the programmatic entry point of the engine.
 *
 * <pre>{@code
 * HttpClient client = HttpClient.newHttpClient();
 * HttpRequest calls = HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/calls")).build();
 * LoadResult r = LoadRunner.run(LoadPlan.open(200, Duration.ofSeconds(30)).build(),
 *         user -> user.time("GET /calls", () -> client.send(calls, HttpResponse.BodyHandlers.discarding())));
 * SloReport verdict = SloEvaluator.evaluate(r, List.of(SloRule.latency(SloMetric.P99, Duration.ofMillis(250), null, "")));
 * }</pre>
 *
 * <p>The calling thread blocks until the run ends; it also schedules open-model arrivals. One
 * run at a time per JVM is what the numbers are meant for: concurrent runs share cores and skew
 * each other.
 */
public final class LoadRunner {
    private LoadRunner() {}

    public static LoadResult run(LoadPlan plan, IterationBody body) {
        return run(plan, body, RunOptions.defaults());
    }

    public static LoadResult run(LoadPlan plan, IterationBody body, RunOptions options) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(options, "options");
        // The one place the workload model is chosen: each workload has its driver.
        Driver driver =
                switch (plan.workload()) {
                    case Workload.Closed closed -> (run, reporter) -> new ClosedModelDriver(run, closed, body).run();
                    case Workload.Open open -> (run, reporter) -> new OpenModelDriver(run, open, body).run();
                };
        return run(plan, options, driver);
    }

    /** How a run's users are driven; the runner supplies the clocks, the reporter and the result. */
    @FunctionalInterface
    interface Driver {
        void drive(RunState run, IntervalReporter reporter) throws InterruptedException;
    }

    /** Runs {@code driver} with the engine's shared machinery: progress, hlog, generator health, result. */
    static LoadResult run(LoadPlan plan, RunOptions options, Driver driver) {
        long seed = plan.seed() != null ? plan.seed() : new SecureRandom().nextLong();
        long gcBefore = gcPauseMillis();
        long cpuBefore = processCpuNanos();
        RunState run = new RunState(plan, seed, System.nanoTime(), options.measuredStart());
        IntervalReporter reporter = new IntervalReporter(run, options);
        RunMarks marks = options.marks();
        if (marks != null) {
            marks.bind(run, reporter);
        }
        reporter.start();
        try {
            driver.drive(run, reporter);
        } catch (InterruptedException e) {
            run.stop(StopReason.INTERRUPTED, "interrupted");
            Thread.currentThread().interrupt();
        } finally {
            run.stop(StopReason.COMPLETED, null);
            if (marks != null) {
                marks.ending();
            }
            reporter.close();
        }
        long end = System.nanoTime();
        if (marks != null) {
            marks.ended(RunTotals.of(run, end));
        }
        GeneratorHealth health = health(
                plan,
                reporter.schedulingLag(),
                end - run.runStartNanos,
                gcPauseMillis() - gcBefore,
                processCpuNanos() - cpuBefore);
        LoadResult result = LoadResult.snapshot(run, health, end);
        reporter.printEnd(result);
        return result;
    }

    static GeneratorHealth health(LoadPlan plan, Histogram lag, long wallNanos, long gcMillis, long cpuNanos) {
        Duration lagP99 = lag.getTotalCount() == 0 ? Duration.ZERO : Duration.ofNanos(lag.getValueAtPercentile(99));
        Duration lagMax = lag.getTotalCount() == 0 ? Duration.ZERO : Duration.ofNanos(lag.getMaxValue());
        double gcShare = wallNanos <= 0 ? 0 : gcMillis * 1e6 / wallNanos;
        double cpuShare = wallNanos <= 0 || cpuNanos < 0
                ? 0
                : (double) cpuNanos / wallNanos / Runtime.getRuntime().availableProcessors();
        String reason = "";
        if (lag.getTotalCount() >= GeneratorHealth.MIN_LAG_SAMPLES && lagP99.compareTo(plan.generatorLagLimit()) > 0) {
            reason = "scheduling lag p99 " + Durations.display(lagP99) + " exceeds the limit "
                    + Durations.display(plan.generatorLagLimit());
        } else if (gcShare > GeneratorHealth.MAX_GC_SHARE) {
            reason = String.format(
                    java.util.Locale.ROOT,
                    "GC pauses took %.1f%% of the run (limit %.0f%%)",
                    gcShare * 100,
                    GeneratorHealth.MAX_GC_SHARE * 100);
        }
        return new GeneratorHealth(
                lagP99, lagMax, Duration.ofMillis(gcMillis), gcShare, cpuShare, !reason.isEmpty(), reason);
    }

    /** Stop-the-world GC time so far, by the same collectors as the {@code jvm} series ({@link JvmSampler}). */
    private static long gcPauseMillis() {
        return JvmSampler.pauseMillis(JvmSampler.PAUSE_COLLECTORS);
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }
}
