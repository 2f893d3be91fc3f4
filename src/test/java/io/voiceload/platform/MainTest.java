package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.voiceload.infra.PostgresEndpoint;
import io.voiceload.infra.RedisEndpoint;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.audio.AudioFaults;
import io.voiceload.platform.auth.AuthFaults;
import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.junit.FreshJvm;
import io.voiceload.platform.pms.PmsFaults;
import io.voiceload.platform.store.StoreFaults;
import io.voiceload.platform.voice.VoiceFaults;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link Main}: the platform on stores of its own, as a deployment runs it, in a JVM of its own that loads
 * nothing of the test framework; and its command line, checked with a message naming the option.
 */
class MainTest {

    @Test
    void servesOnTheGivenStoresAndStopsOnSigterm() throws Exception {
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        PostgresEndpoint postgres = infrastructure.info().postgres();
        RedisEndpoint redis = infrastructure.info().redis();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-verbose:class",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--postgres",
                postgres.jdbcUrl(),
                "--redis",
                "redis://" + redis.proxied(),
                "--pool-size",
                "2"));
        if (postgres.user() != null) {
            command.addAll(List.of("--postgres-user", postgres.user()));
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (postgres.password() != null) {
            builder.environment().put(Main.POSTGRES_PASSWORD_ENV, postgres.password());
        }
        Process process = builder.start();
        // Its output is read on a thread of its own, so that a child that prints nothing cannot block this test
        // past the deadline, and drained for as long as it runs, so that it never blocks on a full pipe.
        BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                out.lines().forEach(line -> lines.add(Optional.of(line)));
            } catch (IOException | UncheckedIOException e) {
                // the child is gone
            } finally {
                lines.add(Optional.empty());
            }
        });
        try {
            List<String> loaded = new ArrayList<>();
            List<String> printed = new ArrayList<>();
            String baseUrl = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            Optional<String> next;
            while (baseUrl == null
                    && (next = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null
                    && next.isPresent()) {
                String line = next.get();
                Optional<String> loadedClass = FreshJvm.loadedClass(line);
                if (line.startsWith("voiceload platform: ")) {
                    baseUrl = line.substring("voiceload platform: ".length()).strip();
                } else if (loadedClass.isEmpty()) {
                    printed.add(line);
                } else if (loadedClass.get().startsWith("io.voiceload.")) {
                    loaded.add(loadedClass.get());
                }
            }
            assertThat(baseUrl)
                    .as("the platform's address, printed within 60 s; it printed %s", printed)
                    .isNotNull();
            HttpResponse<String> ready = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(baseUrl + "/health/ready"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            assertThat(loaded)
                    .as("classes of ours the platform loaded")
                    .isNotEmpty()
                    .allMatch(c ->
                            c.startsWith("io.voiceload.platform.") && !c.startsWith("io.voiceload.platform.junit."));

            process.destroy(); // SIGTERM: the shutdown hook closes the platform, Redis and the pool
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("stopped on SIGTERM")
                    .isTrue();
            assertThat(process.exitValue())
                    .as("exit status of a JVM ended by SIGTERM")
                    .isEqualTo(143);
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    void eachOptionIsCheckedNamingIt() {
        String pg = "jdbc:postgresql://127.0.0.1:5432/voiceload";
        assertThatThrownBy(() -> parse("--redis", "redis://127.0.0.1:6379"))
                .hasMessageContaining("--postgres must be a JDBC URL")
                .hasMessageContaining("missing");
        assertThatThrownBy(() -> parse("--postgres", "postgres://x", "--redis", "redis://127.0.0.1:6379"))
                .hasMessageContaining("--postgres must be a JDBC URL jdbc:postgresql://")
                .hasMessageContaining("not postgres://x");
        assertThatThrownBy(() -> parse("--postgres", pg, "--redis", "127.0.0.1:6379"))
                .hasMessageContaining("--redis must be redis://host:port");
        assertThatThrownBy(() -> parse("--postgres", pg, "--redis", "redis://h:1", "--port", "70000"))
                .hasMessage("--port must be a whole number from 0 to 65535, not 70000");
        assertThatThrownBy(() -> parse("--postgres", pg, "--redis", "redis://h:1", "--pool", "3"))
                .hasMessageStartingWith("unknown option --pool; the options are [--postgres,");
        assertThatThrownBy(() -> parse("--postgres", pg, "--redis")).hasMessage("--redis needs a value");
        assertThatThrownBy(() -> parse("--postgres", pg, "--redis", "redis://h:1", "--pms-secondary", "http://h:2"))
                .hasMessage("--pms-secondary needs --pms (the primary)");
        assertThatThrownBy(() -> parse("--postgres", pg, "--redis", "redis://h:1", "--pms", "ftp://h"))
                .hasMessage("--pms must be an http:// or https:// URL, not ftp://h");
        assertThatThrownBy(() -> parse("--postgres", pg, "--postgres", pg, "--redis", "redis://h:1"))
                .hasMessage("--postgres is given twice");
    }

    @Test
    void plantedBugsAreNamedOnTheCommandLineAndAnUnknownNameListsTheAllowedOnes() {
        String[] args = {
            "--postgres",
            "jdbc:postgresql://h:5/db",
            "--redis",
            "redis://h:1",
            "--planted",
            "calls.transcriptLeak, store.connectionLeakEvery=50,voice.listenerLeak,audio.bufferWholeRecordings"
        };
        PlatformOptions options = Main.Settings.parse(args, null).options();
        assertThat(options.faults(CallFaults.class))
                .contains(CallFaults.builder().transcriptLeak(true).build());
        assertThat(options.faults(StoreFaults.class)).contains(new StoreFaults(false, 50));
        assertThat(options.faults(VoiceFaults.class)).contains(new VoiceFaults(0, true));
        assertThat(options.faults(AudioFaults.class)).contains(new AudioFaults(0, true));
        assertThat(options.faults(PmsFaults.class)).isEmpty();
        assertThat(parse("--postgres", "jdbc:postgresql://h:5/db", "--redis", "redis://h:1")
                        .options()
                        .faults())
                .isEmpty();

        String pg = "jdbc:postgresql://h:5/db";
        assertThatThrownBy(() -> parse("--postgres", pg, "--redis", "redis://h:1", "--planted", "calls.leak"))
                .hasMessageStartingWith("--planted: unknown planted bug 'calls.leak'; the planted bugs are"
                        + " calls.loseEveryNthCall=<n>, calls.swapEventOrder,")
                .hasMessageContaining("store.connectionLeakEvery=<n>")
                .hasMessageContaining("calls.transcriptLeak");
        assertThatThrownBy(() ->
                        parse("--postgres", pg, "--redis", "redis://h:1", "--planted", "store.connectionLeakEvery"))
                .hasMessage("--planted: store.connectionLeakEvery takes a whole number n >= 1 (every n-th), as"
                        + " store.connectionLeakEvery=10");
        assertThatThrownBy(() ->
                        parse("--postgres", pg, "--redis", "redis://h:1", "--planted", "audio.corruptAudioEveryNth=0"))
                .hasMessageEndingWith(", not 0");
        assertThatThrownBy(
                        () -> parse("--postgres", pg, "--redis", "redis://h:1", "--planted", "calls.transcriptLeak=1"))
                .hasMessage("--planted: calls.transcriptLeak is switched on by its name alone, without '=':"
                        + " calls.transcriptLeak=1");
        assertThatThrownBy(() -> parse(
                        "--postgres",
                        pg,
                        "--redis",
                        "redis://h:1",
                        "--planted",
                        "voice.listenerLeak,voice.listenerLeak"))
                .hasMessage("--planted: voice.listenerLeak is given twice");
    }

    @Test
    void thePmsPlantedBugsAreNamedByTheirComponents() {
        String pg = "jdbc:postgresql://h:5/db";
        PlatformOptions options = parse(
                        "--postgres",
                        pg,
                        "--redis",
                        "redis://h:1",
                        "--planted",
                        "pms.breakerNeverOpens,pms.noFailover,pms.cacheNotInvalidated,pms.syncDuplicatesPage")
                .options();
        assertThat(options.faults(PmsFaults.class)).contains(new PmsFaults(false, true, true, true, true));
        assertThat(parse("--postgres", pg, "--redis", "redis://h:1", "--planted", "pms.noTimeout")
                        .options()
                        .faults(PmsFaults.class))
                .contains(new PmsFaults(true));
        assertThat(PlantedBugs.allowed())
                .contains("pms.noTimeout, pms.breakerNeverOpens, pms.noFailover, pms.cacheNotInvalidated,"
                        + " pms.syncDuplicatesPage");
    }

    @Test
    void theAuthPlantedBugsAreNamedByTheirComponents() {
        String pg = "jdbc:postgresql://h:5/db";
        assertThat(parse("--postgres", pg, "--redis", "redis://h:1", "--planted", "auth.noSessionCheck,auth.slowDeny")
                        .options()
                        .faults(AuthFaults.class))
                .contains(new AuthFaults(true, false, true));
        assertThat(parse("--postgres", pg, "--redis", "redis://h:1", "--planted", "auth.refreshReuseKeepsSession")
                        .options()
                        .faults(AuthFaults.class))
                .contains(AuthFaults.NONE.withRefreshReuseKeepsSession(true));
        assertThat(PlantedBugs.allowed()).endsWith("auth.noSessionCheck, auth.refreshReuseKeepsSession, auth.slowDeny");
    }

    @Test
    void thePasswordComesFromTheCommandLineOrElseTheEnvironmentAndIsNeverPrinted() {
        String[] args = {"--postgres", "jdbc:postgresql://h:5/db", "--redis", "redis://h:1", "--pms", "http://h:9"};
        Main.Settings fromEnvironment = Main.Settings.parse(args, "s3cret");
        assertThat(fromEnvironment.password()).isEqualTo("s3cret");
        assertThat(fromEnvironment.toString()).doesNotContain("s3cret");
        assertThat(fromEnvironment.options().pms().configured()).isTrue();
        assertThat(fromEnvironment.options().port()).isZero();

        String[] withPassword = {
            "--postgres", "jdbc:postgresql://h:5/db", "--redis", "redis://h:1", "--postgres-password", "given"
        };
        assertThat(Main.Settings.parse(withPassword, "s3cret").password()).isEqualTo("given");
    }

    private static Main.Settings parse(String... args) {
        return Main.Settings.parse(args, null);
    }
}
