package io.voiceload.platform.pms.simulator;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a primary and a secondary PMS simulator over one seeded data set until SIGTERM/SIGINT, and prints
 * their URLs.
 *
 * <pre>java -cp &lt;classpath&gt; io.voiceload.platform.pms.simulator.PmsSimulatorMain [--port 9090] [--latency-ms 0]</pre>
 *
 * <p>The primary listens on {@code --port} (0, the default: any free port), the secondary on any free port.
 */
public final class PmsSimulatorMain {

    private PmsSimulatorMain() {}

    public static void main(String[] args) throws InterruptedException {
        int port = 0;
        long latencyMs = 0;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                usage();
            }
            try {
                switch (args[i]) {
                    case "--port" -> port = Integer.parseInt(args[i + 1]);
                    case "--latency-ms" -> latencyMs = Long.parseLong(args[i + 1]);
                    default -> usage();
                }
            } catch (NumberFormatException e) {
                usage();
            }
        }
        PmsData data = PmsData.seeded();
        Duration latency = Duration.ofMillis(latencyMs);
        PmsSimulator primary = PmsSimulator.start("primary", data, port, latency);
        PmsSimulator secondary = PmsSimulator.start("secondary", data, 0, latency);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try (primary;
                                    secondary) {
                                // closed secondary first, then primary
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "pms-simulator-stop"));
        System.out.println("PMS simulator primary: " + primary.baseUrl() + ", secondary: " + secondary.baseUrl() + " ("
                + data.reservationCount() + " reservations, " + data.guestCount() + " guests)");
        System.out.flush();
        stopped.await();
    }

    private static void usage() {
        System.err.println(
                "usage: io.voiceload.platform.pms.simulator.PmsSimulatorMain [--port <0-65535>] [--latency-ms <0-60000>]");
        System.exit(2);
    }
}
