package io.voiceload.bench;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.RunMarks;
import io.voiceload.load.RunOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What the phase bookkeeping of a load with faults costs per recorded sample: the engine's CPU per sample (this
 * process's CPU time over the samples recorded) for a body that records one empty request, run without marks, with a
 * mark a second (a fault schedule going on and off: far more than a real one), and with a mark every 100 ms (a stress
 * case), each at the 100 ms sample interval of a test with {@code @Recovers}. Rounds alternate the modes; the table
 * gives each mode's median and its ratio to the run without marks. It prints and never asserts.
 *
 * <pre>{@code
 * mvn -Pbench verify -DskipTests
 * }</pre>
 *
 * <p>Limitations: CPU time of the whole process (the reporter's thread, the JIT, GC included), on a shared machine.
 */
public final class PhaseBookkeepingBenchmark {
    private static final int USERS = 2;
    private static final Duration LENGTH = Duration.ofSeconds(3);
    private static final int ROUNDS = 5;

    private enum Mode {
        NO_MARKS("no marks", 0),
        MARK_EVERY_SECOND("a mark every 1 s", 1000),
        MARK_EVERY_100_MS("a mark every 100 ms", 100);

        final String label;
        final long everyMs;

        Mode(String label, long everyMs) {
            this.label = label;
            this.everyMs = everyMs;
        }
    }

    private PhaseBookkeepingBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "voiceload phase bookkeeping benchmark | JDK %s | %d cores | load average %.2f%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Map<Mode, List<Double>> nsPerSample = new EnumMap<>(Mode.class);
        for (int round = 0; round <= ROUNDS; round++) { // round 0 warms the JIT up
            for (Mode mode : Mode.values()) {
                double ns = run(mode);
                if (round > 0) {
                    nsPerSample.computeIfAbsent(mode, m -> new ArrayList<>()).add(ns);
                }
            }
        }
        double base = median(nsPerSample.get(Mode.NO_MARKS));
        System.out.printf(
                Locale.ROOT,
                "%n%d users recording empty requests for %s, 100 ms samples; medians of %d rounds%n",
                USERS,
                LENGTH.toSeconds() + " s",
                ROUNDS);
        System.out.printf(Locale.ROOT, "%-24s %16s %18s %8s%n", "", "CPU ns / sample", "range", "ratio");
        for (Mode mode : Mode.values()) {
            List<Double> values = new ArrayList<>(nsPerSample.get(mode));
            Collections.sort(values);
            double median = median(values);
            System.out.printf(
                    Locale.ROOT,
                    "%-24s %16.1f %8.1f – %7.1f %8.3f%n",
                    mode.label,
                    median,
                    values.getFirst(),
                    values.getLast(),
                    median / base);
        }
    }

    /** One run of {@code mode}: this process's CPU nanoseconds per recorded sample. */
    private static double run(Mode mode) throws Exception {
        RunMarks marks = new RunMarks();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        RunOptions options = RunOptions.defaults().withProgressOut(null).withSampleInterval(Duration.ofMillis(100));
        if (mode.everyMs > 0) {
            options = options.withMarks(marks)
                    .withMeasuredStart(nanos ->
                            timer.scheduleAtFixedRate(marks::mark, mode.everyMs, mode.everyMs, TimeUnit.MILLISECONDS));
        }
        long cpuBefore = processCpuNanos();
        LoadResult result;
        try {
            result = io.voiceload.load.LoadRunner.run(
                    LoadPlan.closed(USERS).duration(LENGTH).build(), user -> user.time("work", () -> {}), options);
        } finally {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
        long cpu = processCpuNanos() - cpuBefore;
        long samples = result.request("work").count() + result.iterations().count();
        return (double) cpu / samples;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report its process CPU time");
    }
}
