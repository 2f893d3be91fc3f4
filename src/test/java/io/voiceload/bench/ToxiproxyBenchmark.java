package io.voiceload.bench;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.voiceload.toxiproxy.ToxiproxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * What the embedded Toxiproxy server costs on an idle proxy (no toxics): the round-trip latency it adds to a
 * ping-pong of small messages over one persistent connection, and its throughput against a direct loopback
 * connection. It prints a table and never asserts. Aims: at most 100 µs added at p50, at least 50 % of direct
 * throughput.
 *
 * <pre>{@code
 * mvn -Pbench verify -DskipTests
 * }</pre>
 *
 * <p>The client and the upstream servers run on platform threads, so the difference between the direct and the
 * proxied figures is the proxy's own work (its virtual threads and two more sockets). Rounds alternate between direct
 * and proxied so that drift on a shared machine affects both. Limitations: wall-clock figures on a shared machine.
 */
public final class ToxiproxyBenchmark {
    private static final int MESSAGE = 32;
    private static final int WARMUP_ROUND_TRIPS = 20_000;
    private static final int ROUNDS = 3;
    private static final int ROUND_TRIPS_PER_ROUND = 20_000;
    /** Five runs, not three: the median has to ride out a shared machine's noise. */
    private static final int STREAM_RUNS = 5;

    private static final long STREAM_BYTES = 256L * 1024 * 1024;
    private static final int WRITE_SIZE = 64 * 1024;

    private ToxiproxyBenchmark() {}

    public static void main(String[] args) throws Exception {
        long start = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "voiceload Toxiproxy benchmark | JDK %s | %d cores | load average %.2f%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0);
                Upstream echo = Upstream.echo();
                Upstream sink = Upstream.sink()) {
            ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
            Proxy echoProxy = client.createProxy("echo", "127.0.0.1:0", "127.0.0.1:" + echo.port());
            Proxy sinkProxy = client.createProxy("sink", "127.0.0.1:0", "127.0.0.1:" + sink.port());
            roundTrips(echo.port(), port(echoProxy));
            throughput(sink.port(), port(sinkProxy));
        }
        System.out.printf(Locale.ROOT, "%nbenchmark took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static void roundTrips(int directPort, int proxyPort) throws IOException {
        System.out.printf(
                Locale.ROOT,
                "%nRound trip of a %d-byte message over one persistent connection (%d warm-up, then %d rounds of %d"
                        + " each way, alternating)%n",
                MESSAGE,
                WARMUP_ROUND_TRIPS,
                ROUNDS,
                ROUND_TRIPS_PER_ROUND);
        Histogram direct = new Histogram(3_600_000_000L, 3);
        Histogram proxied = new Histogram(3_600_000_000L, 3);
        try (Socket d = connect(directPort);
                Socket p = connect(proxyPort)) {
            pingPong(d, WARMUP_ROUND_TRIPS, null);
            pingPong(p, WARMUP_ROUND_TRIPS, null);
            for (int round = 0; round < ROUNDS; round++) {
                pingPong(d, ROUND_TRIPS_PER_ROUND, direct);
                pingPong(p, ROUND_TRIPS_PER_ROUND, proxied);
            }
        }
        System.out.printf(Locale.ROOT, "%-16s %10s %10s %10s%n", "path", "p50 µs", "p99 µs", "p99.9 µs");
        row("direct", us(direct, 50), us(direct, 99), us(direct, 99.9));
        row("through proxy", us(proxied, 50), us(proxied, 99), us(proxied, 99.9));
        row(
                "added by proxy",
                us(proxied, 50) - us(direct, 50),
                us(proxied, 99) - us(direct, 99),
                us(proxied, 99.9) - us(direct, 99.9));
        System.out.printf(
                Locale.ROOT,
                "aim: at most 100 µs added at p50 -> %s%n",
                us(proxied, 50) - us(direct, 50) <= 100 ? "met" : "NOT met");
    }

    private static void pingPong(Socket s, int times, Histogram into) throws IOException {
        byte[] message = new byte[MESSAGE];
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        for (int i = 0; i < times; i++) {
            long start = System.nanoTime();
            out.write(message);
            int got = 0;
            while (got < MESSAGE) {
                int n = in.read(message, got, MESSAGE - got);
                if (n < 0) {
                    throw new IOException("closed during the round trip");
                }
                got += n;
            }
            if (into != null) {
                into.recordValue(System.nanoTime() - start);
            }
        }
    }

    private static void throughput(int directPort, int proxyPort) throws IOException {
        System.out.printf(
                Locale.ROOT,
                "%nThroughput, %d MB one way in %d KB writes, %d runs each (alternating)%n",
                STREAM_BYTES >> 20,
                WRITE_SIZE / 1024,
                STREAM_RUNS);
        stream(directPort); // warm-up
        stream(proxyPort);
        double[] direct = new double[STREAM_RUNS];
        double[] proxied = new double[STREAM_RUNS];
        for (int i = 0; i < STREAM_RUNS; i++) {
            direct[i] = stream(directPort);
            proxied[i] = stream(proxyPort);
        }
        System.out.printf(Locale.ROOT, "%-16s %40s %14s%n", "path", "runs MB/s", "median MB/s");
        double d = median(direct);
        double p = median(proxied);
        System.out.printf(Locale.ROOT, "%-16s %40s %14.0f%n", "direct", runs(direct), d);
        System.out.printf(Locale.ROOT, "%-16s %40s %14.0f%n", "through proxy", runs(proxied), p);
        System.out.printf(
                Locale.ROOT,
                "proxy / direct: %.0f %% (aim: at least 50 %% -> %s)%n",
                100 * p / d,
                p / d >= 0.5 ? "met" : "NOT met");
    }

    /** Sends {@link #STREAM_BYTES} and waits for the sink's one-byte receipt; returns MB/s. */
    private static double stream(int port) throws IOException {
        byte[] chunk = new byte[WRITE_SIZE];
        try (Socket s = connect(port)) {
            long start = System.nanoTime();
            OutputStream out = s.getOutputStream();
            for (long sent = 0; sent < STREAM_BYTES; sent += chunk.length) {
                out.write(chunk);
            }
            if (s.getInputStream().read() < 0) {
                throw new IOException("the sink closed before its receipt");
            }
            return STREAM_BYTES / 1e6 / ((System.nanoTime() - start) / 1e9);
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        s.setTcpNoDelay(true);
        return s;
    }

    private static int port(Proxy p) {
        return Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
    }

    private static double us(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static void row(String name, double p50, double p99, double p999) {
        System.out.printf(Locale.ROOT, "%-16s %10.1f %10.1f %10.1f%n", name, p50, p99, p999);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String runs(double[] values) {
        StringBuilder sb = new StringBuilder();
        for (double v : values) {
            sb.append(String.format(Locale.ROOT, "%8.0f", v));
        }
        return sb.toString();
    }

    /** An upstream on 127.0.0.1 served by platform threads: an echo, or a sink that acknowledges a full stream. */
    private static final class Upstream implements AutoCloseable {
        @FunctionalInterface
        private interface Handler {
            void handle(Socket s) throws IOException;
        }

        private final ServerSocket server;

        private Upstream(Handler handler) throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                Socket s = server.accept();
                                s.setTcpNoDelay(true);
                                Thread t = new Thread(
                                        () -> {
                                            try (s) {
                                                handler.handle(s);
                                            } catch (IOException ignored) {
                                                // the client went away
                                            }
                                        },
                                        "bench-upstream");
                                t.setDaemon(true);
                                t.start();
                            } catch (IOException e) {
                                return;
                            }
                        }
                    },
                    "bench-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        static Upstream echo() throws IOException {
            return new Upstream(s -> {
                byte[] buffer = new byte[8192];
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream();
                int n;
                while ((n = in.read(buffer)) > 0) {
                    out.write(buffer, 0, n);
                }
            });
        }

        static Upstream sink() throws IOException {
            return new Upstream(s -> {
                byte[] buffer = new byte[WRITE_SIZE];
                InputStream in = s.getInputStream();
                long received = 0;
                while (received < STREAM_BYTES) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        return;
                    }
                    received += n;
                }
                s.getOutputStream().write(1);
                in.read();
            });
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
