package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.load.SystemUnderTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The environment fingerprint: every key of spec6's shape, from this JVM, the config and the overrides. */
class EnvironmentTest {
    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void captureHasEveryKey() {
        ObjectNode env = Environment.capture();
        assertThat(env.fieldNames())
                .toIterable()
                .containsExactly(
                        "voiceloadVersion",
                        "gitCommit",
                        "gitDirty",
                        "java",
                        "os",
                        "host",
                        "profile",
                        "seed",
                        "target",
                        "infrastructure",
                        "testcontainers",
                        "docker");
        assertThat(env.path("voiceloadVersion").asText()).isEqualTo("0.1.0-SNAPSHOT");
        assertThat(env.at("/java/feature").asInt()).isEqualTo(Runtime.version().feature());
        assertThat(env.at("/java/version").asText()).isEqualTo(System.getProperty("java.version"));
        assertThat(env.at("/java/inputArguments").isArray()).isTrue();
        assertThat(env.at("/os/arch").asText()).isEqualTo(System.getProperty("os.arch"));
        assertThat(env.at("/host/cores").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(env.at("/host/memoryMb").asLong()).isPositive();
        assertThat(env.at("/host/heapMaxMb").asLong())
                .isEqualTo(Runtime.getRuntime().maxMemory() / (1024 * 1024));
        assertThat(env.at("/host/timeZone").asText())
                .isEqualTo(java.time.ZoneId.systemDefault().getId());
        assertThat(env.path("testcontainers").asText()).matches("\\d+\\.\\d+.*");
        // capture() never starts the shared infrastructure; it describes it when another test of this JVM did.
        boolean started =
                io.voiceload.infra.RunningInfrastructure.sharedIfStarted().isPresent();
        assertThat(env.path("infrastructure").isNull()).isEqualTo(!started);
        assertThat(env.path("docker").isNull()).isEqualTo(!started);
        assertThat(io.voiceload.infra.RunningInfrastructure.sharedIfStarted().isPresent())
                .isEqualTo(started);
        if (started) {
            assertThat(env.at("/infrastructure/postgres/provider").asText())
                    .isIn("EXTERNAL", "TESTCONTAINERS", "EMBEDDED");
        }
    }

    @Test
    void gitCommitOfThisCheckoutIsFound() throws Exception {
        Path here = Path.of(System.getProperty("user.dir"));
        Process p = new ProcessBuilder("git", "-C", here.toString(), "rev-parse", "HEAD").start();
        String expected = new String(p.getInputStream().readAllBytes()).strip();
        p.waitFor();
        assertThat(Environment.capture().path("gitCommit").asText())
                .isEqualTo(expected)
                .matches("[0-9a-f]{40}");
        // The fallback reads the same commit from .git (here a worktree's .git file) without the command.
        assertThat(Environment.GitDirectory.headCommit(here)).isEqualTo(expected);
    }

    @Test
    void notAGitCheckoutHasNoCommit(@TempDir Path dir) {
        assertThat(Environment.gitCommit(dir.resolve("x"))).isNull();
    }

    @Test
    void gitDirectoryReadsBranchRefsPackedRefsWorktreesAndDetachedHeads(@TempDir Path dir) throws IOException {
        Path plain = Files.createDirectories(dir.resolve("plain/.git/refs/heads"));
        Files.writeString(dir.resolve("plain/.git/HEAD"), "ref: refs/heads/main\n");
        Files.writeString(plain.resolve("main"), SHA + "\n");
        assertThat(Environment.GitDirectory.headCommit(Files.createDirectories(dir.resolve("plain/src/deep"))))
                .isEqualTo(SHA);

        Path common = Files.createDirectories(dir.resolve("main/.git"));
        Files.writeString(common.resolve("packed-refs"), "# pack-refs with: peeled\n" + SHA + " refs/heads/wip\n");
        Path worktreeGit = Files.createDirectories(common.resolve("worktrees/wt"));
        Files.writeString(worktreeGit.resolve("HEAD"), "ref: refs/heads/wip\n");
        Files.writeString(worktreeGit.resolve("commondir"), "../..\n");
        Path worktree = Files.createDirectories(dir.resolve("wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + worktreeGit + "\n");
        assertThat(Environment.GitDirectory.headCommit(worktree)).isEqualTo(SHA);

        Path detached = Files.createDirectories(dir.resolve("detached/.git"));
        Files.writeString(detached.resolve("HEAD"), SHA + "\n");
        assertThat(Environment.GitDirectory.headCommit(dir.resolve("detached"))).isEqualTo(SHA);
    }

    @Test
    void profileSeedAndTargetComeFromTheOverridesThenTheConfig() {
        LoadTestConfig config = LoadTestConfig.builtIn();
        ObjectNode plain = Environment.capture(config, Overrides.none(), Optional.empty());
        assertThat(plain.path("profile").asText()).isEqualTo("default");
        assertThat(plain.path("seed").asLong()).isEqualTo(42);
        assertThat(plain.path("target").asText()).isEqualTo("embedded");

        ObjectNode overridden = Environment.capture(
                config,
                Overrides.of(
                        Map.of(
                                "loadtest.profile", "heavy",
                                "loadtest.seed", "7",
                                "loadtest.target.baseUrl", "http://127.0.0.1:8080"),
                        Map.of()),
                Optional.empty());
        assertThat(overridden.path("profile").asText()).isEqualTo("heavy");
        assertThat(overridden.path("seed").asLong()).isEqualTo(7);
        assertThat(overridden.path("target").asText()).isEqualTo("http://127.0.0.1:8080");

        JsonNode unknown = Environment.capture(null, null, Optional.empty());
        assertThat(unknown.path("profile").isNull()).isTrue();
        assertThat(unknown.path("target").isNull()).isTrue();
    }

    @Test
    void aChildPlatformIsNamedWithItsJvmOptionsAndWhatItsBridgeSaysOfIt() {
        LoadTestConfig config = LoadTestConfig.builtIn();
        Overrides child = Overrides.of(
                Map.of("loadtest.target.mode", "child", "loadtest.target.childJvmArgs", "-Xmx1g -XX:+UseZGC"),
                Map.of());
        SystemUnderTest.describe("platform in a child JVM (pid 4242, -Xmx1g -XX:+UseZGC)");
        try {
            ObjectNode env = Environment.capture(config, child, Optional.empty());
            assertThat(env.path("target").asText()).isEqualTo("child");
            assertThat(env.path("targetJvmArgs").asText()).isEqualTo("-Xmx1g -XX:+UseZGC");
            assertThat(env.path("targetSetUp").asText())
                    .isEqualTo("platform in a child JVM (pid 4242, -Xmx1g -XX:+UseZGC)");
            // Another heap is another environment; another pid is not.
            ObjectNode otherHeap = Environment.capture(
                    config,
                    Overrides.of(
                            Map.of("loadtest.target.mode", "child", "loadtest.target.childJvmArgs", "-Xmx2g"),
                            Map.of()),
                    Optional.empty());
            assertThat(BaselineComparability.environmentDifferences(env, otherHeap))
                    .containsExactly("targetJvmArgs: -Xmx1g -XX:+UseZGC vs -Xmx2g");
            SystemUnderTest.describe("platform in a child JVM (pid 4343, -Xmx1g -XX:+UseZGC)");
            assertThat(BaselineComparability.environmentDifferences(
                            env, Environment.capture(config, child, Optional.empty())))
                    .isEmpty();
            SystemUnderTest.describe(null);
            assertThat(BaselineComparability.environmentDifferences(
                            env, Environment.capture(config, Overrides.none(), Optional.empty())))
                    .containsExactly("target: child vs embedded");
        } finally {
            SystemUnderTest.describe(null);
        }
        assertThat(Environment.capture(config, Overrides.none(), Optional.empty())
                        .has("targetSetUp"))
                .isFalse();
    }

    @Test
    void aTestThatAskedForThePlatformInAJvmOfItsOwnNamesTheChildEvenInModeEmbedded() {
        LoadTestConfig config = LoadTestConfig.builtIn();
        SystemUnderTest.describe("platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)");
        try {
            ObjectNode env = Environment.capture(config, Overrides.none(), Optional.empty());
            assertThat(env.path("target").asText()).isEqualTo("child");
            assertThat(env.path("targetSetUp").asText())
                    .isEqualTo("platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)");
        } finally {
            SystemUnderTest.describe(null);
        }
        assertThat(Environment.capture(config, Overrides.none(), Optional.empty())
                        .path("target")
                        .asText())
                .isEqualTo("embedded");
    }

    @Test
    void theConfigFilesProfileIsUsedWhenNoneIsSelected() {
        String json = """
                {"profile": "light", "seed": 9, "target": {"base_url": "http://127.0.0.1:9999"},
                 "profiles": {"smoke": {}, "light": {}, "normal": {}, "heavy": {}, "stress": {}, "soak": {}, "spike": {}}}
                """;
        ObjectNode env = Environment.capture(
                LoadTestConfig.parse(json, "load_test_config.json"), Overrides.none(), Optional.empty());
        assertThat(env.path("profile").asText()).isEqualTo("light");
        assertThat(env.path("seed").asLong()).isEqualTo(9);
        assertThat(env.path("target").asText()).isEqualTo("http://127.0.0.1:9999");
    }

    @Test
    void secretsInJvmArgumentsAreMasked() {
        assertThat(Environment.masked("-Dloadtest.postgres.url=postgresql://voice:s3cret@127.0.0.1:5432/db"))
                .isEqualTo("-Dloadtest.postgres.url=postgresql://voice:****@127.0.0.1:5432/db");
        assertThat(Environment.masked("-Dredis=redis://:s3cret@127.0.0.1:6379"))
                .isEqualTo("-Dredis=redis://:****@127.0.0.1:6379");
        assertThat(Environment.masked("-Ddb=jdbc:postgresql://h/db?user=u&password=s3cret&ssl=true"))
                .isEqualTo("-Ddb=jdbc:postgresql://h/db?user=u&password=****&ssl=true");
        assertThat(Environment.masked("-Dloadtest.target.password=s3cret"))
                .isEqualTo("-Dloadtest.target.password=****");
        assertThat(Environment.masked("-Dloadtest.target.api_key=vk_1_abc"))
                .isEqualTo("-Dloadtest.target.api_key=****");
        assertThat(Environment.masked("-Xmx2g")).isEqualTo("-Xmx2g");
    }
}
