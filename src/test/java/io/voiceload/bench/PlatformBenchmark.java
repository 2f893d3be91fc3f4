package io.voiceload.bench;

import com.sun.management.OperatingSystemMXBean;
import io.voiceload.http.Http;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RequestStats;
import io.voiceload.load.RunOptions;
import io.voiceload.load.VirtualUser;
import io.voiceload.load.Warmup;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The reference platform's own throughput on this machine, so that later load figures can be read
 * against it: a light authenticated GET ({@code GET /auth/me}: JWT check and the session lookup in
 * Redis), a cached read ({@code GET /calls/{id}}) and call creation ({@code POST /calls}: a Postgres
 * insert and a Redis write), each driven by the engine with the fast client, closed model, every virtual
 * user logged in (beforehand) as its own demo user. It prints a table and never asserts.
 *
 * <pre>{@code
 * mvn -Pbench verify -DskipTests        # runs all benchmarks
 * java -cp target/classes:target/test-classes:<deps> io.voiceload.bench.PlatformBenchmark [users] [seconds]
 * }</pre>
 *
 * <p>Limitations: generator, platform, Postgres and Redis share the machine's cores, as they do in the
 * suite; the CPU column is this JVM's (generator and platform), not Postgres's or Redis's. Three
 * repetitions give a median and a range, not a confidence interval.
 */
public final class PlatformBenchmark {

    private static final int REPETITIONS = 3;
    private static final Duration WARMUP = Duration.ofSeconds(5);
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);

    private PlatformBenchmark() {}

    /** One figure set of one run. */
    private record Run(double rps, Duration p50, Duration p99, long failures, double cpuMicrosPerRequest) {}

    public static void main(String[] args) throws Exception {
        int users = args.length > 0 ? Integer.parseInt(args[0]) : 32;
        Duration measure = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10);
        long start = System.nanoTime();
        System.out.printf(
                Locale.ROOT,
                "voiceload platform benchmark | JDK %s | %d cores | %d users, closed model, %d s warm-up +"
                        + " %d s measured, median of %d [min..max]%n",
                System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                users,
                WARMUP.toSeconds(),
                measure.toSeconds(),
                REPETITIONS);
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        try (EmbeddedPlatform platform = EmbeddedPlatform.start(infrastructure, 0)) {
            PlatformEndpoint endpoint = new PlatformEndpoint(platform.platform().baseUrl(), true);
            // Each virtual user its own demo user, logged in before the runs (bcrypt is dear by design and
            // would otherwise be measured as part of the first seconds of every run).
            Map<Integer, String> tokens = new ConcurrentHashMap<>();
            for (int id = 0; id < users; id++) {
                tokens.put(id, endpoint.login(UserRole.FRONT_DESK, id).authorization());
            }
            try (Http http = Http.builder(endpoint.baseUrl().toString())
                    .defaultHeader("Authorization", () -> VirtualUser.current()
                            .map(u -> tokens.get(u.id()))
                            .orElse(null))
                    .requestTimeout(Duration.ofSeconds(10))
                    .build()) {
                String callId = http.post("/calls")
                        .header(
                                "Authorization",
                                endpoint.login(UserRole.FRONT_DESK, 0).authorization())
                        .json(newCall())
                        .expect(201)
                        .send()
                        .json()
                        .path("id")
                        .asText();
                Map<String, IterationBody> scenarios = new LinkedHashMap<>();
                scenarios.put("GET /auth/me", user -> http.get("/auth/me").send());
                scenarios.put("GET /calls/{id}", user -> http.get("/calls/{id}", callId)
                        .send());
                scenarios.put(
                        "POST /calls",
                        user -> http.post("/calls").json(newCall()).expect(201).send());
                System.out.printf(
                        Locale.ROOT,
                        "%n| request | req/s | p50 | p99 | failures | JVM CPU µs/req (generator + platform) |%n"
                                + "|---|---|---|---|---|---|%n");
                for (Map.Entry<String, IterationBody> scenario : scenarios.entrySet()) {
                    List<Run> runs = new ArrayList<>();
                    for (int i = 0; i < REPETITIONS; i++) {
                        runs.add(run(scenario.getKey(), scenario.getValue(), users, measure));
                    }
                    print(scenario.getKey(), runs);
                }
            }
        } finally {
            RunningInfrastructure.stopShared();
        }
        System.out.printf(Locale.ROOT, "%nbenchmark took %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    private static Run run(String name, IterationBody body, int users, Duration measure) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        LoadPlan plan = LoadPlan.closed(users)
                .name(name)
                .duration(measure)
                .warmup(Warmup.of(WARMUP))
                .build();
        long cpuBefore = os.getProcessCpuTime();
        LoadResult result = LoadRunner.run(plan, body, QUIET);
        RequestStats stats = result.request(name);
        // CPU over the whole run, warm-up included, divided by every request of the run.
        long cpu = os.getProcessCpuTime() - cpuBefore;
        long requests = stats.count() + result.warmupIterations().count();
        return new Run(
                stats.successThroughput(),
                stats.percentile(50),
                stats.percentile(99),
                stats.failures(),
                requests == 0 ? 0 : cpu / 1_000.0 / requests);
    }

    private static void print(String name, List<Run> runs) {
        List<Run> byRps =
                runs.stream().sorted(Comparator.comparingDouble(Run::rps)).toList();
        Run median = byRps.get(byRps.size() / 2);
        System.out.printf(
                Locale.ROOT,
                "| `%s` | %,.0f [%,.0f..%,.0f] | %.2f ms | %.2f ms | %d | %.0f |%n",
                name,
                median.rps(),
                byRps.getFirst().rps(),
                byRps.getLast().rps(),
                median.p50().toNanos() / 1e6,
                median.p99().toNanos() / 1e6,
                runs.stream().mapToLong(Run::failures).sum(),
                median.cpuMicrosPerRequest());
    }

    private static Map<String, Object> newCall() {
        return Map.of(
                "hotelId", "grand-zurich",
                "callerNumber", "+41446681800",
                "direction", "inbound",
                "language", "en-US",
                "department", "front_desk");
    }
}
