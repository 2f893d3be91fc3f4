package io.voiceload.platform.junit;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.HotelVoicePlatform;
import io.voiceload.platform.Main;
import io.voiceload.platform.PlatformOptions;
import io.voiceload.platform.metrics.PoolMetrics;
import io.voiceload.platform.pms.PmsOptions;
import io.voiceload.platform.store.PoolSettings;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The platform with the pool and Redis client it runs on, on the suite's infrastructure, and its
 * upstream PMS (a primary and a secondary simulator behind the Toxiproxy proxies {@value #PMS_PROXY}
 * and {@value #PMS_SECONDARY_PROXY}), all closed together: platform, clients, then the PMS. Used by
 * {@link WithPlatform @WithPlatform} and by {@link #main}; the infrastructure itself stops by its own hook.
 *
 * @param pms the PMS simulators and their proxies; null when the options named a PMS of their own
 */
public record EmbeddedPlatform(HotelVoicePlatform platform, HikariDataSource pool, RedisClient redis, PmsUpstream pms)
        implements AutoCloseable {

    /** The Toxiproxy proxy in front of the primary PMS simulator. */
    public static final String PMS_PROXY = "pms";

    /** The Toxiproxy proxy in front of the secondary PMS simulator. */
    public static final String PMS_SECONDARY_PROXY = "pms_secondary";

    private static final AtomicInteger ANOTHER = new AtomicInteger();

    /**
     * Runs the platform on its own, for a person to try it: starts the suite's infrastructure
     * ({@link RunningInfrastructure#shared()}, configured as for the tests: embedded Postgres and Redis, or
     * containers, or the configured addresses), the PMS simulators, then the platform, prints the addresses
     * and serves until SIGTERM/SIGINT. To run the platform on stores of your own, use
     * {@link io.voiceload.platform.Main}.
     *
     * <pre>java -cp &lt;classpath&gt; io.voiceload.platform.junit.EmbeddedPlatform [--port 8080]</pre>
     */
    public static void main(String[] args) throws InterruptedException {
        int port = Main.port(args, "io.voiceload.platform.junit.EmbeddedPlatform [--port <0-65535>]");
        EmbeddedPlatform embedded = start(RunningInfrastructure.shared(), port);
        System.out.println("voiceload platform: " + embedded.platform().baseUrl());
        if (embedded.pms() != null) {
            System.out.println("PMS simulators: primary "
                    + embedded.pms().primary().baseUrl() + " (proxy \""
                    + PMS_PROXY + "\" at " + embedded.pms().primaryUrl() + "), secondary "
                    + embedded.pms().secondary().baseUrl() + " (proxy \"" + PMS_SECONDARY_PROXY + "\" at "
                    + embedded.pms().secondaryUrl() + ")");
        }
        Main.serveUntilStopped(embedded);
    }

    /** Starts the platform on {@code infrastructure}, on {@code port} (0: any free port). */
    public static EmbeddedPlatform start(RunningInfrastructure infrastructure, int port) {
        return start(infrastructure, PlatformOptions.builder().port(port).build());
    }

    /**
     * Starts the platform on {@code infrastructure} with these options. Unless they name a PMS
     * ({@link PmsOptions#configured()}), the PMS simulators are started too and the platform reaches
     * them through their proxies, so faults on {@value #PMS_PROXY} hit its PMS traffic.
     */
    public static EmbeddedPlatform start(RunningInfrastructure infrastructure, PlatformOptions options) {
        return start(infrastructure, options, PMS_PROXY, PMS_SECONDARY_PROXY);
    }

    /**
     * Starts one more platform next to the one of {@link #start}, for a test that needs other options
     * (a short token lifetime, a fault flag...). Its PMS simulators sit behind proxies of their own
     * ({@code pms_<n>}, {@code pms_secondary_<n>}; see {@link PmsUpstream#primaryProxy()}), so starting
     * and closing it never touches the proxies {@value #PMS_PROXY} and {@value #PMS_SECONDARY_PROXY}.
     */
    public static EmbeddedPlatform startAnother(RunningInfrastructure infrastructure, PlatformOptions options) {
        int n = anotherNumber();
        return start(infrastructure, options, PMS_PROXY + "_" + n, PMS_SECONDARY_PROXY + "_" + n);
    }

    /** The number of the next platform started beside the suite's (its proxies' suffix). */
    static int anotherNumber() {
        return ANOTHER.incrementAndGet();
    }

    private static EmbeddedPlatform start(
            RunningInfrastructure infrastructure, PlatformOptions options, String primaryProxy, String secondaryProxy) {
        PmsUpstream pms =
                options.pms().configured() ? null : PmsUpstream.start(infrastructure, primaryProxy, secondaryProxy);
        // From here on a failure undoes what was started: a pool that cannot connect (HikariCP's constructor
        // throws) must not leave the simulators, their proxies or a client behind for the next start to trip on.
        RedisClient redis = null;
        HikariDataSource pool = null;
        try {
            PlatformOptions effective = pms == null
                    ? options
                    : options.toBuilder()
                            .pms(options.pms().toBuilder()
                                    .primary(pms.primaryUrl())
                                    .secondary(pms.secondaryUrl())
                                    .build())
                            .build();
            redis = infrastructure.newRedisClient(); // event loops of its own: its shutdown stops them
            PoolMetrics poolMetrics = new PoolMetrics(); // GET /admin/metrics: acquisition waits, timeouts
            // The platform's own timeouts (PoolSettings): short, so that outages answer 503 and heal fast.
            pool = infrastructure.newDataSource("voiceload-platform", poolMetrics, PoolSettings::applyTo);
            poolMetrics.bind(pool);
            return new EmbeddedPlatform(HotelVoicePlatform.start(pool, redis, effective), pool, redis, pms);
        } catch (RuntimeException e) {
            try {
                closeClients(pool, redis);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            } finally {
                if (pms != null) {
                    try {
                        pms.close();
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
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
                closeClients(pool, redis);
            } finally {
                if (pms != null) {
                    pms.close();
                }
            }
        }
    }

    /** Shuts down the Redis client (and with it its event loops), then closes the pool; either may be null. */
    private static void closeClients(HikariDataSource pool, RedisClient redis) {
        try {
            if (redis != null) {
                redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        } finally {
            if (pool != null) {
                pool.close();
            }
        }
    }
}
