package io.voiceload.bench;

import io.voiceload.config.Durations;
import io.voiceload.config.ThinkTime;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import io.voiceload.load.VirtualUser;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.HdrHistogram.Recorder;

/**
 * Figures for the load engine's own cost: what it can drive with an empty body, what one recorded
 * sample costs, and how much heap an idle virtual user holds. It prints a table and never asserts.
 *
 * <pre>{@code
 * mvn -Pbench verify -DskipTests
 * java -Xmx4g -cp target/classes:target/test-classes:<deps> io.voiceload.bench.EngineBenchmark
 * }</pre>
 *
 * <p>Limitations: wall-clock figures on a shared machine; three repetitions give a median and a
 * range, not a confidence interval. For per-operation costs with a proper harness use JMH.
 */
public final class EngineBenchmark {
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private static final int REPETITIONS = 3;
    private static final Duration TARGET_RUN = Duration.ofMillis(3500);
    private static final int SAMPLES_PER_ITERATION = 100;
    private static final long RAW_RECORDS = 20_000_000L;

    private EngineBenchmark() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        printEnvironment();
        emptyBodyThroughput(new int[] {1, 100, 10_000});
        sampleCost();
        idleUserHeap(new int[] {10_000, 100_000});
        System.out.printf(Locale.ROOT, "%nbenchmark took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void printEnvironment() {
        Runtime rt = Runtime.getRuntime();
        String gcs = ManagementFactory.getGarbageCollectorMXBeans().stream()
                .map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining(", "));
        System.out.printf(
                Locale.ROOT,
                "voiceload engine benchmark | JDK %s (%s) | %d cores | max heap %d MB | GC %s | load average %.2f%n",
                System.getProperty("java.version"),
                System.getProperty("java.vm.name"),
                rt.availableProcessors(),
                rt.maxMemory() >> 20,
                gcs,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    // (a) ---------------------------------------------------------------------------------------

    private static void emptyBodyThroughput(int[] userCounts) {
        System.out.printf(
                Locale.ROOT,
                "%n(a) empty body, closed model, %s per run: iterations per second of wall time (%d runs)"
                        + " and process CPU per iteration%n",
                Durations.display(TARGET_RUN),
                REPETITIONS);
        System.out.printf(
                Locale.ROOT,
                "%8s %13s %12s %18s %12s   %s%n",
                "users",
                "iterations",
                "median it/s",
                "min..max it/s",
                "CPU ns/it",
                "it/s of each run, in order");
        for (int users : userCounts) {
            // A short run first, so that the JIT has compiled the engine's loop before it is measured.
            LoadRunner.run(
                    LoadPlan.closed(users).duration(Duration.ofSeconds(1)).build(), user -> {}, QUIET);
            double[] rates = new double[REPETITIONS];
            double[] cpuPerIteration = new double[REPETITIONS];
            double[] counts = new double[REPETITIONS];
            for (int i = 0; i < REPETITIONS; i++) {
                long cpu0 = processCpuNanos();
                long t0 = System.nanoTime();
                LoadResult r = LoadRunner.run(
                        LoadPlan.closed(users).duration(TARGET_RUN).build(), user -> {}, QUIET);
                long wall = System.nanoTime() - t0;
                counts[i] = r.iterations().count();
                rates[i] = counts[i] / (wall / 1e9);
                cpuPerIteration[i] = (processCpuNanos() - cpu0) / counts[i];
            }
            System.out.printf(
                    Locale.ROOT,
                    "%8d %13.0f %12s %18s %12.0f   %s%n",
                    users,
                    median(counts),
                    rate(median(rates)),
                    rate(min(rates)) + " .. " + rate(max(rates)),
                    median(cpuPerIteration),
                    Arrays.stream(rates).mapToObj(EngineBenchmark::rate).collect(Collectors.joining(", ")));
        }
    }

    // (b) ---------------------------------------------------------------------------------------

    private static void sampleCost() {
        System.out.printf(
                Locale.ROOT, "%n(b) cost per recorded sample, 1 virtual user (single thread), %d runs%n", REPETITIONS);
        // Size the runs: about 2 s with the timed body.
        LoadResult calibration = LoadRunner.run(
                LoadPlan.closed(1).duration(Duration.ofMillis(700)).build(), EngineBenchmark::timedBody, QUIET);
        long iterations =
                Math.max(1, Math.round(calibration.iterations().count() / seconds(calibration.totalDuration()) * 2));
        double[] timed = new double[REPETITIONS];
        double[] empty = new double[REPETITIONS];
        for (int i = 0; i < REPETITIONS; i++) {
            timed[i] = wallNanos(() ->
                    LoadRunner.run(LoadPlan.closed(1).requests(iterations).build(), EngineBenchmark::timedBody, QUIET));
            empty[i] = wallNanos(
                    () -> LoadRunner.run(LoadPlan.closed(1).requests(iterations).build(), user -> {}, QUIET));
        }
        double samples = (double) iterations * SAMPLES_PER_ITERATION;
        double[] perSample = new double[REPETITIONS];
        for (int i = 0; i < REPETITIONS; i++) {
            perSample[i] = (timed[i] - empty[i]) / samples;
        }
        double[] rawSame = rawCost(false, false);
        double[] rawSpread = rawCost(true, false);
        double[] rawTimed = rawCost(true, true);

        System.out.printf(Locale.ROOT, "%-58s %12s %18s%n", "what", "median ns", "min..max ns");
        row(
                String.format(Locale.ROOT, "empty body, per iteration (%,d iterations)", iterations),
                divide(empty, iterations));
        row(
                String.format(
                        Locale.ROOT,
                        "body with %d x user.time(\"x\", () -> null), per iteration",
                        SAMPLES_PER_ITERATION),
                divide(timed, iterations));
        row("=> per recorded sample (timed - empty) / samples", perSample);
        row("raw Recorder.recordValue, one value over and over", rawSame);
        row("raw Recorder.recordValue, values spread over 1us..1s", rawSpread);
        row("raw 2 x System.nanoTime() + Recorder.recordValue", rawTimed);
    }

    private static void timedBody(VirtualUser user) throws Exception {
        for (int i = 0; i < SAMPLES_PER_ITERATION; i++) {
            user.time("x", () -> null);
        }
    }

    /** Nanoseconds per {@code Recorder.recordValue} in a tight loop on this thread. */
    private static double[] rawCost(boolean spread, boolean withClock) {
        Recorder recorder = new Recorder(1_000, 3_600_000_000_000L, 3);
        long sink = 0;
        for (int warm = 0; warm < 2; warm++) {
            sink += recordLoop(recorder, RAW_RECORDS / 5, spread, withClock);
        }
        double[] ns = new double[REPETITIONS];
        for (int i = 0; i < REPETITIONS; i++) {
            long t0 = System.nanoTime();
            sink += recordLoop(recorder, RAW_RECORDS, spread, withClock);
            ns[i] = (System.nanoTime() - t0) / (double) RAW_RECORDS;
        }
        if (sink == 42) {
            System.out.println();
        }
        return ns;
    }

    private static long recordLoop(Recorder recorder, long n, boolean spread, boolean withClock) {
        for (long i = 0; i < n; i++) {
            long value;
            if (withClock) {
                long t0 = System.nanoTime();
                value = System.nanoTime() - t0 + 1_000 + ((i * 7919) & 0x3FFFFFFFL);
            } else {
                // Spread: latency-like values from 1 µs to about 1 s, so that different counters are touched.
                value = spread ? 1_000 + ((i * 7919) & 0x3FFFFFFFL) : 20_000_000;
            }
            recorder.recordValue(value);
        }
        return recorder.getIntervalHistogram().getTotalCount();
    }

    // (c) ---------------------------------------------------------------------------------------

    private static void idleUserHeap(int[] userCounts) throws InterruptedException {
        System.out.printf(
                Locale.ROOT,
                "%n(c) heap of idle virtual users: closed model, 2 iterations each with a 60 s think time between them (idle until the run ends);"
                        + " heap used after System.gc() while idle, minus the heap before the run%n");
        System.out.printf(Locale.ROOT, "%10s %14s %14s %14s%n", "users", "baseline MB", "idle MB", "KB per user");
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        double[] perUserBytes = new double[userCounts.length];
        long[] deltas = new long[userCounts.length];
        for (int u = 0; u < userCounts.length; u++) {
            int users = userCounts[u];
            long baseline = heapAfterGc(memory);
            AtomicLong done = new AtomicLong();
            CountDownLatch allIdle = new CountDownLatch(1);
            long[] idle = {-1};
            Thread probe = Thread.ofPlatform().name("heap-probe").start(() -> {
                try {
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (done.get() < users && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    if (done.get() == users) {
                        Thread.sleep(500); // let the last users reach their think-time park
                        idle[0] = heapAfterGc(memory);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    allIdle.countDown();
                }
            });
            LoadRunner.run(
                    LoadPlan.closed(users)
                            .requests(2)
                            .duration(Duration.ofSeconds(7))
                            .thinkTime(ThinkTime.constant(Duration.ofSeconds(60)))
                            .build(),
                    user -> done.incrementAndGet(),
                    QUIET);
            allIdle.await();
            probe.join();
            if (idle[0] < 0) {
                System.out.printf(Locale.ROOT, "%10d %14s %14s %14s%n", users, mb(baseline), "n/a", "n/a");
                continue;
            }
            deltas[u] = idle[0] - baseline;
            perUserBytes[u] = (double) deltas[u] / users;
            System.out.printf(
                    Locale.ROOT, "%10d %14s %14s %14.2f%n", users, mb(baseline), mb(deltas[u]), perUserBytes[u] / 1024);
        }
        if (userCounts.length >= 2 && deltas[0] > 0 && deltas[userCounts.length - 1] > 0) {
            int last = userCounts.length - 1;
            double marginal = (double) (deltas[last] - deltas[0]) / (userCounts[last] - userCounts[0]);
            System.out.printf(
                    Locale.ROOT,
                    "marginal cost between %d and %d users: %.2f KB per user (leaves out the run's fixed histograms)%n",
                    userCounts[0],
                    userCounts[last],
                    marginal / 1024);
        }
    }

    private static long heapAfterGc(MemoryMXBean memory) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    // helpers -----------------------------------------------------------------------------------

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : -1;
    }

    private static double wallNanos(Runnable run) {
        long t0 = System.nanoTime();
        run.run();
        return System.nanoTime() - t0;
    }

    private static void row(String what, double[] values) {
        System.out.printf(
                Locale.ROOT,
                "%-58s %12.1f %18s%n",
                what,
                median(values),
                String.format(Locale.ROOT, "%.1f .. %.1f", min(values), max(values)));
    }

    private static double[] divide(double[] values, long by) {
        return Arrays.stream(values).map(v -> v / by).toArray();
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static String rate(double perSecond) {
        return perSecond >= 1e6
                ? String.format(Locale.ROOT, "%.2fM", perSecond / 1e6)
                : String.format(Locale.ROOT, "%.0fk", perSecond / 1e3);
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
