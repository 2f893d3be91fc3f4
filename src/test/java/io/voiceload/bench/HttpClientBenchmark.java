package io.voiceload.bench;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RequestStats;
import io.voiceload.load.RunOptions;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How fast the suite's HTTP clients drive a trivial server, against wrk on the same server: one run prints, for
 * wrk, the engine with the fast client ({@code io.voiceload.http.Http}), the engine with REST Assured and the
 * other candidates, the requests per second, the generator's CPU per request, p50/p99 and the ratio to wrk. It
 * prints a table and never asserts.
 *
 * <pre>{@code
 * mvn -Pbench verify -DskipTests
 * # one mode, shorter: -Dbench.modes=wrk,fast -Dbench.warmup=5 -Dbench.measure=5 -Dbench.runs=3
 * # a JFR profile of each Java mode into a directory: -Dbench.jfr=target/jfr, then jfr view hot-methods <file>
 * # extra options for the generator JVMs: -Dbench.jvmArgs="-Djdk.pollerMode=1"
 * }</pre>
 *
 * <p>Set-up (as in the research this figures compare with): a private nginx ({@link NginxServer}) pinned to CPU
 * 1, the generator pinned to CPU 0 with {@code taskset}, 50 keep-alive connections/users in a closed loop. Each
 * Java mode runs in its own JVM (so that one client's JIT and garbage do not tax the next), warms up, then
 * measures {@code bench.runs} windows; the table shows the median and the range. CPU per request is the
 * generator process's CPU time over a window divided by the requests completed in it; "foreign" is the CPU that
 * neither the generator nor nginx used ({@code /proc/stat}), to spot a noisy machine. Needs Linux, {@code nginx}
 * and {@code wrk} ({@code apt-get install -y nginx-light wrk}); without them it says so and skips.
 *
 * <p>Limitations: wall-clock figures on a shared 2-core machine; three windows give a median and a range, not a
 * confidence interval. Compare clients by CPU per request when the foreign load is high.
 */
// close() waits for a process or an event loop to stop, so it may throw InterruptedException; only a
// benchmark's main thread closes these and nothing interrupts it, so no interrupt can be lost.
@SuppressWarnings("try")
public final class HttpClientBenchmark {
    static final String CHILD = "--child";
    private static final int GENERATOR_CPU = 0;
    private static final int SERVER_CPU = 1;
    private static final Pattern RESULT = Pattern.compile("^RESULT (.*)$", Pattern.MULTILINE);

    private HttpClientBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals(CHILD)) {
            child(args);
            return;
        }
        Settings settings = Settings.fromSystemProperties();
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("nginx", "wrk", "taskset")) {
            if (!onPath(tool)) {
                missing.add(tool);
            }
        }
        if (!missing.isEmpty() || Runtime.getRuntime().availableProcessors() < 2) {
            System.out.println("HttpClientBenchmark skipped: needs nginx, wrk and taskset on the PATH and 2 cores"
                    + (missing.isEmpty() ? "" : " (missing: " + String.join(", ", missing) + ")")
                    + ". Install with: apt-get install -y nginx-light wrk");
            return;
        }
        long start = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "voiceload HTTP client benchmark | JDK %s | %d cores | load average %.2f | %d users, warm-up %d s,"
                        + " %d windows of %d s | nginx on CPU %d, generator on CPU %d%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                settings.users,
                settings.warmupSeconds,
                settings.runs,
                settings.measureSeconds,
                SERVER_CPU,
                GENERATOR_CPU);
        List<Row> rows = new ArrayList<>();
        try (NginxServer nginx = NginxServer.start(SERVER_CPU)) {
            for (String mode : settings.modes) {
                List<Window> windows = mode.equals("wrk") ? wrk(nginx, settings) : javaMode(mode, nginx, settings);
                Row row = Row.of(mode, windows);
                rows.add(row);
                System.out.println("  " + row.describeRuns());
            }
        }
        print(rows);
        System.out.printf(Locale.ROOT, "%nbenchmark took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    // -- modes --------------------------------------------------------------------------------------------------

    private static List<Window> wrk(NginxServer nginx, Settings settings) throws IOException, InterruptedException {
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < settings.runs; i++) {
            // bash's `times` prints the CPU time of its finished children: wrk's user and system time.
            String command = String.format(
                    Locale.ROOT,
                    "taskset -c %d wrk -t1 -c%d -d%ds --latency %s; times",
                    GENERATOR_CPU,
                    settings.users,
                    settings.measureSeconds,
                    nginx.url());
            CpuSample before = CpuSample.take(nginx.pid(), -1);
            String out = run(List.of("bash", "-c", command), settings.measureSeconds + 30);
            CpuSample after = CpuSample.take(nginx.pid(), -1);
            long requests = Long.parseLong(find(out, "(\\d+) requests in"));
            double seconds = durationSeconds(find(out, "requests in ([0-9.]+[a-z]+)"));
            String[] times = out.strip().split("\n");
            double[] userSys = bashTimes(times[times.length - 1]);
            double cpuSeconds = userSys[0] + userSys[1];
            double wall = (after.wallNanos() - before.wallNanos()) / 1e9;
            double nginxCores = (after.serverJiffies() - before.serverJiffies()) / CpuSample.HZ / wall;
            double busyCores = (after.busyJiffies() - before.busyJiffies()) / CpuSample.HZ / wall;
            windows.add(new Window(
                    requests / seconds,
                    cpuSeconds * 1e6 / requests,
                    latencyMicros(find(out, "(?m)^\\s+50%\\s+(\\S+)")),
                    latencyMicros(find(out, "(?m)^\\s+99%\\s+(\\S+)")),
                    requests,
                    0,
                    cpuSeconds / wall,
                    nginxCores,
                    Math.max(0, busyCores - nginxCores - cpuSeconds / wall),
                    cpuSeconds > 0 ? userSys[1] / cpuSeconds : 0));
        }
        return windows;
    }

    private static List<Window> javaMode(String mode, NginxServer nginx, Settings settings)
            throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(
                List.of("taskset", "-c", Integer.toString(GENERATOR_CPU), java, "-Xmx1g", "-XX:+UseSerialGC"));
        String jvmArgs = System.getProperty("bench.jvmArgs", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(List.of(jvmArgs.split("\\s+"))); // e.g. -Djdk.pollerMode=1 to compare JDK settings
        }
        String jfrDir = System.getProperty("bench.jfr");
        if (jfrDir != null) {
            // A profile of the generator for "where does the time go": jfr view hot-methods <file>
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + Path.of(jfrDir, mode + ".jfr").toAbsolutePath());
        }
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                HttpClientBenchmark.class.getName(),
                CHILD,
                mode,
                nginx.url(),
                Long.toString(nginx.pid()),
                Integer.toString(settings.users),
                Integer.toString(settings.warmupSeconds),
                Integer.toString(settings.measureSeconds),
                Integer.toString(settings.runs)));
        String out = run(command, settings.warmupSeconds + (long) settings.runs * (settings.measureSeconds + 10) + 60);
        List<Window> windows = new ArrayList<>();
        Matcher m = RESULT.matcher(out);
        while (m.find()) {
            windows.add(Window.parse(m.group(1)));
        }
        if (windows.isEmpty()) {
            throw new IOException("mode " + mode + " printed no result:\n" + out);
        }
        return windows;
    }

    /** In the generator JVM: warm up, then measure {@code runs} windows of the closed model, one line each. */
    private static void child(String[] args) throws Exception {
        String mode = args[1];
        String url = args[2];
        long nginxPid = Long.parseLong(args[3]);
        int users = Integer.parseInt(args[4]);
        int warmup = Integer.parseInt(args[5]);
        int measure = Integer.parseInt(args[6]);
        int runs = Integer.parseInt(args[7]);
        if (mode.equals("vertx-callback")) {
            try (VertxCallbackLoop loop = new VertxCallbackLoop(url, users)) {
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmup)); // warm-up time: the loop runs by itself
                for (int i = 0; i < runs; i++) {
                    System.out.println(
                            "RESULT " + loop.measure(measure, nginxPid).format());
                }
            }
            return;
        }
        RunOptions quiet = RunOptions.defaults().withProgressOut(null);
        try (ClientCandidates.Candidate body = BenchBodies.create(mode, url, users)) {
            LoadRunner.run(
                    LoadPlan.closed(users).duration(Duration.ofSeconds(warmup)).build(), body, quiet);
            for (int i = 0; i < runs; i++) {
                CpuSample before =
                        CpuSample.take(nginxPid, ProcessHandle.current().pid());
                LoadResult result = LoadRunner.run(
                        LoadPlan.closed(users)
                                .duration(Duration.ofSeconds(measure))
                                .build(),
                        body,
                        quiet);
                CpuSample after =
                        CpuSample.take(nginxPid, ProcessHandle.current().pid());
                RequestStats stats = result.requests().get(ClientCandidates.NAME);
                if (stats == null) {
                    throw new IllegalStateException("mode " + mode + " recorded no '" + ClientCandidates.NAME + "': "
                            + result.requests().keySet());
                }
                double wall = (after.wallNanos() - before.wallNanos()) / 1e9;
                double ownCores = (after.ownCpuNanos() - before.ownCpuNanos()) / 1e9 / wall;
                double nginxCores = (after.serverJiffies() - before.serverJiffies()) / CpuSample.HZ / wall;
                double busyCores = (after.busyJiffies() - before.busyJiffies()) / CpuSample.HZ / wall;
                Window w = new Window(
                        stats.count() / wall,
                        (after.ownCpuNanos() - before.ownCpuNanos()) / 1e3 / Math.max(1, stats.count()),
                        stats.percentile(50).toNanos() / 1e3,
                        stats.percentile(99).toNanos() / 1e3,
                        stats.count(),
                        stats.failures(),
                        ownCores,
                        nginxCores,
                        Math.max(0, busyCores - ownCores - nginxCores),
                        CpuSample.kernelShare(before, after));
                if (stats.failures() > 0) {
                    System.out.println("errors: " + stats.errors() + " " + stats.errorSamples());
                }
                System.out.println("RESULT " + w.format());
            }
        }
    }

    // -- output ---------------------------------------------------------------------------------------------------

    private static void print(List<Row> rows) {
        double wrkRps = rows.stream()
                .filter(r -> r.mode.equals("wrk"))
                .mapToDouble(r -> r.rps)
                .findFirst()
                .orElse(Double.NaN);
        System.out.printf(
                Locale.ROOT,
                "%n%-34s %9s %19s %8s %10s %10s %8s %9s %9s %8s %7s%n",
                "generator",
                "req/s",
                "min..max",
                "x wrk",
                "CPU us/req",
                "p50",
                "p99",
                "gen cores",
                "nginx",
                "foreign",
                "kernel");
        for (Row r : rows) {
            System.out.printf(
                    Locale.ROOT,
                    "%-34s %9.0f %19s %8s %10.1f %10s %8s %9.2f %9.2f %8.2f %6.0f%%%n",
                    label(r.mode),
                    r.rps,
                    String.format(Locale.ROOT, "%.0f..%.0f", r.minRps, r.maxRps),
                    Double.isNaN(wrkRps) ? "-" : String.format(Locale.ROOT, "%.2f", r.rps / wrkRps),
                    r.cpuMicros,
                    micros(r.p50),
                    micros(r.p99),
                    r.genCores,
                    r.nginxCores,
                    r.foreignCores,
                    r.kernelShare * 100);
        }
    }

    private static String label(String mode) {
        return switch (mode) {
            case "wrk" -> "wrk -t1";
            case "fast" -> "engine + Http, Transport.VERTX";
            case "raw" -> "engine + Http, Transport.RAW";
            case "nio-handoff" -> "engine + 1 selector thread, handoff";
            case "restassured" -> "engine + REST Assured";
            case "jdk" -> "engine + JDK HttpClient";
            case "vertx" -> "engine + Vert.x HttpClient (raw)";
            case "vertx-callback" -> "Vert.x callbacks, no engine/VT";
            case "vertx-timeouts" -> "engine + Vert.x raw + timeouts";
            case "jetty" -> "engine + Jetty HttpClient";
            case "reactor" -> "engine + reactor-netty";
            default -> mode;
        };
    }

    private static String micros(double us) {
        return us >= 1000
                ? String.format(Locale.ROOT, "%.2f ms", us / 1000)
                : String.format(Locale.ROOT, "%.0f us", us);
    }

    // -- helpers --------------------------------------------------------------------------------------------------

    private static boolean onPath(String tool) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
    }

    private static String run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = Files.createTempFile("voiceload-bench-", ".log");
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                throw new IOException(
                        "timed out after " + timeoutSeconds + " s: " + command + "\n" + Files.readString(log));
            }
            String out = Files.readString(log, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + command + "\n" + out);
            }
            return out;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static String find(String text, String regex) throws IOException {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IOException("no '" + regex + "' in:\n" + text);
        }
        return m.group(1);
    }

    /** wrk's durations: {@code 10.01s}, {@code 512.00us}, {@code 1.20ms}, {@code 1.00m}. */
    private static double durationSeconds(String s) {
        Matcher m = Pattern.compile("([0-9.]+)([a-z]+)").matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException(s);
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1e6;
            case "ms" -> v / 1e3;
            case "s" -> v;
            case "m" -> v * 60;
            case "h" -> v * 3600;
            default -> throw new IllegalArgumentException(s);
        };
    }

    private static double latencyMicros(String s) {
        return durationSeconds(s) * 1e6;
    }

    /** bash {@code times} line for children: {@code 0m1.234s 0m5.678s}: user and system seconds. */
    private static double[] bashTimes(String line) {
        double[] userSys = new double[2];
        Matcher m = Pattern.compile("(\\d+)m([0-9.]+)s").matcher(line);
        for (int i = 0; i < 2 && m.find(); i++) {
            userSys[i] = Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2));
        }
        return userSys;
    }

    /** Benchmark knobs from system properties (each optional). */
    private record Settings(List<String> modes, int users, int warmupSeconds, int measureSeconds, int runs) {
        static Settings fromSystemProperties() {
            return new Settings(
                    List.of(System.getProperty(
                                    "bench.modes", "wrk,fast,raw,restassured,vertx-callback,vertx,jetty,reactor,jdk")
                            .split(",")),
                    Integer.getInteger("bench.users", 50),
                    Integer.getInteger("bench.warmup", 15),
                    Integer.getInteger("bench.measure", 10),
                    Integer.getInteger("bench.runs", 3));
        }
    }

    /** One measured window. Latencies in microseconds. */
    record Window(
            double rps,
            double cpuMicrosPerRequest,
            double p50,
            double p99,
            long requests,
            long failures,
            double genCores,
            double nginxCores,
            double foreignCores,
            double kernelShare) {
        String format() {
            return String.format(
                    Locale.ROOT,
                    "%.1f %.2f %.1f %.1f %d %d %.3f %.3f %.3f %.3f",
                    rps,
                    cpuMicrosPerRequest,
                    p50,
                    p99,
                    requests,
                    failures,
                    genCores,
                    nginxCores,
                    foreignCores,
                    kernelShare);
        }

        static Window parse(String line) {
            String[] f = line.trim().split(" ");
            return new Window(
                    Double.parseDouble(f[0]),
                    Double.parseDouble(f[1]),
                    Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]),
                    Long.parseLong(f[4]),
                    Long.parseLong(f[5]),
                    Double.parseDouble(f[6]),
                    Double.parseDouble(f[7]),
                    Double.parseDouble(f[8]),
                    Double.parseDouble(f[9]));
        }
    }

    /** Medians over a mode's windows. */
    private record Row(
            String mode,
            List<Window> windows,
            double rps,
            double minRps,
            double maxRps,
            double cpuMicros,
            double p50,
            double p99,
            double genCores,
            double nginxCores,
            double foreignCores,
            double kernelShare) {
        static Row of(String mode, List<Window> w) {
            return new Row(
                    mode,
                    w,
                    median(w.stream().mapToDouble(Window::rps).toArray()),
                    w.stream().mapToDouble(Window::rps).min().orElse(0),
                    w.stream().mapToDouble(Window::rps).max().orElse(0),
                    median(w.stream().mapToDouble(Window::cpuMicrosPerRequest).toArray()),
                    median(w.stream().mapToDouble(Window::p50).toArray()),
                    median(w.stream().mapToDouble(Window::p99).toArray()),
                    median(w.stream().mapToDouble(Window::genCores).toArray()),
                    median(w.stream().mapToDouble(Window::nginxCores).toArray()),
                    median(w.stream().mapToDouble(Window::foreignCores).toArray()),
                    median(w.stream().mapToDouble(Window::kernelShare).toArray()));
        }

        String describeRuns() {
            StringBuilder sb = new StringBuilder(label(mode)).append(":");
            for (Window x : windows) {
                sb.append(String.format(
                        Locale.ROOT,
                        " [%.0f req/s, %.1f us/req, p99 %s, %d failed, foreign %.2f, kernel %.0f%%]",
                        x.rps,
                        x.cpuMicrosPerRequest,
                        micros(x.p99),
                        x.failures,
                        x.foreignCores,
                        x.kernelShare * 100));
            }
            return sb.toString();
        }
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }
}
