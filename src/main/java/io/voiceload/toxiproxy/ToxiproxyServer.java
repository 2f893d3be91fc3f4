package io.voiceload.toxiproxy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Toxiproxy 2.12 server in the JVM: the same HTTP API, so the official {@code toxiproxy-java} client (and code
 * written against it) works unchanged, and the same toxics on real TCP proxies.
 *
 * <pre>{@code
 * try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0)) {
 *     ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
 *     Proxy redis = client.createProxy("redis", "127.0.0.1:0", "localhost:6379");
 *     redis.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 100);
 *     // connect to redis.getListen() ...
 * }
 * }</pre>
 *
 * <p>Standalone: {@code java -cp … io.voiceload.toxiproxy.ToxiproxyServer -host 127.0.0.1 -port 8474
 * [-config proxies.json] [-seed N] [-proxy-metrics]}. See the package documentation for what is emulated and how.
 */
public final class ToxiproxyServer implements AutoCloseable {
    private final HttpServer http;
    private final ExecutorService executor;
    private final ProxyCollection proxies;
    private final ToxiproxyApi api;
    private final ReentrantLock apiLock = new ReentrantLock();
    private final String host;
    private final AtomicBoolean closed = new AtomicBoolean();

    private ToxiproxyServer(String host, int port, long seed, boolean proxyMetrics) throws IOException {
        this.host = host;
        ProxyMetrics metrics = new ProxyMetrics();
        this.proxies = new ProxyCollection(new RandomSource(seed), metrics);
        this.api = new ToxiproxyApi(proxies, metrics);
        this.executor = Executors.newVirtualThreadPerTaskExecutor();
        InetSocketAddress address;
        try {
            address = GoTcpAddress.resolve(hostPort(host, port)).bindAddress();
        } catch (GoTcpAddress.AddressException e) {
            throw new IOException("listen tcp: " + e.getMessage(), e);
        }
        this.http = HttpServer.create(address, 128);
        http.setExecutor(executor);
        http.createContext("/", new ApiHandler(api, apiLock, executor, proxyMetrics));
        http.start();
    }

    /**
     * Binds the API on {@code host:port} ({@code port} 0 for an ephemeral port) and serves before returning.
     *
     * @throws UncheckedIOException if the address cannot be bound
     */
    public static ToxiproxyServer start(String host, int port) {
        return start(host, port, false);
    }

    /**
     * As {@link #start(String, int)}; with {@code proxyMetrics} (the {@code -proxy-metrics} flag) {@code GET /metrics}
     * serves upstream's byte counters of every proxy link in the Prometheus text format, otherwise it answers 404.
     */
    public static ToxiproxyServer start(String host, int port, boolean proxyMetrics) {
        return start(host, port, new SecureRandom().nextLong(), proxyMetrics);
    }

    /** As {@link #start(String, int)}, with a seed for every random draw (toxicity, jitter, packet loss, slicer). */
    static ToxiproxyServer start(String host, int port, long seed) {
        return start(host, port, seed, false);
    }

    static ToxiproxyServer start(String host, int port, long seed, boolean proxyMetrics) {
        try {
            return new ToxiproxyServer(host, port, seed, proxyMetrics);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the Toxiproxy API on " + hostPort(host, port), e);
        }
    }

    /** The bound API port. */
    public int port() {
        return http.getAddress().getPort();
    }

    /** The host the API was asked to listen on. */
    public String host() {
        return host;
    }

    /** {@code http://host:port}, for HTTP clients. */
    public String baseUrl() {
        return "http://" + hostPort(host, port());
    }

    /** Stops the API and every proxy, closing all their connections. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        http.stop(0);
        apiLock.lock();
        try {
            proxies.stopAll();
        } finally {
            apiLock.unlock();
        }
        executor.shutdownNow();
    }

    /** Loads proxies from a file the way {@code POST /populate} does; returns the error message, or null. */
    String populate(Path config) throws IOException {
        byte[] body = Files.readAllBytes(config);
        apiLock.lock();
        try {
            ProxyCollection.PopulateResult result = api.populateResult(body);
            return result.error() == null ? null : result.error().getMessage();
        } finally {
            apiLock.unlock();
        }
    }

    int proxyCount() {
        apiLock.lock();
        try {
            return proxies.all().size();
        } finally {
            apiLock.unlock();
        }
    }

    private static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * {@code -host localhost -port 8474 [-config file] [-seed N]}, flags as Go's {@code flag} package reads them
     * ({@code -name value}, {@code -name=value}, {@code --name}). Prints one line with its address, runs until
     * SIGTERM or Ctrl-C.
     */
    public static void main(String[] args) throws Exception {
        ServerFlags flags = ServerFlags.parse(args, System.err);
        if (flags == null) {
            System.exit(2);
            return;
        }
        ToxiproxyServer server = start(flags.host(), flags.port(), flags.seed(), flags.proxyMetrics());
        if (flags.config() != null) {
            String error = server.populate(Path.of(flags.config()));
            if (error != null) {
                System.err.println("Failed to populate proxies from " + flags.config() + ": " + error);
            }
        }
        if (flags.runtimeMetrics()) {
            System.err.println("-runtime-metrics is accepted but not implemented (Go runtime metrics have no Java"
                    + " equivalent here); -proxy-metrics serves the proxies' byte counters.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }));
        System.out.println("Toxiproxy " + ToxiproxyApi.VERSION + " API listening on " + server.baseUrl() + " ("
                + server.proxyCount() + " proxies, seed " + flags.seed() + ")");
        System.out.flush();
        stopped.await();
    }
}
