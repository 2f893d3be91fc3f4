package io.voiceload.bench;

import io.voiceload.memory.ChildJvm;
import io.voiceload.memory.MemoryRecorder;
import io.voiceload.memory.MemoryTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a {@link MemoryRecorder} costs the JVM it records: the throughput of a CPU and allocation workload (a map of
 * 32 short strings built and hashed, about 3 KB an operation: {@code RetainingChild.work}) in a child JVM, rounds
 * with and without a recorder attached over JMX taking turns, after a warm-up. It prints each round, the medians
 * and their ratio (the overhead), and never asserts.
 *
 * <pre>{@code
 * java -cp target/classes:target/test-classes:<deps> io.voiceload.bench.MemoryCaptureBenchmark [rounds] [seconds]
 * }</pre>
 *
 * <p>Limitations: the child shares the machine's cores with this JVM, whose stream consumer and JMX readings
 * run while the child works (as they do in a test); the recorder's start and its stop (the {@code .jfr} dump) are
 * outside the measured windows. A median of a few rounds, not a confidence interval.
 */
public final class MemoryCaptureBenchmark {

    private MemoryCaptureBenchmark() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;
        Path dir = Files.createTempDirectory(Path.of("target"), "memory-capture-bench-");
        try (ChildJvm child = new ChildJvm(dir.resolve("child"), List.of("-Xmx256m", "-XX:+UseG1GC"));
                MemoryTarget target = MemoryTarget.connect(child.jmxUrl(), null, null, "the benchmark's child")) {
            System.out.printf(
                    Locale.ROOT,
                    "voiceload memory capture overhead | JDK %s | %d cores | %d rounds of %.0f s each way%n",
                    Runtime.version(),
                    Runtime.getRuntime().availableProcessors(),
                    rounds,
                    seconds);
            work(child, seconds * 2); // warm-up: JIT-compiled and the heap sized before any measure
            List<Double> without = new ArrayList<>();
            List<Double> with = new ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                double plain = work(child, seconds) / seconds;
                double recorded;
                try (MemoryRecorder recorder = MemoryRecorder.start(target, dir.resolve("round-" + round + ".jfr"))) {
                    recorder.awaitEvents(java.time.Duration.ofSeconds(10)); // the stream is flowing
                    recorded = work(child, seconds) / seconds;
                    recorder.stop();
                }
                without.add(plain);
                with.add(recorded);
                System.out.printf(
                        Locale.ROOT,
                        "round %d: %,.0f ops/s without, %,.0f ops/s with a recorder (%.3f)%n",
                        round,
                        plain,
                        recorded,
                        recorded / plain);
            }
            double a = median(without);
            double b = median(with);
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < rounds; i++) {
                ratios.add(with.get(i) / without.get(i));
            }
            double pairwise = median(ratios);
            System.out.printf(
                    Locale.ROOT,
                    "median: %,.0f ops/s without, %,.0f ops/s with: ratio %.3f, overhead %.1f %%"
                            + " (median of the rounds' ratios %.3f, overhead %.1f %%)%n",
                    a,
                    b,
                    b / a,
                    (1 - b / a) * 100,
                    pairwise,
                    (1 - pairwise) * 100);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static long work(ChildJvm child, double seconds) {
        String ops = child.send("work " + seconds).getFirst();
        return Long.parseLong(ops.substring("ops ".length()));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
