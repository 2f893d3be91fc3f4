package io.voiceload.infra;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link InfrastructureChild} in a new JVM with this JVM's Java and classpath. */
final class ChildJvm implements AutoCloseable {

    private final Process process;
    private final Map<String, String> lines = new LinkedHashMap<>();
    private final StringBuilder stderr = new StringBuilder();
    private final BufferedReader stdout;

    private ChildJvm(Process process) {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader err =
                    new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = err.readLine()) != null) {
                    synchronized (stderr) {
                        stderr.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // the child is gone
            }
        });
    }

    /** Starts the child in {@code workingDirectory} and waits until it has printed READY. */
    static ChildJvm start(String mode, Path workingDirectory) throws IOException {
        return start(mode, workingDirectory, null);
    }

    /**
     * As {@link #start(String, Path)}, with {@code tmpDir} (null: the default) as the child's
     * {@code java.io.tmpdir}, so that what it leaves there can be told from what other processes write to
     * {@code /tmp} meanwhile. The child keeps no performance-data file
     * ({@code /tmp/hsperfdata_<user>/<pid>}, written whatever {@code java.io.tmpdir} says, and left behind by
     * a killed JVM until the next JVM starts): nothing reads it.
     */
    static ChildJvm start(String mode, Path workingDirectory, Path tmpDir) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:-UsePerfData"));
        if (tmpDir != null) {
            command.add("-Djava.io.tmpdir=" + tmpDir.toAbsolutePath());
        }
        command.addAll(List.of("-cp", absoluteClassPath(), InfrastructureChild.class.getName(), mode));
        Process process =
                new ProcessBuilder(command).directory(workingDirectory.toFile()).start();
        ChildJvm child = new ChildJvm(process);
        child.readUntil("READY");
        return child;
    }

    /** The classpath with absolute entries: the child may run in another directory. */
    private static String absoluteClassPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /** Lines the child printed, by their first word ({@code PIDS}, {@code PORTS}, ...). */
    List<String> values(String key) {
        String line = lines.get(key);
        return line == null || line.isBlank()
                ? List.of()
                : Arrays.asList(line.strip().split(" "));
    }

    /** Tells the child to stop and waits for it to exit; returns the exit code. */
    int stop() throws IOException, InterruptedException {
        Writer in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        in.write("stop\n");
        in.flush();
        readUntil(null);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the child JVM did not exit within 60 s" + diagnostics());
        }
        return process.exitValue();
    }

    /** Kills the child JVM (SIGKILL: no shutdown hook runs) and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    private void readUntil(String marker) throws IOException {
        String line;
        while ((line = stdout.readLine()) != null) {
            int space = line.indexOf(' ');
            lines.put(space < 0 ? line : line.substring(0, space), space < 0 ? "" : line.substring(space + 1));
            if (line.equals(marker)) {
                return;
            }
        }
        if (marker != null) {
            throw new IllegalStateException("the child JVM ended before " + marker + diagnostics());
        }
    }

    String diagnostics() {
        synchronized (stderr) {
            return "; stdout " + lines + "; stderr:\n" + stderr;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
