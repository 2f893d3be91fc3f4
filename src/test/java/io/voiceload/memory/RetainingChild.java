package io.voiceload.memory;

import io.voiceload.platform.junit.ChildPlatformLauncher;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny JVM to measure: opens a loopback JMX connector like the child platform's (printing {@value #JMX_LINE}
 * and its URL), then obeys lines on its standard input and answers {@code ok <line>} to each:
 *
 * <ul>
 *   <li>{@code retain N}: allocates N MB in 64 KB arrays and keeps them ({@link #retainMegabytes}; small arrays,
 *       as G1 gives an array of half a region or more whole regions of its own, which would count double);
 *   <li>{@code churn N}: allocates N MB of garbage in 64 KB arrays ({@link #churnMegabytes});
 *   <li>{@code release}: lets go of everything retained;
 *   <li>{@code work S}: runs a CPU and allocation workload for S seconds and prints {@code ops N} first, the
 *       operations done ({@link #work});
 *   <li>{@code exit}.
 * </ul>
 *
 * It exits when its standard input closes, so a test that dies leaves nothing running.
 */
public final class RetainingChild {

    static final String JMX_LINE = "retaining child jmx: ";

    private static final List<byte[]> RETAINED = new ArrayList<>();
    private static volatile long sink;

    private RetainingChild() {}

    public static void main(String[] args) throws Exception {
        System.out.println(JMX_LINE + ChildPlatformLauncher.startJmx());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            switch (words[0]) {
                case "retain" -> retainMegabytes(Integer.parseInt(words[1]));
                case "churn" -> churnMegabytes(Integer.parseInt(words[1]));
                case "release" -> RETAINED.clear();
                case "work" -> System.out.println("ops " + work(Double.parseDouble(words[1])));
                case "exit" -> System.exit(0);
                default -> {
                    System.out.println("ok unknown command " + line); // ChildJvm.send fails on it
                    System.out.flush();
                    continue;
                }
            }
            System.out.println("ok " + line);
            System.out.flush();
        }
        System.exit(0);
    }

    static void retainMegabytes(int megabytes) {
        for (int i = 0; i < megabytes * 16; i++) {
            byte[] block = new byte[64 << 10];
            block[i % block.length] = 1;
            RETAINED.add(block);
        }
    }

    /**
     * One operation: a map of 32 short strings built and hashed, about 3 KB allocated, a few microseconds of CPU:
     * a service's request handling in miniature.
     */
    static long work(double seconds) {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long ops = 0;
        while (System.nanoTime() - end < 0) {
            for (int batch = 0; batch < 100; batch++) {
                java.util.Map<String, Integer> map = new java.util.HashMap<>();
                for (int i = 0; i < 32; i++) {
                    map.put("key-" + i + "-" + ops, i * 31);
                }
                sink += map.hashCode();
                ops++;
            }
        }
        return ops;
    }

    static void churnMegabytes(int megabytes) {
        for (int i = 0; i < megabytes * 16; i++) {
            byte[] garbage = new byte[64 << 10];
            garbage[i % garbage.length] = (byte) i;
            sink += garbage[0];
        }
    }
}
