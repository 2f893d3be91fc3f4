package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After a run nothing of ours is left: the infrastructure runs in a child JVM (this JVM's Java and
 * classpath), which stops it explicitly ({@code close}) or simply exits and leaves it to the shutdown
 * hook ({@code exit}); then its Postgres and Redis processes are gone, none of its ports accepts a
 * connection, and its directories are deleted, with nothing new in the temporary directory. A JVM
 * killed outright leaves orphans; the next run stops them.
 */
class NoLeftoversTest {

    /** Names the libraries would leave in java.io.tmpdir if we let them. */
    private static final List<String> TMP_PATTERNS =
            List.of("embedded-pg", "epg", "redis-", "embedded-redis-server_", ".s.PGSQL.", WorkDirectories.DIRECTORY);

    @ParameterizedTest(name = "child JVM stops by {0}")
    @ValueSource(strings = {"close", "exit"})
    void nothingIsLeftAfterTheRun(String mode) throws Exception {
        Set<String> tmpBefore = ours(Path.of(System.getProperty("java.io.tmpdir")));
        List<Long> pids;
        List<Integer> ports;
        List<Path> dirs;
        try (ChildJvm child = ChildJvm.start(mode, Path.of(System.getProperty("user.dir")))) {
            pids = child.values("PIDS").stream().map(Long::valueOf).toList();
            ports = child.values("PORTS").stream().map(Integer::valueOf).toList();
            dirs = child.values("DIRS").stream().map(Path::of).toList();
            System.out.println("child JVM (" + mode + "): pids " + pids + ", ports " + ports + ", dirs " + dirs
                    + ", startup " + child.values("TIMES"));

            assertThat(pids).as("postgres and redis processes").hasSize(2);
            assertThat(pids).allSatisfy(pid -> assertThat(ProcessState.running(pid))
                    .as("process %d runs", pid)
                    .isTrue());
            assertThat(ports).hasSize(5).allSatisfy(port -> assertThat(accepts(port))
                    .as("port %d accepts while running", port)
                    .isTrue());
            assertThat(dirs).isNotEmpty().allSatisfy(dir -> assertThat(dir).isDirectory());

            assertThat(child.stop()).as("exit code" + child.diagnostics()).isZero();
        }

        for (long pid : pids) {
            // a zombie waiting for PID 1 to reap it has exited: it holds no port, file or memory
            ProcessState.awaitExit(pid, java.time.Duration.ofSeconds(10));
            assertThat(ProcessState.running(pid)).as("process %d runs", pid).isFalse();
        }
        assertThat(ports).allSatisfy(port -> assertThat(accepts(port))
                .as("port %d accepts after the run", port)
                .isFalse());
        assertThat(dirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
        assertThat(ours(Path.of(System.getProperty("java.io.tmpdir")))).isSubsetOf(tmpBefore);
    }

    @Test
    void theServersOfAKilledJvmAreStoppedByTheNextRun() throws Exception {
        List<Long> pids;
        List<Integer> ports;
        List<Path> dirs;
        try (ChildJvm child = ChildJvm.start("close", Path.of(System.getProperty("user.dir")))) {
            pids = child.values("PIDS").stream().map(Long::valueOf).toList();
            ports = child.values("PORTS").stream().map(Integer::valueOf).toList();
            dirs = child.values("DIRS").stream().map(Path::of).toList();
            child.kill();
        }
        // Killed without a shutdown hook, its Postgres and Redis are orphans that still run.
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessState.running(pid))
                .as("orphan %d runs", pid)
                .isTrue());
        assertThat(dirs).allSatisfy(dir -> assertThat(dir).isDirectory());

        WorkDirectories.create().close(); // what the next run does first

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessState.running(pid))
                .as("orphan %d runs", pid)
                .isFalse());
        assertThat(List.of(ports.get(0), ports.get(2)))
                .allSatisfy(
                        port -> assertThat(accepts(port)).as("port %d", port).isFalse());
        assertThat(dirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }

    private static boolean accepts(int port) {
        return EmbeddedServersTest.accepts(new HostPort("127.0.0.1", port));
    }

    private static Set<String> ours(Path tmp) throws Exception {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> TMP_PATTERNS.stream().anyMatch(name::startsWith))
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }
}
