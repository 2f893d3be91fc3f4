package io.voiceload.infra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a process still runs. A server that daemonized itself (Postgres) is not our child: when it
 * exits it stays a zombie until PID 1 reaps it, which can take a second, and {@link ProcessHandle#isAlive()}
 * counts a zombie as alive. A zombie holds no port, file or memory, so here it counts as exited.
 */
final class ProcessState {

    private ProcessState() {}

    /** True while the process exists and is not a zombie. */
    static boolean running(long pid) {
        Path stat = Path.of("/proc", String.valueOf(pid), "stat");
        if (Files.isDirectory(Path.of("/proc", "self"))) {
            try {
                String text = Files.readString(stat);
                int end = text.lastIndexOf(')');
                char state = end >= 0 && end + 2 < text.length() ? text.charAt(end + 2) : '?';
                return state != 'Z' && state != 'X';
            } catch (IOException e) {
                return false; // no such process
            }
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Waits until the process has exited; kills it if it has not within {@code timeout}. */
    static void awaitExit(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (running(pid)) {
            if (System.nanoTime() > deadline) {
                Optional<ProcessHandle> process = ProcessHandle.of(pid);
                process.ifPresent(ProcessHandle::destroyForcibly);
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
