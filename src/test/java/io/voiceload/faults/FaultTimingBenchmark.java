package io.voiceload.faults;

import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.voiceload.toxiproxy.ToxiproxyServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;

/**
 * How precisely a {@link FaultSchedule} keeps its timeline on the embedded Toxiproxy: for each fault, how much later
 * than scheduled it was on (its toxic added) and how much later than scheduled its heal began. It prints a table and
 * never asserts. The schedule runs {@value #FAULTS} latency faults of {@value #LENGTH_MS} ms, one every
 * {@value #EVERY_MS} ms, over a proxy that a client keeps busy with small round trips (so the traffic proof holds),
 * {@value #RUNS} times.
 *
 * <pre>{@code
 * mvn -Pbench verify -DskipTests
 * }</pre>
 *
 * <p>Limitations: wall-clock figures on a shared machine; the embedded server answers in-process, so an external
 * or container Toxiproxy adds its API round trip (milliseconds) to each start.
 */
public final class FaultTimingBenchmark {
    private static final int FAULTS = 40;
    private static final long EVERY_MS = 50;
    private static final long LENGTH_MS = 30;
    private static final int RUNS = 3;

    private FaultTimingBenchmark() {}

    public static void main(String[] args) throws Exception {
        System.out.printf(
                Locale.ROOT,
                "voiceload fault timing benchmark | JDK %s | %d cores | load average %.2f%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        List<Long> starts = new ArrayList<>();
        List<Long> ends = new ArrayList<>();
        try (ToxiproxyServer server = ToxiproxyServer.start("127.0.0.1", 0, true);
                EchoServer echo = EchoServer.start()) {
            ToxiproxyClient client = new ToxiproxyClient(server.host(), server.port());
            String listen =
                    client.createProxy("svc", "127.0.0.1:0", echo.address()).getListen();
            int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
            Faults faults = Faults.through("http://" + server.host() + ":" + server.port(), client);
            for (int run = 0; run <= RUNS; run++) { // run 0 warms the JIT up
                List<FaultSpec> specs = new ArrayList<>();
                for (int i = 0; i < FAULTS; i++) {
                    specs.add(FaultSpec.latency("svc", 1)
                            .withAt(Duration.ofMillis(EVERY_MS * (i + 1)))
                            .withLasts(Duration.ofMillis(LENGTH_MS)));
                }
                FaultSchedule.Result result;
                AtomicBoolean busy = new AtomicBoolean(true);
                Thread traffic = Thread.ofPlatform().start(() -> pingPong(port, busy));
                try (FaultSchedule schedule = FaultSchedule.prepare(FaultPlan.of(specs), faults)) {
                    schedule.start(System.nanoTime());
                    Thread.sleep(EVERY_MS * (FAULTS + 2));
                    result = schedule.finish(FaultEvent.HealReason.RUN_ENDED);
                } finally {
                    busy.set(false);
                    traffic.join();
                }
                if (!result.failure().isEmpty()) {
                    throw new IllegalStateException(result.failure());
                }
                if (run > 0) {
                    starts.addAll(lateness(
                            result,
                            e -> e.actualStartOffset().minus(e.scheduledStart()).toNanos()));
                    ends.addAll(lateness(
                            result,
                            e -> e.actualEndOffset().minus(e.scheduledEnd()).toNanos()));
                }
            }
        }
        System.out.printf(
                Locale.ROOT,
                "%n%d faults (%d runs of %d): how much later than scheduled%n",
                starts.size(),
                RUNS,
                FAULTS);
        System.out.printf(Locale.ROOT, "%-28s %9s %9s %9s %9s%n", "", "p50", "p90", "p99", "max");
        row("on (toxic added)", starts);
        row("heal begun", ends);
    }

    private static List<Long> lateness(FaultSchedule.Result result, ToLongFunction<FaultEvent> late) {
        List<Long> out = new ArrayList<>();
        for (FaultEvent e : result.events()) {
            out.add(late.applyAsLong(e));
        }
        return out;
    }

    private static void row(String name, List<Long> nanos) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        System.out.printf(
                Locale.ROOT,
                "%-28s %9s %9s %9s %9s%n",
                name,
                ms(sorted, 0.50),
                ms(sorted, 0.90),
                ms(sorted, 0.99),
                ms(sorted, 1.0));
    }

    private static String ms(List<Long> sorted, double q) {
        long v = sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        return String.format(Locale.ROOT, "%.2f ms", v / 1e6);
    }

    /** Small round trips through the proxy until told to stop: the traffic every fault must see. */
    private static void pingPong(int port, AtomicBoolean busy) {
        byte[] ping = new byte[16];
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            while (busy.get()) {
                out.write(ping);
                in.readNBytes(ping.length);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
