package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.report.model.Units;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes a run's report files into its run directory: {@code report.json}, {@code report.html}, {@code report.md},
 * {@code stats.csv}, {@code stats_history.csv}, {@code failures.csv}; then replaces {@code <reports dir>/latest/}
 * with a copy of them and of {@code tests/}, when the report holds at least one test (a report of nothing leaves the
 * last one in {@code latest/}).
 *
 * <p>Several JVMs (Surefire and Failsafe forks) may finish into one run directory: writing holds an exclusive lock
 * on {@code <run>/.report.lock}, and every write reads all per-test files again, so whoever writes last includes
 * every test. Each file is written to a temporary file and moved into place.
 */
public final class RunReportWriter {
    /** The files a report consists of, in the run directory and in {@code latest/}. */
    public static final List<String> FILES =
            List.of("report.json", "report.html", "report.md", "stats.csv", "stats_history.csv", "failures.csv");

    /** The directory beside the run directories that holds a copy of the last report written. */
    public static final String LATEST = "latest";

    private static final Object JVM_LOCK = new Object();

    /** What a write produced. */
    public record Written(Path runDir, ObjectNode report) {
        /** {@code report.html} of the run. */
        public Path html() {
            return runDir.resolve("report.html");
        }

        /** {@code [report] <path>/report.html — 7 tests: 6 passed, 1 failed}; {@code — 1 test: 1 passed}. */
        public String summaryLine() {
            JsonNode o = report.path("overall");
            StringBuilder sb = new StringBuilder("[report] ")
                    .append(html())
                    .append(" — ")
                    .append(Units.count(o.path("tests").asLong(), "tests"))
                    .append(": ")
                    .append(o.path("passed").asLong())
                    .append(" passed");
            for (String other : List.of("failed", "aborted", "interrupted")) {
                if (o.path(other).asLong() > 0) {
                    sb.append(", ").append(o.path(other).asLong()).append(' ').append(other);
                }
            }
            if (!report.path("complete").asBoolean(true)) {
                sb.append(" (interrupted run)");
            }
            return sb.toString();
        }
    }

    private RunReportWriter() {}

    /**
     * Builds the report of {@code runDir} ({@link RunReport#build}) and writes its files, and {@code latest/} when the
     * report holds a test.
     *
     * @param complete false for an interrupted run
     * @param interrupted full names of tests that started and never finished
     */
    public static Written write(Path runDir, boolean complete, Set<String> interrupted) throws IOException {
        return locked(runDir, () -> {
            ObjectNode report = RunReport.build(runDir, complete, interrupted);
            writeFiles(runDir, report);
            if (report.path("tests").size() > 0) {
                replaceLatest(runDir);
            }
            return new Written(runDir, report);
        });
    }

    /**
     * Rebuilds the report of an earlier run from its {@code tests/} (after an upgrade of voiceload, or to
     * see an old run with today's report), keeping whether it was complete and which tests were interrupted;
     * {@code latest/} is left alone.
     */
    public static Written rewrite(Path runDir) throws IOException {
        if (!Files.isDirectory(runDir.resolve("tests"))) {
            throw new IllegalArgumentException(runDir.toAbsolutePath()
                    + " is not a run directory: it has no tests/ (expected <loadtest.reports.dir>/<run-id>/)");
        }
        boolean complete = true;
        Set<String> interrupted = new java.util.HashSet<>();
        Path previous = runDir.resolve("report.json");
        if (Files.isRegularFile(previous)) {
            JsonNode old = RunReport.MAPPER.readTree(previous.toFile());
            complete = old.path("complete").asBoolean(true);
            old.path("tests").forEach(t -> {
                if ("interrupted".equals(t.path("verdict").asText())) {
                    interrupted.add(t.path("test").asText());
                }
            });
        }
        boolean wasComplete = complete;
        return locked(runDir, () -> {
            ObjectNode report = RunReport.build(runDir, wasComplete, interrupted);
            writeFiles(runDir, report);
            return new Written(runDir, report);
        });
    }

    /** What runs while the run directory is locked. */
    @FunctionalInterface
    private interface LockedWrite {
        Written run() throws IOException;
    }

    /**
     * Runs {@code write} holding this JVM's lock and the exclusive file lock on {@code <run>/.report.lock}, which
     * closing the channel releases.
     */
    private static Written locked(Path runDir, LockedWrite write) throws IOException {
        synchronized (JVM_LOCK) {
            try (FileChannel channel = FileChannel.open(
                    runDir.resolve(".report.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                channel.lock();
                return write.run();
            }
        }
    }

    private static void writeFiles(Path runDir, ObjectNode report) throws IOException {
        String json =
                RunReport.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsString(report);
        writeAtomically(runDir.resolve("report.json"), json);
        writeAtomically(runDir.resolve("report.html"), HtmlReport.render(report));
        writeAtomically(runDir.resolve("report.md"), MarkdownReport.render(report));
        writeAtomically(runDir.resolve("stats.csv"), CsvReports.stats(report));
        writeAtomically(runDir.resolve("stats_history.csv"), CsvReports.history(report));
        writeAtomically(runDir.resolve("failures.csv"), CsvReports.failures(report));
    }

    /** Writes {@code content} to a temporary sibling, then moves it over {@code file}: readers never see half a file. */
    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        move(temp, file);
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies the report files and tests/ to a temporary directory, then swaps it in for {@code latest/}. */
    private static void replaceLatest(Path runDir) throws IOException {
        Path parent = runDir.toAbsolutePath().getParent();
        if (parent == null || runDir.getFileName().toString().equals(LATEST)) {
            return;
        }
        String suffix = runDir.getFileName() + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Path fresh = parent.resolve(".latest-new-" + suffix);
        Path old = parent.resolve(".latest-old-" + suffix);
        Files.createDirectories(fresh);
        try {
            for (String name : FILES) {
                Files.copy(runDir.resolve(name), fresh.resolve(name));
            }
            copyTree(runDir.resolve("tests"), fresh.resolve("tests"));
            Path latest = parent.resolve(LATEST);
            if (Files.exists(latest)) {
                move(latest, old);
            }
            try {
                move(fresh, latest);
            } catch (IOException | RuntimeException e) {
                if (Files.exists(old) && !Files.exists(latest)) {
                    move(old, latest); // keep the previous latest/ rather than none
                }
                throw e;
            }
        } finally {
            deleteTree(fresh);
            deleteTree(old);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            return;
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
