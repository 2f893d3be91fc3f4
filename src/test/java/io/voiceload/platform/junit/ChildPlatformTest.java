package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.TargetCredentials;
import io.voiceload.infra.Dependency;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.FixtureOnly;
import io.voiceload.junit.TestKit;
import io.voiceload.load.SystemUnderTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link ChildPlatform}: the platform in a JVM of its own answers, reaches its stores through the suite's
 * proxies (a fault on {@code postgres} bites it), and leaves no process behind, whether it is stopped, fails to
 * start, or is not ready in time; {@code target.mode = child} gives {@link WithPlatform @WithPlatform} tests one
 * for the run, stopped at its end. The direct tests run on an infrastructure of their own, so that the proxy
 * names are free whatever platforms this JVM runs.
 */
class ChildPlatformTest {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final Pattern PID = Pattern.compile("\\(pid (\\d+)\\)");

    @TempDir
    Path logs;

    /** Its JMX connector answers on loopback, for this very JVM, whose temporary files are next to its log. */
    private static void assertJmxOnLoopbackWithItsFilesNextToItsLog(ChildPlatform child, Path log) throws Exception {
        assertThat(child.jmxUrl()).startsWith("service:jmx:rmi://127.0.0.1/stub/");
        try (javax.management.remote.JMXConnector jmx = javax.management.remote.JMXConnectorFactory.connect(
                new javax.management.remote.JMXServiceURL(child.jmxUrl()))) {
            java.lang.management.RuntimeMXBean runtime = java.lang.management.ManagementFactory.newPlatformMXBeanProxy(
                    jmx.getMBeanServerConnection(),
                    java.lang.management.ManagementFactory.RUNTIME_MXBEAN_NAME,
                    java.lang.management.RuntimeMXBean.class);
            assertThat(runtime.getPid()).isEqualTo(child.pid());
            Path own = log.toAbsolutePath().resolveSibling("child.log.jvm");
            assertThat(runtime.getSystemProperties().get("java.io.tmpdir"))
                    .isEqualTo(own.resolve("tmp").toString());
            assertThat(runtime.getInputArguments())
                    .contains("-XX:FlightRecorderOptions:repository=" + own.resolve("jfr"), "-XX:-UsePerfData");
        }
    }

    @Test
    void answersThroughTheProxiesAndLeavesNoProcessWhenClosed() throws Exception {
        try (RunningInfrastructure infrastructure = RunningInfrastructure.start(ownSettings())) {
            long pid;
            Path log = logs.resolve("child.log");
            try (ChildPlatform child =
                    ChildPlatform.start(infrastructure, List.of("-Xmx256m", "-XX:+UseSerialGC"), log)) {
                pid = child.pid();
                assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());
                assertThat(commandLine(pid))
                        .contains("-Xmx256m", "-XX:+UseSerialGC", ChildPlatformLauncher.class.getName(), "--postgres");
                assertThat(child.describe())
                        .isEqualTo("platform in a child JVM (pid " + pid + ", -Xmx256m -XX:+UseSerialGC)");
                assertThat(ready(child.baseUrl())).isEqualTo(200);
                assertJmxOnLoopbackWithItsFilesNextToItsLog(child, log);
                // Its stores answer: a login reads the users table and writes a session.
                assertThat(new PlatformEndpoint(child.baseUrl(), false)
                                .login(UserRole.FRONT_DESK, 1)
                                .accessToken())
                        .isNotBlank();
                assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_PROXY)).isTrue();

                // A partition of the postgres proxy bites the child: its readiness fails, and heals after.
                infrastructure.proxy(Dependency.POSTGRES).disable();
                try {
                    assertThat(awaitReady(child.baseUrl(), status -> status != 200))
                            .as("GET /health/ready with postgres partitioned")
                            .isEqualTo(503);
                    // A warm-up none of whose requests succeed says so rather than let every test find out.
                    assertThatThrownBy(() -> child.warmUp(Duration.ofMillis(500), TargetCredentials.DEMO))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageStartingWith("the warm-up of the platform in a child JVM (pid " + pid)
                            .hasMessageContaining("requests not answered as expected; its log");
                } finally {
                    infrastructure.resetFaults();
                }
                assertThat(awaitReady(child.baseUrl(), status -> status == 200)).isEqualTo(200);

                // Its callers log in (bcrypt: slow on a busy machine) and then create, read and end calls.
                ChildPlatform.WarmUp warm = child.warmUp(Duration.ofSeconds(2), TargetCredentials.DEMO);
                assertThat(warm.requests()).isPositive();
                assertThat(warm.failures()).isZero();
                assertThat(warm.duration()).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
                assertThat(child.describe())
                        .isEqualTo("platform in a child JVM (pid " + pid + ", -Xmx256m -XX:+UseSerialGC, warmed up "
                                + Math.round(warm.duration().toMillis() / 1000.0) + " s)");
                assertThat(Files.readString(log)).contains("voiceload platform: " + child.baseUrl());
            }
            assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                    .as("the child JVM after close")
                    .isEmpty();
            assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_PROXY))
                    .as("proxy pms after close")
                    .isFalse();
        }
    }

    @Test
    void aChildThatExitsIsNamedWithItsOutputAndUndone() throws Exception {
        try (RunningInfrastructure infrastructure = RunningInfrastructure.start(ownSettings())) {
            assertThatThrownBy(() -> ChildPlatform.start(
                            infrastructure, List.of("-XX:+NoSuchVoiceloadOption"), logs.resolve("bad.log")))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("exited with status 1 before it was ready; its log")
                    .hasMessageContaining("Unrecognized VM option 'NoSuchVoiceloadOption'");
            assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_PROXY))
                    .as("proxy pms after the failed start")
                    .isFalse();
        }
    }

    @Test
    void aChildNotReadyInTimeIsKilledAndNamedWithItsOutput() throws Exception {
        try (RunningInfrastructure infrastructure = RunningInfrastructure.start(ownSettings())) {
            Throwable failure = org.assertj.core.api.Assertions.catchThrowable(() -> ChildPlatform.start(
                    infrastructure, List.of("-Xmx128m"), logs.resolve("slow.log"), Duration.ofMillis(200)));
            assertThat(failure)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("was not ready within 0 s")
                    .hasMessageContaining("ends with:");
            Matcher pid = PID.matcher(failure.getMessage());
            assertThat(pid.find()).isTrue();
            assertThat(ProcessHandle.of(Long.parseLong(pid.group(1))).filter(ProcessHandle::isAlive))
                    .as("the child JVM that was not ready in time")
                    .isEmpty();
            assertThat(infrastructure.hasProxy(EmbeddedPlatform.PMS_PROXY)).isFalse();
        }
    }

    /** Mode child through {@code @WithPlatform}: one child JVM for the run, not embedded, stopped at the end. */
    @Test
    void modeChildGivesTheRunAPlatformInAChildJvmStoppedAtItsEnd() throws Exception {
        ChildTestCases.SEEN.set(null);
        ChildTestCases.SET_UP.set(null);
        String before = System.getProperty("loadtest.target.mode");
        System.setProperty("loadtest.target.mode", "child");
        Events events;
        try {
            events = TestKit.executeFixtures(selectClass(ChildTestCases.class)).testEvents();
        } finally {
            if (before == null) {
                System.clearProperty("loadtest.target.mode");
            } else {
                System.setProperty("loadtest.target.mode", before);
            }
        }
        events.assertStatistics(s -> s.started(2).succeeded(2));
        ChildPlatform child = ChildTestCases.SEEN.get();
        assertThat(child).isNotNull();
        assertThat(ChildTestCases.SET_UP.get()).isEqualTo(child.describe());
        assertThat(child.describe()).startsWith("platform in a child JVM (pid " + child.pid() + ", -Xmx512m");
        assertThat(child.log()).exists();
        assertThat(ProcessHandle.of(child.pid()).filter(ProcessHandle::isAlive))
                .as("the child JVM after the run")
                .isEmpty();
        assertThat(SystemUnderTest.description()).isEmpty();
    }

    /** A test JVM that ends without closing its child platform: its shutdown hook stops the child. */
    @Test
    void aTestJvmThatEndsWithoutClosingItStopsItsChildOnExit() throws Exception {
        FreshJvm.Output output =
                FreshJvm.run(List.of("-Dloadtest.docker=never"), ExitsWithoutClosing.class, logs.toString());
        String line = output.lines().stream()
                .filter(l -> l.startsWith("CHILD "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CHILD line in " + output.lines()));
        long pid = Long.parseLong(line.substring("CHILD ".length()).strip());
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("the child JVM of a test JVM that exited without closing it")
                .isEmpty();
    }

    /** A test JVM killed outright (no shutdown hook runs): its child notices and exits. */
    @Test
    void aTestJvmKilledOutrightLeavesNoChild() throws Exception {
        FreshJvm.Output output =
                FreshJvm.run(List.of("-Dloadtest.docker=never"), ExitsWithoutClosing.class, logs.toString(), "halt");
        String line = output.lines().stream()
                .filter(l -> l.startsWith("CHILD "))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no CHILD line in " + output.lines()));
        long pid = Long.parseLong(line.substring("CHILD ".length()).strip());
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (ProcessHandle.of(pid).filter(ProcessHandle::isAlive).isPresent() && System.nanoTime() - deadline < 0) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive))
                .as("the child JVM 20 s after its test JVM was halted")
                .isEmpty();
    }

    /**
     * Starts a child platform, prints its pid and exits without closing it: {@code System.exit} (hooks run), or
     * with a second argument {@code Runtime.halt} (no hook runs, as after a kill -9).
     */
    static final class ExitsWithoutClosing {
        public static void main(String[] args) {
            ChildPlatform child = ChildPlatform.start(
                    RunningInfrastructure.shared(),
                    List.of("-Xmx128m"),
                    Path.of(args[0], "exits-" + args.length + ".log"));
            System.out.println("CHILD " + child.pid());
            System.out.flush();
            if (args.length > 1) {
                Runtime.getRuntime().halt(0);
            }
            System.exit(0);
        }
    }

    @FixtureOnly
    @WithPlatform
    static class ChildTestCases {
        static final AtomicReference<ChildPlatform> SEEN = new AtomicReference<>();
        static final AtomicReference<String> SET_UP = new AtomicReference<>();

        @Test
        void getsTheChild(PlatformEndpoint platform) throws Exception {
            assertThat(platform.embedded())
                    .as("a child platform is not in this process")
                    .isFalse();
            ChildPlatform child = PlatformExtension.runningChild().orElseThrow();
            assertThat(platform.baseUrl()).isEqualTo(child.baseUrl());
            assertThat(ready(platform.baseUrl())).isEqualTo(200);
            SEEN.set(child);
            SET_UP.set(SystemUnderTest.description().orElse(null));
        }

        @Test
        void sharesIt(PlatformEndpoint platform) {
            assertThat(PlatformExtension.runningChild().map(ChildPlatform::baseUrl))
                    .contains(platform.baseUrl());
        }
    }

    /**
     * The child's command line: ProcessHandle.Info leaves the arguments out when the command line is long (the
     * class path), so on Linux it is read from /proc, elsewhere from ProcessHandle.Info.
     */
    private static List<String> commandLine(long pid) throws Exception {
        Path proc = Path.of("/proc", Long.toString(pid), "cmdline");
        if (Files.exists(proc)) {
            return List.of(Files.readString(proc).split("\0"));
        }
        return List.of(ProcessHandle.of(pid).orElseThrow().info().arguments().orElseThrow());
    }

    private static InfrastructureSettings ownSettings() {
        return InfrastructureSettings.resolve(
                LoadTestConfig.builtIn(), Overrides.of(Map.of("loadtest.docker", "never"), Map.of()));
    }

    static int ready(URI baseUrl) throws Exception {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** Asks {@code /health/ready} until {@code until} holds for its status (at most 20 s); the last status. */
    private static int awaitReady(URI baseUrl, java.util.function.IntPredicate until) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = ready(baseUrl);
        while (!until.test(status) && System.nanoTime() - deadline < 0) {
            Thread.sleep(200);
            status = ready(baseUrl);
        }
        return status;
    }
}
