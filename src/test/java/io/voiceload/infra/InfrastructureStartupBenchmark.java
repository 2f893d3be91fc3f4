package io.voiceload.infra;

import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Measures how long the embedded infrastructure takes to start (Postgres, Redis, Toxiproxy, each and in
 * total), with Docker not asked:
 *
 * <ul>
 *   <li><b>cold</b>: a new JVM outside a Maven project, so the Postgres binaries are unpacked into a
 *       fresh temporary directory (and deleted again);
 *   <li><b>warm</b>: a new JVM in this project, binaries already cached in
 *       {@code target/voiceload-infra/cache};
 *   <li><b>hot</b>: a second start in a JVM that has started it once (classes loaded, JIT warm).
 * </ul>
 *
 * Run from the project directory after {@code mvn test-compile}: {@code java -cp
 * target/test-classes:target/classes:<test classpath> io.voiceload.infra.InfrastructureStartupBenchmark [runs]}.
 */
public final class InfrastructureStartupBenchmark {

    private InfrastructureStartupBenchmark() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        Path project = Path.of(System.getProperty("user.dir"));
        System.out.println("seconds     postgres  redis  toxiproxy  total   (JVM start to ready)  stop");
        for (int i = 0; i < runs; i++) {
            Path empty = Files.createTempDirectory("voiceload-bench-");
            try {
                child("cold", empty);
            } finally {
                WorkDirectories.deleteRecursively(empty);
            }
        }
        for (int i = 0; i < runs; i++) {
            child("warm", project);
        }
        InfrastructureSettings settings = InfrastructureSettings.resolve(
                LoadTestConfig.builtIn(), Overrides.of(Map.of("loadtest.docker", "never"), Map.of()));
        for (int i = 0; i <= runs; i++) {
            long start = System.nanoTime();
            RunningInfrastructure infra = RunningInfrastructure.start(settings);
            long started = System.nanoTime() - start;
            long stop = System.nanoTime();
            infra.close();
            long stopped = System.nanoTime() - stop;
            print(i == 0 ? "in-JVM 1st" : "hot", infra.info(), started / 1e9, Double.NaN, stopped / 1e9);
        }
    }

    private static void child(String label, Path workingDirectory) throws Exception {
        try (ChildJvm child = ChildJvm.start("close", workingDirectory)) {
            List<String> times = child.values("TIMES");
            child.stop();
            List<String> stopped = child.values("STOPPED");
            System.out.println(String.format(
                    Locale.ROOT,
                    "%-10s  %-8s  %-5s  %-9s  %-6s  %-20s  %s",
                    label,
                    value(times, "postgres"),
                    value(times, "redis"),
                    value(times, "toxiproxy"),
                    value(times, "total"),
                    value(times, "sinceJvmStart"),
                    stopped.isEmpty() ? "?" : stopped.get(0)));
        }
    }

    private static String value(List<String> pairs, String key) {
        return pairs.stream()
                .filter(p -> p.startsWith(key + "="))
                .map(p -> p.substring(key.length() + 1))
                .findFirst()
                .orElse("?");
    }

    private static void print(String label, Infrastructure info, double total, double sinceJvm, double stop) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", label));
        for (Dependency d : Dependency.values()) {
            double took = info.attempts().stream()
                    .filter(a -> a.dependency() == d && a.outcome() == ProviderAttempt.Outcome.SERVED)
                    .mapToDouble(a -> a.took().toNanos() / 1e9)
                    .findFirst()
                    .orElse(Double.NaN);
            line.append(String.format(
                    Locale.ROOT,
                    d == Dependency.POSTGRES ? "  %-8.3f" : d == Dependency.REDIS ? "  %-5.3f" : "  %-9.3f",
                    took));
        }
        line.append(String.format(
                Locale.ROOT, "  %-6.3f  %-20s  %.3f", total, Double.isNaN(sinceJvm) ? "-" : sinceJvm, stop));
        System.out.println(line);
    }
}
