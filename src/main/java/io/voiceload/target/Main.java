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
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        ClientResources resources = DefaultClientResources.create();
        HikariDataSource pool = infrastructure.newDataSource("voiceload-platform");
        RedisClient redis = infrastructure.newRedisClient(resources);
        HotelVoicePlatform platform = HotelVoicePlatform.start(pool, redis, port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                stop(platform, redis, pool, resources);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "voiceload-platform-stop"));
        System.out.println("voiceload platform: " + platform.baseUrl());
        System.out.flush();
        stopped.await();
    }

    /** Stops serving first, then lets go of the clients; the infrastructure stops by its own hook. */
    private static void stop(
            HotelVoicePlatform platform, RedisClient redis, HikariDataSource pool, ClientResources resources) {
        try {
            platform.close();
        } finally {
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
