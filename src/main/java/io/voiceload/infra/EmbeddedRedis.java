package io.voiceload.infra;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Consumer;
import redis.embedded.RedisServer;
import redis.embedded.core.ExecutableProvider;

/**
 * Redis from a {@code redis-server} on the PATH (a system package), else the binary bundled with
 * embedded-redis (Redis 6.2), copied into the run directory. It listens on 127.0.0.1, saves nothing
 * ({@code save ""}, {@code appendonly no}), works in the run directory and writes its PID there; the
 * options are passed on the command line, so no config file is written to {@code /tmp}.
 */
final class EmbeddedRedis {

    private static final int ATTEMPTS = 3;

    private EmbeddedRedis() {}

    static StartedServer start(WorkDirectories dirs) throws IOException {
        Path dir = Files.createDirectories(dirs.run().resolve(WorkDirectories.REDIS));
        Binary binary = binary(dir);
        IOException last = null;
        // The free port is found by binding and releasing it; another process may take it meanwhile.
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                return start(dir, binary, freeLoopbackPort());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private record Binary(Path path, String detail) {}

    private static Binary binary(Path dir) throws IOException {
        try {
            Path system =
                    ExecutableProvider.newExecutableInPath("redis-server").get().toPath();
            return new Binary(system, "redis-server on the PATH (" + system + ")");
        } catch (FileNotFoundException e) {
            Path bundled = ExecutableProvider.newJarResourceProvider(dir.toFile())
                    .get()
                    .toPath();
            return new Binary(bundled, "redis-server bundled with embedded-redis");
        }
    }

    private static StartedServer start(Path dir, Binary binary, int port) throws IOException {
        Path pidFile = dir.resolve(WorkDirectories.REDIS_PID_FILE);
        List<String> args = new ArrayList<>(List.of(
                binary.path().toString(),
                "--port",
                String.valueOf(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                dir.toString(),
                "--pidfile",
                pidFile.toString(),
                "--daemonize",
                "no"));
        Deque<String> output = new ConcurrentLinkedDeque<>();
        Consumer<String> keep = line -> {
            output.addLast(line);
            while (output.size() > 20) {
                output.pollFirst();
            }
        };
        RedisServer server = new RedisServer(port, args, false, keep, keep);
        try {
            server.start();
        } catch (IOException e) {
            throw new IOException(
                    e.getMessage() + (output.isEmpty() ? "" : "; output: " + String.join(" | ", output)), e);
        }
        HostPort direct = new HostPort("127.0.0.1", port);
        String version;
        try {
            version = RedisProbe.version(direct, null, null, 0);
        } catch (IOException e) {
            server.stop();
            throw e;
        }
        List<Long> pids = WorkDirectories.pid(pidFile).stream().toList();
        return new StartedServer(
                Dependency.REDIS,
                ProviderKind.EMBEDDED,
                version,
                binary.detail(),
                direct,
                null,
                null,
                null,
                "0",
                Map.of(),
                pids,
                server::stop);
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
