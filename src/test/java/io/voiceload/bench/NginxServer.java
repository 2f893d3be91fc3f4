package io.voiceload.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private nginx for {@link HttpClientBenchmark}: one process ({@code master_process off}, so the process is
 * the worker), pinned to one core with {@code taskset}, on a random loopback port, answering every request with
 * {@code 200 {"status":"ok","id":42}}, access log off, keep-alive without limits. Its configuration, pid, logs
 * and temp files live in a temporary directory that {@link #close()} deletes after stopping the process.
 */
// close() waits for a process or an event loop to stop, so it may throw InterruptedException; only a
// benchmark's main thread closes these and nothing interrupts it, so no interrupt can be lost.
@SuppressWarnings("try")
final class NginxServer implements AutoCloseable {
    static final String BODY = "{\"status\":\"ok\",\"id\":42}";
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final Path dir;
    private final Process process;
    private final int port;

    private NginxServer(Path dir, Process process, int port) {
        this.dir = dir;
        this.process = process;
        this.port = port;
    }

    /** Starts nginx pinned to {@code cpu}; waits (at most 10 s) until it accepts connections. */
    static NginxServer start(int cpu) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("voiceload-nginx-");
        int port = freePort();
        Files.writeString(dir.resolve("nginx.conf"), config(dir, port), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(List.of(
                        "taskset",
                        "-c",
                        Integer.toString(cpu),
                        "nginx",
                        "-p",
                        dir.toString(),
                        "-c",
                        dir.resolve("nginx.conf").toString()))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        NginxServer server = new NginxServer(dir, process, port);
        try {
            server.awaitListening();
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    /** The nginx process id (the worker, since there is no master). */
    long pid() {
        return process.pid();
    }

    String url() {
        return "http://127.0.0.1:" + port + "/";
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT_NANOS;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("stdout.log")) + readIfExists(dir.resolve("error.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(20); // polling a port that has no event to wait on; bounded by the deadline
            }
        }
        throw new IOException("nginx did not listen on 127.0.0.1:" + port + " within 10 s");
    }

    private static String readIfExists(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file) : "";
    }

    private static String config(Path dir, int port) {
        String d = dir.toString();
        return """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                  access_log off;
                  keepalive_requests 1000000000;
                  keepalive_timeout 600s;
                  client_body_temp_path %1$s/body;
                  proxy_temp_path %1$s/proxy;
                  fastcgi_temp_path %1$s/fastcgi;
                  default_type application/json;
                  server {
                    listen 127.0.0.1:%2$d;
                    location / { return 200 '%3$s'; }
                  }
                }
                """.formatted(d, port, BODY);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
