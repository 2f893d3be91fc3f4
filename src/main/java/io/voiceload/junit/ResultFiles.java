package io.voiceload.junit;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Where a run's files go: {@code <loadtest.reports.dir>/<loadtest.runId>/tests/<Class>.<method>.json}
 * (and {@code .hlog}). Maven passes one run id to every fork of one invocation; elsewhere (an IDE)
 * the JVM's start time is the run id. {@link #runDirectory()} is public for the files a bridge writes next to
 * the results (a child platform's log).
 */
public final class ResultFiles {
    static final String REPORTS_DIR_PROPERTY = "loadtest.reports.dir";
    static final String RUN_ID_PROPERTY = "loadtest.runId";
    private static final String JVM_RUN_ID = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));

    private ResultFiles() {}

    static String runId() {
        String id = System.getProperty(RUN_ID_PROPERTY, "").strip();
        return id.isEmpty() || id.contains("${") ? JVM_RUN_ID : id.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** {@code <loadtest.reports.dir, else target/load-reports>/<run id>}: this run's directory. */
    public static Path runDirectory() {
        String dir = System.getProperty(REPORTS_DIR_PROPERTY, "").strip();
        return Path.of(dir.isEmpty() ? "target/load-reports" : dir).resolve(runId());
    }

    static Path testFile(Class<?> testClass, String method, String extension) {
        return runDirectory().resolve("tests").resolve(testClass.getName() + "." + method + extension);
    }
}
