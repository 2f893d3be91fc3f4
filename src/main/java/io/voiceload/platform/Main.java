package io.voiceload.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.metrics.PoolMetrics;
import io.voiceload.platform.pms.PmsOptions;
import io.voiceload.platform.pms.simulator.PmsData;
import io.voiceload.platform.pms.simulator.PmsSimulator;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the platform on its own: starts the suite's infrastructure ({@link RunningInfrastructure#shared()},
 * configured as for the tests), the PMS simulators, then the platform, prints its base URL and serves
 * until SIGTERM/SIGINT.
 *
 * <pre>java -cp &lt;classpath&gt; io.voiceload.platform.Main [--port 8080]</pre>
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        int port = port(args);
        Embedded embedded = Embedded.start(RunningInfrastructure.shared(), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                embedded.close();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "voiceload-platform-stop"));
        System.out.println("voiceload platform: " + embedded.platform().baseUrl());
        if (embedded.pms() != null) {
            System.out.println("PMS simulators: primary "
                    + embedded.pms().primary().baseUrl() + " (proxy \""
                    + Embedded.PMS_PROXY + "\" at " + embedded.pms().primaryUrl() + "), secondary "
                    + embedded.pms().secondary().baseUrl() + " (proxy \"" + Embedded.PMS_SECONDARY_PROXY + "\" at "
                    + embedded.pms().secondaryUrl() + ")");
        }
        System.out.flush();
        stopped.await();
    }

    /**
     * The platform with the pool and Redis client it runs on, on the suite's infrastructure, and its
     * upstream PMS (a primary and a secondary simulator behind the Toxiproxy proxies {@value #PMS_PROXY}
     * and {@value #PMS_SECONDARY_PROXY}), all closed together: platform, clients, then the PMS. Used by
     * {@link #main} and by the JUnit layer's {@code @WithPlatform}; the infrastructure itself stops by its
     * own hook.
     *
     * @param pms the PMS simulators and their proxies; null when the options named a PMS of their own
     */
    public record Embedded(
            HotelVoicePlatform platform,
            HikariDataSource pool,
            ClientResources resources,
            RedisClient redis,
            PmsUpstream pms)
            implements AutoCloseable {

        /** The Toxiproxy proxy in front of the primary PMS simulator. */
        public static final String PMS_PROXY = "pms";

        /** The Toxiproxy proxy in front of the secondary PMS simulator. */
        public static final String PMS_SECONDARY_PROXY = "pms_secondary";

        private static final AtomicInteger ANOTHER = new AtomicInteger();

        /** Starts the platform on {@code infrastructure}, on {@code port} (0: any free port). */
        public static Embedded start(RunningInfrastructure infrastructure, int port) {
            return start(infrastructure, PlatformOptions.builder().port(port).build());
        }

        /**
         * Starts the platform on {@code infrastructure} with these options. Unless they name a PMS
         * ({@link PmsOptions#configured()}), the PMS simulators are started too and the platform reaches
         * them through their proxies, so faults on {@value #PMS_PROXY} hit its PMS traffic.
         */
        public static Embedded start(RunningInfrastructure infrastructure, PlatformOptions options) {
            return start(infrastructure, options, PMS_PROXY, PMS_SECONDARY_PROXY);
        }

        /**
         * Starts one more platform next to the one of {@link #start}, for a test that needs other options
         * (a short token lifetime, a fault flag...). Its PMS simulators sit behind proxies of their own
         * ({@code pms_<n>}, {@code pms_secondary_<n>}; see {@link PmsUpstream#primaryProxy()}), so starting
         * and closing it never touches the proxies {@value #PMS_PROXY} and {@value #PMS_SECONDARY_PROXY}.
         */
        public static Embedded startAnother(RunningInfrastructure infrastructure, PlatformOptions options) {
            int n = ANOTHER.incrementAndGet();
            return start(infrastructure, options, PMS_PROXY + "_" + n, PMS_SECONDARY_PROXY + "_" + n);
        }

        private static Embedded start(
                RunningInfrastructure infrastructure,
                PlatformOptions options,
                String primaryProxy,
                String secondaryProxy) {
            PmsUpstream pms = null;
            PlatformOptions effective = options;
            if (!options.pms().configured()) {
                pms = PmsUpstream.start(infrastructure, primaryProxy, secondaryProxy);
                effective = options.toBuilder()
                        .pms(options.pms().toBuilder()
                                .primary(pms.primaryUrl())
                                .secondary(pms.secondaryUrl())
                                .build())
                        .build();
            }
            ClientResources resources = DefaultClientResources.create();
            RedisClient redis = infrastructure.newRedisClient(resources);
            PoolMetrics poolMetrics = new PoolMetrics(); // GET /admin/metrics: acquisition waits, timeouts
            HikariDataSource pool = infrastructure.newDataSource("voiceload-platform", poolMetrics);
            poolMetrics.bind(pool);
            try {
                return new Embedded(HotelVoicePlatform.start(pool, redis, effective), pool, resources, redis, pms);
            } catch (RuntimeException e) {
                try {
                    closeClients(pool, resources, redis);
                } finally {
                    if (pms != null) {
                        pms.close();
                    }
                }
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                platform.close();
            } finally {
                try {
                    closeClients(pool, resources, redis);
                } finally {
                    if (pms != null) {
                        pms.close();
                    }
                }
            }
        }

        private static void closeClients(HikariDataSource pool, ClientResources resources, RedisClient redis) {
            try {
                redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            } finally {
                try {
                    pool.close();
                } finally {
                    resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
                }
            }
        }
    }

    /**
     * A primary and a secondary PMS simulator over one seeded {@link PmsData} (the secondary is a perfect
     * replica because it shares the primary's memory), each behind a Toxiproxy proxy.
     *
     * @param primaryUrl the primary as the platform dials it: through proxy {@value Embedded#PMS_PROXY}
     * @param secondaryUrl the secondary, through proxy {@value Embedded#PMS_SECONDARY_PROXY}
     */
    public record PmsUpstream(
            PmsSimulator primary,
            PmsSimulator secondary,
            URI primaryUrl,
            URI secondaryUrl,
            String primaryProxy,
            String secondaryProxy,
            RunningInfrastructure infrastructure)
            implements AutoCloseable {

        /**
         * Seeds the data, starts both simulators on free loopback ports and puts the proxies of these names
         * in front.
         *
         * @throws IllegalStateException when a proxy of one of these names exists already (another
         *     platform's: use {@link Embedded#startAnother})
         */
        public static PmsUpstream start(
                RunningInfrastructure infrastructure, String primaryProxy, String secondaryProxy) {
            for (String name : List.of(primaryProxy, secondaryProxy)) {
                if (infrastructure.hasProxy(name)) {
                    throw new IllegalStateException("Toxiproxy proxy \"" + name
                            + "\" is in use by another platform in this JVM; start further platforms with"
                            + " Main.Embedded.startAnother");
                }
            }
            PmsData data = PmsData.seeded();
            PmsSimulator primary = PmsSimulator.start("primary", data, 0, Duration.ZERO);
            PmsSimulator secondary = null;
            try {
                secondary = PmsSimulator.start("secondary", data, 0, Duration.ZERO);
                HostPort primaryAddress = infrastructure.proxyTo(primaryProxy, "127.0.0.1:" + primary.port());
                HostPort secondaryAddress = infrastructure.proxyTo(secondaryProxy, "127.0.0.1:" + secondary.port());
                return new PmsUpstream(
                        primary,
                        secondary,
                        URI.create("http://" + primaryAddress),
                        URI.create("http://" + secondaryAddress),
                        primaryProxy,
                        secondaryProxy,
                        infrastructure);
            } catch (RuntimeException e) {
                try (PmsSimulator p = primary;
                        PmsSimulator s = secondary) {
                    infrastructure.removeProxy(secondaryProxy);
                    infrastructure.removeProxy(primaryProxy);
                }
                throw e;
            }
        }

        /** Removes the proxies, then stops the simulators. */
        @Override
        public void close() {
            try {
                infrastructure.removeProxy(secondaryProxy);
                infrastructure.removeProxy(primaryProxy);
            } finally {
                try (primary;
                        secondary) {
                    // secondary stops first, then primary
                }
            }
        }
    }

    private static int port(String[] args) {
        if (args.length == 0) {
            return 0;
        }
        if (args.length == 2 && args[0].equals("--port")) {
            try {
                return Integer.parseInt(args[1]);
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        System.err.println("usage: io.voiceload.platform.Main [--port <0-65535>]");
        System.exit(2);
        return -1;
    }
}
