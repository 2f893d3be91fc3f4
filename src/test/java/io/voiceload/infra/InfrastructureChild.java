package io.voiceload.infra;

import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Starts the infrastructure in its own JVM for {@link NoLeftoversTest} and
 * {@link InfrastructureStartupBenchmark}: prints what it started, waits for a line on stdin, then stops
 * it ({@code close}) or just exits and leaves it to the shutdown hook ({@code exit}).
 *
 * <pre>
 * PIDS 1234 1240
 * PORTS 35001 35002 35003 35004 35005
 * DIRS /…/target/voiceload-infra/run-1200-1
 * TIMES postgres=1.512 redis=0.120 toxiproxy=0.041 total=1.702
 * READY
 * </pre>
 */
public final class InfrastructureChild {

    private InfrastructureChild() {}

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "close";
        long jvmStart = ProcessHandle.current()
                .info()
                .startInstant()
                .map(i -> i.toEpochMilli())
                .orElse(0L);
        InfrastructureSettings settings = InfrastructureSettings.resolve(
                LoadTestConfig.builtIn(), Overrides.of(Map.of("loadtest.docker", "never"), Map.of()));
        RunningInfrastructure infra = RunningInfrastructure.start(settings);
        Infrastructure info = infra.info();
        List<Integer> ports = new ArrayList<>(List.of(
                info.postgres().direct().port(),
                info.postgres().proxied().port(),
                info.redis().direct().port(),
                info.redis().proxied().port(),
                info.toxiproxy().api().port()));
        System.out.println("PIDS " + join(infra.processIds()));
        System.out.println("PORTS " + join(ports));
        System.out.println("DIRS " + join(infra.directories()));
        StringBuilder times = new StringBuilder("TIMES");
        for (ProviderAttempt a : info.attempts()) {
            if (a.outcome() == ProviderAttempt.Outcome.SERVED) {
                times.append(String.format(
                        Locale.ROOT, " %s=%.3f", a.dependency().key(), a.took().toNanos() / 1e9));
            }
        }
        times.append(
                String.format(Locale.ROOT, " total=%.3f", info.startupTime().toNanos() / 1e9));
        if (jvmStart > 0) {
            times.append(
                    String.format(Locale.ROOT, " sinceJvmStart=%.3f", (System.currentTimeMillis() - jvmStart) / 1e3));
        }
        System.out.println(times);
        System.out.println("READY");
        System.out.flush();

        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (mode.equals("exit")) {
            System.exit(0); // the shutdown hook stops everything
        }
        long stop = System.nanoTime();
        infra.close();
        System.out.println(String.format(Locale.ROOT, "STOPPED %.3f", (System.nanoTime() - stop) / 1e9));
    }

    private static String join(List<?> values) {
        return values.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
