package io.voiceload.load.accuracy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process HTTP server on the loopback interface, the system under test of the accuracy
 * tests. {@code GET /} answers a small JSON body after the configured service time;
 * {@code GET /?status=503} answers that status instead. {@link #stallFor} makes every request that
 * arrives during a window wait until the window ends, like a server frozen by a GC pause.
 */
final class HttpStub implements AutoCloseable, BeforeAllCallback, AfterAllCallback {
    private static final int WARM_UP_REQUESTS = 20;

    private static final byte[] BODY = "{\"status\":\"ok\",\"id\":42}".getBytes(StandardCharsets.US_ASCII);

    private HttpServer server;
    private ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong stalled = new AtomicLong();
    private final long serviceNanos;
    private volatile long stallEndNanos = Long.MIN_VALUE;

    private HttpStub(Duration serviceTime) {
        this.serviceNanos = serviceTime.toNanos();
    }

    /**
     * A stub answering after {@code serviceTime}, for {@code @RegisterExtension static}: started
     * and warmed up before the class's tests, stopped after them.
     */
    static HttpStub withServiceTime(Duration serviceTime) {
        return new HttpStub(serviceTime);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        StubClient.warmUp(this, WARM_UP_REQUESTS);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    URI uri(String pathAndQuery) {
        return uri().resolve(pathAndQuery);
    }

    /** Requests arriving from now on, for {@code window}, wait until the window ends. */
    void stallFor(Duration window) {
        stallEndNanos = System.nanoTime() + window.toNanos();
    }

    /** Requests answered or in progress since the stub started. */
    long requests() {
        return requests.get();
    }

    /** Requests that arrived during a stall window. */
    long stalledRequests() {
        return stalled.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrival = System.nanoTime();
        requests.incrementAndGet();
        try (exchange) {
            long stallEnd = stallEndNanos;
            if (arrival < stallEnd) {
                stalled.incrementAndGet();
                sleepNanos(stallEnd - arrival);
            }
            sleepNanos(serviceNanos);
            int status = statusOf(exchange.getRequestURI());
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        }
    }

    private static int statusOf(URI uri) {
        String query = uri.getQuery();
        if (query != null && query.startsWith("status=")) {
            return Integer.parseInt(query.substring("status=".length()));
        }
        return 200;
    }

    private static void sleepNanos(long nanos) throws IOException {
        if (nanos <= 0) {
            return;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("stub interrupted", e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
