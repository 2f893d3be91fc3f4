package io.voiceload.target;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.voiceload.infra.RunningInfrastructure;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the platform on its own: starts the suite's infrastructure ({@link RunningInfrastructure#shared()},
 * configured as for the tests), then the platform, prints its base URL and serves until SIGTERM/SIGINT.
 *
 * <pre>java -cp &lt;classpath&gt; io.voiceload.target.Main [--port 8080]</pre>
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
        System.out.flush();
        stopped.await();
    }

    /**
     * The platform with the pool and Redis client it runs on, on the suite's infrastructure, all
     * closed together, platform first. Used by {@link #main} and by the JUnit layer's
     * {@code @WithPlatform}; the infrastructure itself stops by its own hook.
     */
    public record Embedded(
            HotelVoicePlatform platform, HikariDataSource pool, ClientResources resources, RedisClient redis)
            implements AutoCloseable {

        /** Starts the platform on {@code infrastructure}, on {@code port} (0: any free port). */
        public static Embedded start(RunningInfrastructure infrastructure, int port) {
            return start(infrastructure, PlatformOptions.defaults().withPort(port));
        }

        /** Starts the platform on {@code infrastructure} with these options. */
        public static Embedded start(RunningInfrastructure infrastructure, PlatformOptions options) {
            ClientResources resources = DefaultClientResources.create();
            RedisClient redis = infrastructure.newRedisClient(resources);
            HikariDataSource pool = infrastructure.newDataSource("voiceload-platform");
            try {
                return new Embedded(HotelVoicePlatform.start(pool, redis, options), pool, resources, redis);
            } catch (RuntimeException e) {
                closeClients(pool, resources, redis);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                platform.close();
            } finally {
                closeClients(pool, resources, redis);
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
        System.err.println("usage: io.voiceload.target.Main [--port <0-65535>]");
        System.exit(2);
        return -1;
    }
}
