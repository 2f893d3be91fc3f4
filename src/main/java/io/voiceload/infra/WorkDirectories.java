package io.voiceload.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where embedded servers keep their files. In a Maven project (the working directory has a
 * {@code pom.xml} and a {@code target} directory): unpacked Postgres binaries are cached in
 * {@code target/voiceload-infra/cache} (so later runs start warm; {@code mvn clean} removes them) and
 * each run works in {@code target/voiceload-infra/run-<pid>-<n>}, deleted when it stops. Elsewhere
 * everything lives in one temporary directory {@code voiceload-infra-<pid>-<n>}, deleted when the run
 * stops. A run whose JVM died without stopping is cleaned up by the next one: its servers are stopped
 * and its directory deleted.
 */
final class WorkDirectories implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkDirectories.class);

    static final String DIRECTORY = "voiceload-infra";
    static final String POSTGRES_DATA = "postgres-data";
    static final String REDIS = "redis";
    static final String REDIS_PID_FILE = "redis.pid";

    private static final Pattern RUN_NAME = Pattern.compile("(?:run|" + DIRECTORY + ")-(\\d+)-\\d+.*");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Path cache;
    private final Path run;
    /** What {@link #close()} deletes: the run directory, or the whole temporary directory. */
    private final Path owned;

    private WorkDirectories(Path cache, Path run, Path owned) {
        this.cache = cache;
        this.run = run;
        this.owned = owned;
    }

    /** Directories for a new run, under the build directory if there is one, else in a temporary directory. */
    static WorkDirectories create() {
        Path workingDirectory = Path.of(System.getProperty("user.dir")).toAbsolutePath();
        Path target = workingDirectory.resolve("target");
        boolean maven = Files.isRegularFile(workingDirectory.resolve("pom.xml")) && Files.isDirectory(target);
        return maven ? underBuildDirectory(target.resolve(DIRECTORY)) : inTemporaryDirectory();
    }

    static WorkDirectories underBuildDirectory(Path base) {
        try {
            Files.createDirectories(base);
            removeStaleRuns(base, "run-");
            Path cache = Files.createDirectories(base.resolve("cache"));
            Path run = Files.createDirectory(base.resolve(runName("run-")));
            return new WorkDirectories(cache, run, run);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the infrastructure's directories under " + base, e);
        }
    }

    static WorkDirectories inTemporaryDirectory() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try {
            removeStaleRuns(tmp, DIRECTORY + "-");
            Path root = Files.createDirectory(tmp.resolve(runName(DIRECTORY + "-")));
            return new WorkDirectories(
                    Files.createDirectory(root.resolve("cache")), Files.createDirectory(root.resolve("run")), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the infrastructure's directories in " + tmp, e);
        }
    }

    private static String runName(String prefix) {
        return prefix + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
    }

    /** Unpacked binaries, kept between runs when under the build directory. */
    Path cache() {
        return cache;
    }

    /** This run's files: deleted by {@link #close()}. */
    Path run() {
        return run;
    }

    /** Every directory this run created that {@link #close()} deletes. */
    List<Path> owned() {
        return List.of(owned);
    }

    @Override
    public void close() {
        deleteRecursively(owned);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /**
     * Stops the servers of runs whose JVM is gone (killed before it could stop them) and deletes their
     * directories. A process is stopped only if it still runs the program we started under that PID.
     */
    private static void removeStaleRuns(Path parent, String prefix) throws IOException {
        try (DirectoryStream<Path> children = Files.newDirectoryStream(parent, prefix + "*")) {
            for (Path dir : children) {
                Matcher m = RUN_NAME.matcher(dir.getFileName().toString());
                if (!m.matches() || !Files.isDirectory(dir)) {
                    continue;
                }
                long owner = Long.parseLong(m.group(1));
                if (owner == ProcessHandle.current().pid() || ProcessState.running(owner)) {
                    continue;
                }
                LOG.info("removing the leftovers of a run whose JVM (pid {}) is gone: {}", owner, dir);
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString();
                        if (name.equals("postmaster.pid")) {
                            stopLeftover(f, "postgres");
                        } else if (name.equals(REDIS_PID_FILE)) {
                            stopLeftover(f, "redis-server");
                        }
                    }
                }
                deleteRecursively(dir);
            }
        } catch (UncheckedIOException e) {
            LOG.warn("could not clean up old runs in {}: {}", parent, e.toString());
        }
    }

    private static void stopLeftover(Path pidFile, String program) {
        pid(pidFile)
                .flatMap(ProcessHandle::of)
                .filter(p -> ProcessState.running(p.pid()))
                .filter(p -> p.info().command().map(c -> c.contains(program)).orElse(false))
                .ifPresent(p -> {
                    LOG.info("stopping leftover {} (pid {})", program, p.pid());
                    p.destroy();
                    ProcessState.awaitExit(p.pid(), java.time.Duration.ofSeconds(5));
                });
    }

    /** The first line of a pid file (Postgres' {@code postmaster.pid}, Redis' {@code --pidfile}). */
    static Optional<Long> pid(Path pidFile) {
        try {
            List<String> lines = Files.readAllLines(pidFile);
            return lines.isEmpty()
                    ? Optional.empty()
                    : Optional.of(Long.parseLong(lines.get(0).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
