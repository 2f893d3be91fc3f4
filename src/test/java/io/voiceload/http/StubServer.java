package io.voiceload.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP/1.1 server (JDK HttpServer on virtual threads) for the client tests:
 *
 * <ul>
 *   <li>{@code /echo/...}: 200 with JSON {@code {method, path, query, headers{lower-case name: value}, body}};
 *   <li>{@code /status/<code>}: that status with a short JSON body;
 *   <li>{@code /bytes}: 200 with {@link #BYTES} as {@code application/octet-stream};
 *   <li>{@code /text}: 200 with a body that is not JSON;
 *   <li>{@code /stall}: answers only when {@link #releaseStalled()} or {@link #close()} is called (bounded: 60 s).
 * </ul>
 *
 * It remembers the client ports it saw, to count the connections a client opened.
 */
final class StubServer implements AutoCloseable {
    static final byte[] BYTES = {0, 1, 2, (byte) 0xFE, (byte) 0xFF, 42};
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong stalledNow = new AtomicLong();
    private volatile CountDownLatch stall = new CountDownLatch(1);

    private StubServer() throws IOException {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    static StubServer start() throws IOException {
        return new StubServer();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** Distinct client ports seen so far: one per connection the client opened. */
    int connectionsSeen() {
        return clientPorts.size();
    }

    long requests() {
        return requests.get();
    }

    /** Requests to {@code /stall} waiting right now. */
    long stalledNow() {
        return stalledNow.get();
    }

    void releaseStalled() {
        stall.countDown();
        stall = new CountDownLatch(1);
    }

    /**
     * Client-side sockets connected to this server and still ESTABLISHED, read from {@code /proc/net/tcp} and
     * {@code tcp6} (Linux; Java's sockets are often IPv6 sockets with IPv4-mapped addresses): what a closed
     * client must leave at zero.
     */
    long establishedClientSockets() throws IOException {
        String hexPort = String.format(Locale.ROOT, "%04X", port());
        long n = 0;
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("/proc/net/tcp")));
        Path tcp6 = Path.of("/proc/net/tcp6");
        if (Files.isReadable(tcp6)) {
            lines.addAll(Files.readAllLines(tcp6));
        }
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            // sl local_address rem_address st ...; state 01 = ESTABLISHED
            if (f.length > 3 && f[2].endsWith(":" + hexPort) && f[3].equals("01")) {
                n++;
            }
        }
        return n;
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        clientPorts.add(exchange.getRemoteAddress().getPort());
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            byte[] requestBody;
            try (InputStream in = exchange.getRequestBody()) {
                requestBody = in.readAllBytes();
            }
            if (path.startsWith("/echo")) {
                ObjectNode json = MAPPER.createObjectNode();
                json.put("method", exchange.getRequestMethod());
                json.put("path", path);
                json.put("query", exchange.getRequestURI().getRawQuery());
                ObjectNode headers = json.putObject("headers");
                exchange.getRequestHeaders()
                        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
                json.put("body", new String(requestBody, StandardCharsets.UTF_8));
                json.put("bodyLength", requestBody.length);
                send(exchange, 200, "application/json", MAPPER.writeValueAsBytes(json));
            } else if (path.startsWith("/status/")) {
                int status = Integer.parseInt(path.substring("/status/".length()));
                send(
                        exchange,
                        status,
                        "application/json",
                        ("{\"status\":" + status + "}").getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/bytes")) {
                send(exchange, 200, "application/octet-stream", BYTES);
            } else if (path.equals("/text")) {
                send(exchange, 200, "text/plain", "hello, not json".getBytes(StandardCharsets.UTF_8));
            } else if (path.equals("/stall")) {
                stalledNow.incrementAndGet();
                try {
                    stall.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    stalledNow.decrementAndGet();
                }
                send(exchange, 200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
            } else {
                send(
                        exchange,
                        404,
                        "application/json",
                        "{\"error\":\"no such path\"}".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.getResponseHeaders().set("X-Stub", "yes");
        if (status == 204 || status == 304) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        stall.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
