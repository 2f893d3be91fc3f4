package io.voiceload.platform.junit;

import io.voiceload.config.TargetCredentials;
import io.voiceload.infra.PostgresEndpoint;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.memory.MemoryTarget;
import io.voiceload.platform.Main;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The reference platform in a JVM of its own ({@code target.mode = child}): {@link Main} started with this JVM's
 * {@code java} and class path and the configured JVM options ({@code target.child_jvm_args}), on the suite's
 * infrastructure <em>through the same Toxiproxy proxies</em> as the embedded platform ({@code postgres},
 * {@code redis}, and the PMS simulators, which stay in this JVM, behind {@value EmbeddedPlatform#PMS_PROXY} and
 * {@value EmbeddedPlatform#PMS_SECONDARY_PROXY}), so every fault annotation bites it as it bites the embedded one.
 * It serves on a free loopback port (the child binds port 0 and prints its address). Its stdout and stderr go to a
 * log file; {@link #start} returns once {@code GET /health/ready} answers 200.
 *
 * <p>It competes with the load generator for neither CPU time slices of one JVM's threads nor heap: its heap and
 * collector are its own, so memory measured of it is the system under test's alone.
 *
 * <p>No child is left behind: {@link #close} (SIGTERM, then after {@link #STOP_GRACE} a kill) runs at the end of
 * the run, a shutdown hook of this JVM does the same should the run end otherwise, and the child itself
 * ({@link ChildPlatformLauncher}) exits when this JVM is gone without running its hooks (killed, crashed).
 *
 * <pre>{@code
 * Path log = Path.of("target/child-platform.log");
 * try (ChildPlatform child = ChildPlatform.start(RunningInfrastructure.shared(), List.of("-Xmx512m"), log)) {
 *     PlatformEndpoint platform = new PlatformEndpoint(child.baseUrl(), false);
 * }
 * }</pre>
 */
public final class ChildPlatform implements AutoCloseable {

    /** How long the child may take to print its address and answer ready. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    /** How long a SIGTERM is given before the child is killed. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(5);

    /** How many of the log's last lines an error quotes. */
    static final int TAIL_LINES = 30;

    private static final Pattern CALL_ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ADDRESS = Pattern.compile("voiceload platform: (http://\\S+)");
    private static final Pattern JMX_ADDRESS =
            Pattern.compile(Pattern.quote(ChildPlatformLauncher.JMX_LINE) + "(service:jmx:\\S+)");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final URI baseUrl;
    private final String jmxUrl;
    private final List<String> jvmArgs;
    private final Path log;
    private final PmsUpstream pms;
    private final Thread hook;
    private final AtomicBoolean closed = new AtomicBoolean();
    private MemoryTarget memoryTarget; // guarded by this
    private volatile WarmUp warmedUp;

    private ChildPlatform(Process process, URI baseUrl, List<String> jvmArgs, Path log, PmsUpstream pms, Thread hook) {
        this.process = process;
        this.baseUrl = baseUrl;
        this.jmxUrl = jmxAddress(log);
        this.jvmArgs = jvmArgs;
        this.log = log;
        this.pms = pms;
        this.hook = hook;
    }

    /**
     * Starts the PMS simulators behind the proxies {@value EmbeddedPlatform#PMS_PROXY} and
     * {@value EmbeddedPlatform#PMS_SECONDARY_PROXY}, then the child JVM, and waits until it is ready.
     *
     * @param jvmArgs the child's JVM options, e.g. {@code -Xmx512m -XX:+UseG1GC}
     * @param log the file its stdout and stderr go to (its directory is created)
     * @throws IllegalStateException when it exits or is not ready within {@link #START_TIMEOUT}; the message holds
     *     the last lines it printed (it is stopped, and the simulators with it)
     */
    public static ChildPlatform start(RunningInfrastructure infrastructure, List<String> jvmArgs, Path log) {
        return start(infrastructure, jvmArgs, log, START_TIMEOUT);
    }

    /**
     * As {@link #start(RunningInfrastructure, List, Path)}, with more of {@link Main}'s options after the ones it is
     * always given (the stores, the PMS, the port): e.g. {@code List.of("--planted", "calls.transcriptLeak")} for a
     * child that carries a planted bug. An option given twice stops the child at once, with its message in the
     * failure.
     */
    public static ChildPlatform start(
            RunningInfrastructure infrastructure, List<String> jvmArgs, List<String> platformArgs, Path log) {
        return start(infrastructure, jvmArgs, platformArgs, log, START_TIMEOUT);
    }

    /**
     * A child platform beside the one the suite runs: as {@link #start(RunningInfrastructure, List, List, Path)}, but
     * its PMS simulators behind proxies of its own ({@code pms_<n>}, {@code pms_secondary_<n>}, named by {@link
     * #pms()}), as {@link EmbeddedPlatform#startAnother} does, so that it can run while the suite's platform holds
     * {@value EmbeddedPlatform#PMS_PROXY}: for a test that runs the suite's tests against a platform with a planted bug.
     */
    public static ChildPlatform startAnother(
            RunningInfrastructure infrastructure, List<String> jvmArgs, List<String> platformArgs, Path log) {
        int n = EmbeddedPlatform.anotherNumber();
        return start(
                infrastructure,
                jvmArgs,
                platformArgs,
                log,
                START_TIMEOUT,
                EmbeddedPlatform.PMS_PROXY + "_" + n,
                EmbeddedPlatform.PMS_SECONDARY_PROXY + "_" + n);
    }

    static ChildPlatform start(RunningInfrastructure infrastructure, List<String> jvmArgs, Path log, Duration timeout) {
        return start(infrastructure, jvmArgs, List.of(), log, timeout);
    }

    static ChildPlatform start(
            RunningInfrastructure infrastructure,
            List<String> jvmArgs,
            List<String> platformArgs,
            Path log,
            Duration timeout) {
        return start(
                infrastructure,
                jvmArgs,
                platformArgs,
                log,
                timeout,
                EmbeddedPlatform.PMS_PROXY,
                EmbeddedPlatform.PMS_SECONDARY_PROXY);
    }

    private static ChildPlatform start(
            RunningInfrastructure infrastructure,
            List<String> jvmArgs,
            List<String> platformArgs,
            Path log,
            Duration timeout,
            String pmsProxy,
            String pmsSecondaryProxy) {
        Objects.requireNonNull(infrastructure, "infrastructure");
        List<String> options = List.copyOf(jvmArgs);
        List<String> extra = List.copyOf(platformArgs);
        PmsUpstream pms = PmsUpstream.start(infrastructure, pmsProxy, pmsSecondaryProxy);
        Process process = null;
        Thread hook = null;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            ProcessBuilder builder = new ProcessBuilder(command(infrastructure, pms, withOwnFiles(options, log), extra))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            String password = infrastructure.info().postgres().password();
            if (password != null) { // kept out of the process listing
                builder.environment().put(Main.POSTGRES_PASSWORD_ENV, password);
            }
            process = builder.start();
            Process started = process;
            hook = new Thread(() -> stop(started), "voiceload-child-platform-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            URI baseUrl = awaitReady(process, log, timeout);
            return new ChildPlatform(process, baseUrl, options, log, pms, hook);
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof IOException io
                    ? new UncheckedIOException("could not start the child platform: " + io.getMessage(), io)
                    : (RuntimeException) e;
            if (process != null) {
                stop(process);
            }
            removeHook(hook);
            try {
                pms.close();
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    /**
     * The child's temporary files ({@code java.io.tmpdir}) and JFR repository in a directory next to its log
     * ({@code <log>.jvm/}), and no {@code hsperfdata} file: nothing of it is left in {@code /tmp}, even when it is
     * killed. First, so that {@code jvmArgs} can override them.
     */
    static List<String> withOwnFiles(List<String> jvmArgs, Path log) throws IOException {
        Path own = log.toAbsolutePath().resolveSibling(log.getFileName() + ".jvm");
        Files.createDirectories(own.resolve("tmp"));
        Files.createDirectories(own.resolve("jfr"));
        List<String> options = new ArrayList<>(List.of(
                "-Djava.io.tmpdir=" + own.resolve("tmp"),
                "-XX:FlightRecorderOptions:repository=" + own.resolve("jfr"),
                "-XX:-UsePerfData"));
        options.addAll(jvmArgs);
        return options;
    }

    /**
     * {@code java <jvmArgs> -cp <this class path> io.voiceload.platform.junit.ChildPlatformLauncher --postgres …
     * --port 0}: {@link Main}'s command line, run by a launcher that exits with this JVM.
     */
    static List<String> command(RunningInfrastructure infrastructure, PmsUpstream pms, List<String> jvmArgs) {
        return command(infrastructure, pms, jvmArgs, List.of());
    }

    /** As above, {@code platformArgs} last. */
    static List<String> command(
            RunningInfrastructure infrastructure, PmsUpstream pms, List<String> jvmArgs, List<String> platformArgs) {
        PostgresEndpoint postgres = infrastructure.info().postgres();
        List<String> command = new ArrayList<>();
        command.add(javaBinary());
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ChildPlatformLauncher.class.getName()));
        command.addAll(List.of("--postgres", postgres.jdbcUrl()));
        if (postgres.user() != null) {
            command.addAll(List.of("--postgres-user", postgres.user()));
        }
        command.addAll(List.of(
                "--redis",
                infrastructure.info().redis().redisUri().toURI().toString(),
                "--pool-size",
                Integer.toString(infrastructure.settings().postgresPoolSize().value()),
                "--pms",
                pms.primaryUrl().toString(),
                "--pms-secondary",
                pms.secondaryUrl().toString(),
                "--port",
                "0"));
        command.addAll(platformArgs);
        return command;
    }

    /** This JVM's {@code java}, else the one of {@code java.home}. */
    private static String javaBinary() {
        return ProcessHandle.current().info().command().orElseGet(() -> Path.of(
                        System.getProperty("java.home"), "bin", "java")
                .toString());
    }

    /** Waits for the child's address in its log, then for {@code GET /health/ready} to answer 200. */
    private static URI awaitReady(Process process, Path log, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        URI baseUrl = null;
        String lastAnswer = "no answer yet";
        while (System.nanoTime() - deadline < 0) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the child platform (pid " + process.pid() + ") exited with status "
                        + process.exitValue() + " before it was ready; its log " + log + " ends with:\n"
                        + tail(log));
            }
            if (baseUrl == null) {
                baseUrl = address(log).orElse(null);
            }
            if (baseUrl != null) {
                try {
                    HttpResponse<String> answer = HTTP.send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready"))
                                    .timeout(Duration.ofSeconds(2))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 200) {
                        return baseUrl;
                    }
                    lastAnswer = answer.statusCode() + " " + answer.body();
                } catch (IOException e) {
                    lastAnswer = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the child platform started", e);
                }
            }
            sleep(100);
        }
        throw new IllegalStateException("the child platform (pid " + process.pid() + ") was not ready within "
                + timeout.toSeconds() + " s ("
                + (baseUrl == null ? "it printed no address" : "GET " + baseUrl + "/health/ready: " + lastAnswer)
                + "); its log " + log + " ends with:\n" + tail(log));
    }

    private static Optional<URI> address(Path log) {
        try {
            Matcher m = ADDRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(URI.create(m.group(1))) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The JMX URL the child printed before its address. */
    private static String jmxAddress(Path log) {
        try {
            Matcher m = JMX_ADDRESS.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (m.find()) {
                return m.group(1);
            }
        } catch (IOException e) {
            // said below
        }
        throw new IllegalStateException("the child platform printed no '" + ChildPlatformLauncher.JMX_LINE
                + "' line; its log " + log + " ends with:\n" + tail(log));
    }

    /** The last {@value #TAIL_LINES} lines of {@code log}, or why they cannot be read. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(its log cannot be read: " + e + ")";
        }
    }

    /** SIGTERM, then a kill after {@link #STOP_GRACE}; waits for the end either way. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(Thread hook) {
        if (hook == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the child platform started", e);
        }
    }

    /** How many callers a {@link #warmUp} runs at once: light, so that it warms the code without loading the run. */
    static final int WARMUP_CALLERS = 8;

    /**
     * What a {@link #warmUp} did.
     *
     * @param duration how long it ran
     * @param requests the requests it sent (logins not counted)
     * @param failures those not answered as expected (a status other than 201/200, or no answer)
     */
    public record WarmUp(Duration duration, long requests, long failures) {}

    /**
     * Runs a light built-in load for {@code duration} before the first test, so that the child's JIT compiler
     * has compiled its hot paths when the measured load starts (a just-started JVM keeps getting faster for
     * minutes): {@value #WARMUP_CALLERS} callers, each logged in as its own front-desk user, create a call, read it
     * and end it, over and over. Remembered for {@link #describe}.
     *
     * @throws IllegalStateException when none of its requests was answered as expected (the platform is not
     *     working: better said now than by every test)
     */
    public WarmUp warmUp(Duration duration, TargetCredentials credentials) {
        if (duration.isZero() || duration.isNegative()) {
            return new WarmUp(Duration.ZERO, 0, 0);
        }
        PlatformEndpoint endpoint = new PlatformEndpoint(baseUrl, false, credentials);
        LongAdder requests = new LongAdder();
        LongAdder failures = new LongAdder();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < WARMUP_CALLERS; i++) {
                int caller = i;
                callers.submit(() -> warmUpCaller(endpoint, caller, end, requests, failures));
            }
        }
        WarmUp done = new WarmUp(Duration.ofNanos(System.nanoTime() - start), requests.sum(), failures.sum());
        if (done.requests() == 0 || done.failures() == done.requests()) {
            throw new IllegalStateException("the warm-up of the " + this + " failed: " + done.failures() + " of "
                    + done.requests() + " requests not answered as expected; its log " + log + " ends with:\n"
                    + tail(log));
        }
        warmedUp = done;
        return done;
    }

    private static void warmUpCaller(
            PlatformEndpoint endpoint, int caller, long end, LongAdder requests, LongAdder failures) {
        String authorization;
        try {
            authorization = endpoint.login(UserRole.FRONT_DESK, caller).authorization();
        } catch (RuntimeException e) {
            requests.increment();
            failures.increment();
            return;
        }
        String call = "{\"hotelId\": \"hotel-demo\", \"callerNumber\": \"+4144668" + String.format("%04d", caller)
                + "\", \"direction\": \"inbound\", \"language\": \"en-US\", \"department\": \"front_desk\"}";
        while (System.nanoTime() - end < 0) {
            HttpResponse<String> created =
                    warmUpRequest(endpoint, "POST", "/calls", call, authorization, 201, requests, failures);
            if (created == null) {
                continue;
            }
            Matcher id = CALL_ID.matcher(created.body());
            if (id.find()) {
                warmUpRequest(endpoint, "GET", "/calls/" + id.group(1), null, authorization, 200, requests, failures);
                warmUpRequest(
                        endpoint,
                        "POST",
                        "/calls/" + id.group(1) + "/end",
                        null,
                        authorization,
                        200,
                        requests,
                        failures);
            }
        }
    }

    /** The answer when it has {@code expected} status, else null (counted as a failure). */
    private static HttpResponse<String> warmUpRequest(
            PlatformEndpoint endpoint,
            String method,
            String path,
            String body,
            String authorization,
            int expected,
            LongAdder requests,
            LongAdder failures) {
        requests.increment();
        try {
            HttpResponse<String> answer = HTTP.send(
                    HttpRequest.newBuilder(endpoint.resolve(path))
                            .timeout(Duration.ofSeconds(5))
                            .header("Authorization", authorization)
                            .header("Content-Type", "application/json")
                            .method(
                                    method,
                                    body == null
                                            ? HttpRequest.BodyPublishers.noBody()
                                            : HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == expected) {
                return answer;
            }
        } catch (IOException e) {
            // counted below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        failures.increment();
        return null;
    }

    /** Where it answers, e.g. {@code http://127.0.0.1:40123}. */
    public URI baseUrl() {
        return baseUrl;
    }

    /**
     * Its JMX connector, on a free loopback port and without authentication, e.g. {@code
     * service:jmx:rmi://127.0.0.1/stub/rO0AB…}: for {@code MemoryTarget.connect}.
     */
    public String jmxUrl() {
        return jmxUrl;
    }

    /**
     * Its JVM for a memory recording, connected over {@link #jmxUrl()} on first use and kept until {@link #close}: one
     * connection serves every test that records it.
     */
    public synchronized MemoryTarget memoryTarget() {
        if (closed.get()) {
            throw new IllegalStateException("the " + this + " is stopped");
        }
        if (memoryTarget == null) {
            memoryTarget = MemoryTarget.connect(jmxUrl, null, null, describe());
        }
        return memoryTarget;
    }

    /** The child JVM's process id. */
    public long pid() {
        return process.pid();
    }

    /** The child JVM's process, to watch it ({@code ProcessHandle.isAlive}, its resident memory...). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** The JVM options it was started with. */
    public List<String> jvmArgs() {
        return jvmArgs;
    }

    /** The file holding its stdout and stderr. */
    public Path log() {
        return log;
    }

    /** The PMS simulators it calls, in this JVM, behind their proxies. */
    public PmsUpstream pms() {
        return pms;
    }

    /**
     * {@code platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)}, and after a {@link #warmUp} {@code
     * …, warmed up 60 s)}: the set-up, for reports.
     */
    public String describe() {
        WarmUp warm = warmedUp;
        return "platform in a child JVM (pid " + pid() + (jvmArgs.isEmpty() ? "" : ", " + String.join(" ", jvmArgs))
                + (warm == null
                        ? ""
                        : ", warmed up " + Math.round(warm.duration().toMillis() / 1000.0) + " s") + ")";
    }

    /** Stops the child (SIGTERM, then a kill after {@link #STOP_GRACE}), then the PMS simulators. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            synchronized (this) {
                if (memoryTarget != null) {
                    memoryTarget.close();
                }
            }
            stop(process);
            removeHook(hook);
        } finally {
            pms.close();
        }
    }

    @Override
    public String toString() {
        return describe() + " at " + baseUrl;
    }
}
