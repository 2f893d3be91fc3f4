package io.voiceload.faults;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * What a level of real packet loss means on this machine's kernel: one 2 MB echo over loopback (2 MB each way on
 * one connection) at 0 %, 1 %, 5 % and 20 % loss in both directions, the median of three runs of time and of
 * TCP retransmissions. Prints a table and never asserts; needs what {@link NftPacketLoss#availability()} checks.
 *
 * <pre>{@code
 * java -cp target/classes:target/test-classes io.voiceload.faults.PacketLossLevels
 * }</pre>
 */
public final class PacketLossLevels {
    private static final int BYTES = 2 * 1024 * 1024;
    private static final int RUNS = 3;

    private PacketLossLevels() {}

    @SuppressWarnings("try") // the resource is the fault: the body only watches its effect
    public static void main(String[] args) throws Exception {
        NftPacketLoss.Availability here = NftPacketLoss.availability();
        if (!here.available()) {
            System.out.println(here.skipMessage());
            return;
        }
        double[] levels = args.length > 0
                ? java.util.Arrays.stream(args).mapToDouble(Double::parseDouble).toArray()
                : new double[] {0, 0.01, 0.05, 0.20};
        System.out.printf(
                Locale.ROOT,
                "real packet loss on loopback | kernel %s | %d cores | load average %.2f | %d MB echo, median of %d%n",
                System.getProperty("os.version"),
                Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                BYTES >> 20,
                RUNS);
        System.out.println("| loss (both ways) | time (median) | retransmits (median) | runs: time / retransmits |");
        System.out.println("|---|---|---|---|");
        try (LoopbackTransfer echo = LoopbackTransfer.echoServer()) {
            echo.echo(BYTES, Duration.ofSeconds(60)); // warm-up
            for (double level : levels) {
                List<LoopbackTransfer.Result> runs = new ArrayList<>();
                for (int i = 0; i < RUNS; i++) {
                    if (level == 0) {
                        runs.add(echo.echo(BYTES, Duration.ofSeconds(120)));
                    } else {
                        try (NftPacketLoss loss =
                                NftPacketLoss.start(echo.port(), level, NftPacketLoss.Direction.BOTH)) {
                            runs.add(echo.echo(BYTES, Duration.ofSeconds(120)));
                        }
                    }
                }
                System.out.printf(
                        Locale.ROOT,
                        "| %.0f %% | %s | %d | %s |%n",
                        level * 100,
                        millis(median(runs.stream().map(r -> r.time().toNanos()).toList())),
                        median(runs.stream()
                                .map(LoopbackTransfer.Result::retransmits)
                                .toList()),
                        String.join(
                                ", ",
                                runs.stream()
                                        .map(r -> millis(r.time().toNanos()) + " / " + r.retransmits())
                                        .toList()));
            }
        }
    }

    private static long median(List<Long> values) {
        return values.stream().sorted(Comparator.naturalOrder()).toList().get(values.size() / 2);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.0f ms", nanos / 1e6);
    }
}
