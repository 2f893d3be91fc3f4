package io.voiceload.platform.pms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link PmsClient} against loopback fakes of the PMS that answer what the simulator never does: bodies that are not
 * JSON, empty 200s, bodies cut short; and the breakers' timeline and the planted bugs of the client
 * ({@link PmsFaults#breakerNeverOpens()}, {@link PmsFaults#noFailover()}). No infrastructure needed.
 */
class PmsClientTest {

    private final List<AutoCloseable> started = new CopyOnWriteArrayList<>();
    /** Counted down when a client closes a connection {@link #raw(boolean) raw(true)} holds open. */
    private final CountDownLatch stalledConnectionClosed = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
    }

    @Test
    void aTwoHundredThatIsNotJsonIsAFailureOfThatEndpointAndTheSecondaryAnswers() {
        URI primary = fake(200, "<html>maintenance</html>");
        URI secondary = fake(200, "{\"id\": \"G-000001\", \"version\": 3}");
        try (PmsClient client = client(primary, secondary, PmsFaults.NONE)) {
            PmsClient.Answer answer = client.get("/guests/G-000001");

            assertThat(answer.endpoint()).isEqualTo("secondary");
            assertThat(answer.json().path("version").asLong()).isEqualTo(3);
            PmsClient.Endpoint first = client.endpoints().getFirst();
            assertThat(first.failures.sum()).isEqualTo(1);
            assertThat(first.breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
            assertThat(client.failovers()).isEqualTo(1);
        }
    }

    @Test
    void anEmptyTwoHundredOrGarbageOnBothEndpointsIsUnavailableWithTheReasonPerEndpoint() {
        try (PmsClient client = client(fake(200, ""), fake(200, "{\"truncated\": "), PmsFaults.NONE)) {
            assertThatThrownBy(() -> client.get("/guests/G-000001"))
                    .isInstanceOfSatisfying(PmsUnavailableException.class, e -> assertThat(e.reasons())
                            .containsExactly(
                                    Map.entry("primary", "answered 200 with an empty body"),
                                    Map.entry("secondary", "answered 200 with a body that is not JSON")));
        }
    }

    @Test
    void aFourHundredWithJsonOrNothingIsAnAnswerNotAFailure() {
        try (PmsClient client = client(fake(404, ""), null, PmsFaults.NONE)) {
            PmsClient.Answer answer = client.get("/guests/G-999999");
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.json()).isNull();
            assertThat(client.endpoints().getFirst().failures.sum()).isZero();
        }
    }

    @Test
    void aBodyCutShortIsAFailureAtOnceAndAStalledOneWithinTheRequestTimeout() throws Exception {
        URI cut = raw(false);
        URI stalled = raw(true);
        URI secondary = fake(200, "{\"version\": 1}");
        try (PmsClient client = client(cut, secondary, PmsFaults.NONE)) {
            PmsClient.Answer answer = client.get("/guests/G-000001");
            assertThat(answer.endpoint()).isEqualTo("secondary");
            assertThat(client.endpoints().getFirst().failures.sum()).isEqualTo(1);
            assertThat(client.endpoints().getFirst().timeouts.sum())
                    .as("failed as the connection closed, not at the timeout")
                    .isZero();
        }
        try (PmsClient client = client(stalled, secondary, PmsFaults.NONE)) {
            long start = System.nanoTime();
            PmsClient.Answer answer = client.get("/guests/G-000001");
            assertThat(answer.endpoint()).isEqualTo("secondary");
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isBetween(Duration.ofMillis(300), Duration.ofSeconds(3));
            assertThat(client.endpoints().getFirst().timeouts.sum()).isEqualTo(1);
            // Given up, not left hanging: the exchange is cancelled and its connection closed, the client still open.
            assertThat(stalledConnectionClosed.await(2, TimeUnit.SECONDS))
                    .as("the stalled connection closed by the client")
                    .isTrue();
        }
    }

    @Test
    void theReadinessProbeGivesUpOnAStalledBodyWithinItsTimeout() throws Exception {
        URI stalled = raw(true);
        try (PmsClient client = client(stalled, null, PmsFaults.NONE)) {
            long start = System.nanoTime();
            assertTimeoutPreemptively(
                    Duration.ofSeconds(5), () -> assertThatThrownBy(() -> client.probe(Duration.ofMillis(300)))
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("primary=no answer within 300 ms"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            assertThat(stalledConnectionClosed.await(2, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aTooManyRequestsOrRequestTimeoutIsAFailureOfThatEndpointAndTheSecondaryAnswers() {
        URI secondary = fake(200, "{\"version\": 1}");
        for (int status : new int[] {429, 408}) {
            try (PmsClient client = client(fake(status, "{\"error\": \"later\"}"), secondary, PmsFaults.NONE)) {
                PmsClient.Answer answer = client.get("/guests/G-000001");
                assertThat(answer.endpoint()).isEqualTo("secondary");
                PmsClient.Endpoint primary = client.endpoints().getFirst();
                assertThat(primary.failures.sum()).isEqualTo(1);
                assertThat(primary.breaker.getMetrics().getNumberOfFailedCalls())
                        .isEqualTo(1);
                assertThat(client.failovers()).isEqualTo(1);
            }
            try (PmsClient client = client(fake(status, ""), null, PmsFaults.NONE)) {
                assertThatThrownBy(() -> client.get("/guests/G-000001"))
                        .isInstanceOfSatisfying(PmsUnavailableException.class, e -> assertThat(e.reasons())
                                .containsExactly(Map.entry("primary", "answered " + status)));
            }
        }
    }

    @Test
    void ifMatchIsPassedOnAndAConflictIsAnAnswer() {
        Map<String, String> seen = new ConcurrentHashMap<>();
        URI primary = fake(exchange -> {
            seen.put("If-Match", String.valueOf(exchange.getRequestHeaders().getFirst("If-Match")));
            return new Reply(409, "{\"error\": \"version conflict\", \"details\": {\"currentVersion\": 8}}");
        });
        try (PmsClient client = client(primary, null, PmsFaults.NONE)) {
            PmsClient.Answer answer = client.patch("/guests/G-000001", "{\"vip\": true}", "\"7\"");
            assertThat(seen).containsEntry("If-Match", "\"7\"");
            assertThat(answer.status()).isEqualTo(409);
            assertThat(answer.json().path("details").path("currentVersion").asLong())
                    .isEqualTo(8);
            client.patch("/guests/G-000001", "{\"vip\": true}", null);
            assertThat(seen).containsEntry("If-Match", "null");
        }
    }

    @Test
    void eachBreakerKeepsItsTransitionsWithTheirTimeOldestFirst() throws InterruptedException {
        Instant before = Instant.now();
        // Open for 2 s: long enough that the refused call below meets it open even on a busy machine.
        try (PmsClient client =
                client(fake(503, "{}"), fake(200, "{\"version\": 1}"), PmsFaults.NONE, Duration.ofSeconds(2))) {
            PmsClient.Endpoint primary = client.endpoints().getFirst();
            for (int i = 0; i < PmsOptions.DEFAULT_MINIMUM_NUMBER_OF_CALLS; i++) {
                assertThat(client.get("/guests/G-000001").endpoint()).isEqualTo("secondary");
            }
            assertThat(primary.state()).isEqualTo("open");
            client.get("/guests/G-000001");
            assertThat(primary.notPermitted.sum()).isEqualTo(1);
            assertThat(primary.shortCircuited.sum()).isEqualTo(1);
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (!primary.state().equals("half_open") && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }

            List<PmsClient.Transition> transitions = primary.transitions();
            assertThat(transitions)
                    .extracting(t -> t.from() + ">" + t.to())
                    .containsExactly("closed>open", "open>half_open");
            assertThat(transitions.getFirst().at()).isBetween(before, Instant.now());
            assertThat(transitions.get(1).at())
                    .isAfterOrEqualTo(transitions.getFirst().at());
            assertThat(transitions.getFirst().toJson())
                    .containsOnlyKeys("at", "atEpochMs", "from", "to")
                    .containsEntry("atEpochMs", transitions.getFirst().at().toEpochMilli())
                    .containsEntry("at", transitions.getFirst().at().toString());
            assertThat(client.endpoints().get(1).transitions()).isEmpty();
        }
    }

    @Test
    void theTimelineKeepsTheLastTwoHundred() {
        try (PmsClient client = client(fake(200, "{}"), null, PmsFaults.NONE)) {
            PmsClient.Endpoint primary = client.endpoints().getFirst();
            for (int i = 0; i < PmsClient.TRANSITIONS_KEPT / 2 + 5; i++) {
                primary.breaker.transitionToOpenState();
                primary.breaker.transitionToClosedState();
            }
            primary.breaker.transitionToForcedOpenState(); // 211 in all: the 11 oldest are dropped
            List<PmsClient.Transition> transitions = primary.transitions();
            assertThat(transitions).hasSize(PmsClient.TRANSITIONS_KEPT);
            assertThat(transitions.getLast().from() + ">"
                            + transitions.getLast().to())
                    .as("the newest is kept")
                    .isEqualTo("closed>forced_open");
            assertThat(transitions.getFirst().from() + ">"
                            + transitions.getFirst().to())
                    .as("the 12th: the first 11 (closed>open first) are gone")
                    .isEqualTo("open>closed");
            assertThat(transitions.stream().filter(t -> t.to().equals("open")))
                    .as("of the 105 openings, the first 6 are gone")
                    .hasSize(99);
        }
    }

    @Test
    void plantedBreakerNeverOpensKeepsCallingADeadPrimaryWhereTheHealthyBreakerOpens() {
        int calls = 3 * PmsOptions.DEFAULT_SLIDING_WINDOW_SIZE;
        URI dead = fake(503, "{}");
        URI secondary = fake(200, "{\"version\": 1}");
        try (PmsClient healthy = client(dead, secondary, PmsFaults.NONE);
                PmsClient faulty = client(dead, secondary, PmsFaults.NONE.withBreakerNeverOpens(true))) {
            for (int i = 0; i < calls; i++) {
                assertThat(healthy.get("/guests/G-000001").endpoint()).isEqualTo("secondary");
                assertThat(faulty.get("/guests/G-000001").endpoint()).isEqualTo("secondary");
            }
            PmsClient.Endpoint healthyPrimary = healthy.endpoints().getFirst();
            assertThat(healthyPrimary.state()).isEqualTo("open");
            assertThat(healthyPrimary.calls.sum()).isLessThan(calls);
            assertThat(healthyPrimary.notPermitted.sum()).isPositive();

            PmsClient.Endpoint faultyPrimary = faulty.endpoints().getFirst();
            assertThat(faultyPrimary.state()).isEqualTo("closed");
            assertThat(faultyPrimary.calls.sum()).isEqualTo(calls);
            assertThat(faultyPrimary.failures.sum()).isEqualTo(calls);
            assertThat(faultyPrimary.notPermitted.sum()).isZero();
            assertThat(faultyPrimary.transitions()).isEmpty();
        }
    }

    @Test
    void plantedNoFailoverAnswersUnavailableWhereTheHealthyClientAsksTheSecondary() {
        URI dead = fake(503, "{}");
        URI secondary = fake(200, "{\"version\": 1}");
        try (PmsClient healthy = client(dead, secondary, PmsFaults.NONE);
                PmsClient faulty = client(dead, secondary, PmsFaults.NONE.withNoFailover(true))) {
            assertThat(healthy.get("/guests/G-000001").endpoint()).isEqualTo("secondary");
            assertThatThrownBy(() -> faulty.get("/guests/G-000001"))
                    .isInstanceOfSatisfying(PmsUnavailableException.class, e -> assertThat(e.reasons())
                            .containsOnlyKeys("primary"));
            assertThat(faulty.endpoints().get(1).calls.sum()).isZero();
        }
    }

    private PmsClient client(URI primary, URI secondary, PmsFaults faults) {
        return client(primary, secondary, faults, Duration.ofMillis(200));
    }

    private PmsClient client(URI primary, URI secondary, PmsFaults faults, Duration waitInOpenState) {
        PmsOptions options = PmsOptions.builder()
                .primary(primary)
                .secondary(secondary)
                .requestTimeout(Duration.ofMillis(400))
                .waitInOpenState(waitInOpenState)
                .build();
        return new PmsClient(options, faults);
    }

    private record Reply(int status, String body) {}

    private interface Script {
        Reply answer(com.sun.net.httpserver.HttpExchange exchange) throws IOException;
    }

    private URI fake(int status, String body) {
        return fake(exchange -> new Reply(status, body));
    }

    /** A JDK HttpServer on loopback answering every request as {@code script} says. */
    private URI fake(Script script) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            server.setExecutor(executor);
            server.createContext("/", exchange -> {
                try (exchange) {
                    exchange.getRequestBody().readAllBytes();
                    Reply reply = script.answer(exchange);
                    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().add("Content-Type", "application/json");
                    exchange.sendResponseHeaders(reply.status(), bytes.length == 0 ? -1 : bytes.length);
                    if (bytes.length > 0) {
                        exchange.getResponseBody().write(bytes);
                    }
                }
            });
            server.start();
            started.add(() -> {
                server.stop(0);
                executor.shutdownNow();
            });
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A server that promises 100 bytes of JSON and sends 10: then closes the connection ({@code stall} false) or
     * holds it open ({@code stall} true) until the client closes it, then counts {@link #stalledConnectionClosed}
     * down. What the JDK HttpServer cannot do on the wire.
     */
    private URI raw(boolean stall) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        List<Socket> sockets = new CopyOnWriteArrayList<>();
        executor.submit(() -> {
            while (!server.isClosed()) {
                Socket socket = server.accept();
                sockets.add(socket);
                executor.submit(() -> {
                    socket.getInputStream().read(new byte[8192]);
                    OutputStream out = socket.getOutputStream();
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                                    + "{\"version\"")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (!stall) {
                        socket.close();
                        return null;
                    }
                    try {
                        while (socket.getInputStream().read() != -1) {
                            // nothing more is expected; wait for the end of the stream
                        }
                    } catch (IOException reset) {
                        // a reset ends it as well
                    }
                    stalledConnectionClosed.countDown();
                    return null;
                });
            }
            return null;
        });
        started.add(() -> {
            server.close();
            for (Socket s : sockets) {
                s.close();
            }
            executor.shutdownNow();
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }
}
