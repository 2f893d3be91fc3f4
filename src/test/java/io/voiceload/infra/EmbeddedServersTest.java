package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded Redis provider on its own: a real server that saves nothing, and stopping it leaves
 * nothing. (Embedded Postgres is covered by {@link InfrastructureTest} and {@link NoLeftoversTest}.)
 */
class EmbeddedServersTest {

    private WorkDirectories dirs;

    @BeforeEach
    void directories() {
        dirs = WorkDirectories.create();
    }

    @AfterEach
    void deleteDirectories() {
        dirs.close();
    }

    @Test
    void redisStartsAnswersAndStopsWithoutLeftovers() throws Exception {
        StartedServer redis = EmbeddedRedis.start(dirs);
        try {
            assertThat(redis.version()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(redis.processIds()).hasSize(1);
            assertThat(RedisProbe.version(redis.direct(), null, null, 0)).isEqualTo(redis.version());
            try (var files = Files.list(dirs.run().resolve(WorkDirectories.REDIS))) {
                // the binary (when bundled) and the pid file, no dump or append-only file
                assertThat(files.map(p -> p.getFileName().toString()))
                        .allMatch(n -> n.startsWith("redis-server") || n.equals(WorkDirectories.REDIS_PID_FILE));
            }
        } finally {
            redis.stop().close();
        }
        assertGone(redis);
    }

    private static void assertGone(StartedServer server) throws Exception {
        for (long pid : server.processIds()) {
            ProcessState.awaitExit(pid, java.time.Duration.ofSeconds(5));
            assertThat(ProcessState.running(pid)).as("process %d runs", pid).isFalse();
        }
        assertThat(accepts(server.direct()))
                .as("%s accepts connections", server.direct())
                .isFalse();
    }

    static boolean accepts(HostPort address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address.host(), address.port()), (int)
                    Duration.ofMillis(500).toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
