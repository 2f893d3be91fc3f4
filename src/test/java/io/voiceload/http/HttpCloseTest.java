package io.voiceload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Closing the fast client leaves no connection and no thread behind. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpCloseTest {
    private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The transport under test; {@code Raw…Test} runs the same tests with {@link Transport#RAW}. */
    Transport transport() {
        return Transport.VERTX;
    }

    Http.Builder builder(String baseUrl) {
        return Http.builder(baseUrl).transport(transport());
    }

    @Test
    void closeReleasesEveryConnectionAndThread() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux /proc/net/tcp");
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        try (StubServer stub = StubServer.start()) {
            Http http = builder(stub.baseUrl()).build();
            try (var users = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    users.submit(() -> {
                        for (int n = 0; n < 10; n++) {
                            http.get("/echo").send();
                        }
                        return null;
                    });
                }
            }
            assertThat(stub.establishedClientSockets()).isBetween(1L, 8L);
            assertThat(newThreads(before)).isNotEmpty();

            http.close();

            long deadline = System.nanoTime() + DEADLINE_NANOS;
            while ((stub.establishedClientSockets() > 0 || !newThreads(before).isEmpty())
                    && System.nanoTime() < deadline) {
                Thread.sleep(20); // socket and thread state have no event to wait on; bounded by the deadline
            }
            assertThat(stub.establishedClientSockets()).isZero();
            assertThat(newThreads(before)).isEmpty();
        }
    }

    /** Live platform threads of Vert.x/Netty or of the raw transport that did not exist in {@code before}. */
    private static Set<String> newThreads(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(n -> n.startsWith("vert.x")
                        || n.startsWith("vertx")
                        || n.contains("netty")
                        || n.startsWith("voiceload-raw-http"))
                .collect(Collectors.toSet());
    }
}
