package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * After a run nothing of ours is left: the infrastructure runs in a child JVM (this JVM's Java and
 * classpath), which stops it explicitly ({@code close}) or simply exits and leaves it to the shutdown
 * hook ({@code exit}); then its Postgres and Redis processes are gone, none of its ports accepts a
 * connection, and its directories are deleted. The child has a {@code java.io.tmpdir} of its own, checked
 * empty afterwards (what it holds is named), so that other processes writing to {@code /tmp} meanwhile
 * make no difference. A JVM killed outright leaves orphan servers and directories, which the next run stops
 * and deletes, but nothing in the temporary directory.
 */
class NoLeftoversTest {

    @ParameterizedTest(name = "child JVM stops by {0}")
    @ValueSource(strings = {"close", "exit"})
    void nothingIsLeftAfterTheRun(String mode, @TempDir Path tmp) throws Exception {
        List<Long> pids;
        List<Integer> ports;
        List<Path> dirs;
        try (ChildJvm child = ChildJvm.start(mode, Path.of(System.getProperty("user.dir")), tmp)) {
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
        assertNothingLeftIn(tmp);
    }

    /** Outside a Maven project the servers work in the temporary directory itself; it is emptied all the same. */
    @Test
    void nothingIsLeftInTheTemporaryDirectoryOutsideAMavenProject(@TempDir Path tmp, @TempDir Path elsewhere)
            throws Exception {
        List<Path> dirs;
        try (ChildJvm child = ChildJvm.start("close", elsewhere, tmp)) {
            dirs = child.values("DIRS").stream().map(Path::of).toList();
            assertThat(dirs).isNotEmpty().allSatisfy(dir -> assertThat(dir).startsWith(tmp));

            assertThat(child.stop()).as("exit code" + child.diagnostics()).isZero();
        }

        assertNothingLeftIn(tmp);
        assertNothingLeftIn(elsewhere);
    }

    @Test
    void theServersOfAKilledJvmAreStoppedByTheNextRun(@TempDir Path tmp) throws Exception {
        List<Long> pids;
        List<Integer> ports;
        List<Path> dirs;
        try (ChildJvm child = ChildJvm.start("close", Path.of(System.getProperty("user.dir")), tmp)) {
            pids = child.values("PIDS").stream().map(Long::valueOf).toList();
            ports = child.values("PORTS").stream().map(Integer::valueOf).toList();
            dirs = child.values("DIRS").stream().map(Path::of).toList();
            child.kill();
        }
        // Killed without a shutdown hook, its Postgres and Redis are orphans that still run...
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessState.running(pid))
                .as("orphan %d runs", pid)
                .isTrue());
        assertThat(dirs).allSatisfy(dir -> assertThat(dir).isDirectory());
        // ... but nothing was ever left in the temporary directory to wait for the next run.
        assertNothingLeftIn(tmp);

        WorkDirectories.create().close(); // what the next run does first

        assertThat(pids).allSatisfy(pid -> assertThat(ProcessState.running(pid))
                .as("orphan %d runs", pid)
                .isFalse());
        assertThat(List.of(ports.get(0), ports.get(2)))
                .allSatisfy(
                        port -> assertThat(accepts(port)).as("port %d", port).isFalse());
        assertThat(dirs).allSatisfy(dir -> assertThat(dir).doesNotExist());
    }

    /** {@code dir} (the child's {@code java.io.tmpdir}) is empty; what is left is named. */
    private static void assertNothingLeftIn(Path dir) throws IOException {
        List<String> left;
        try (Stream<Path> files = Files.walk(dir)) {
            left = files.filter(p -> !p.equals(dir))
                    .map(p -> dir.relativize(p) + (Files.isDirectory(p) ? "/" : ""))
                    .sorted()
                    .toList();
        }
        assertThat(left).as("left in %s by the child JVM", dir).isEmpty();
    }

    private static boolean accepts(int port) {
        return EmbeddedServersTest.accepts(new HostPort("127.0.0.1", port));
    }
}
