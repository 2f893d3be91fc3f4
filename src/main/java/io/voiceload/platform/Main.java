package io.voiceload.platform;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.voiceload.platform.metrics.PoolMetrics;
import io.voiceload.platform.pms.PmsOptions;
import io.voiceload.platform.store.PoolSettings;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the platform on stores of your own, as a deployment does: Postgres and Redis at the given
 * addresses (the schema is migrated at start), optionally an upstream PMS, and serves on 127.0.0.1 until
 * SIGTERM/SIGINT. Uses nothing of the test framework. To try the platform with everything started for you
 * (embedded Postgres and Redis, the PMS simulators), run {@code io.voiceload.platform.junit.EmbeddedPlatform}
 * instead.
 *
 * <pre>
 * java -cp &lt;classpath&gt; io.voiceload.platform.Main --postgres jdbc:postgresql://127.0.0.1:5432/voiceload \
 *     --postgres-user voiceload --postgres-password secret --redis redis://127.0.0.1:6379 \
 *     [--port 8080] [--pms http://127.0.0.1:9090] [--pms-secondary http://127.0.0.1:9091] [--pool-size 10]
 *     [--planted calls.transcriptLeak,store.connectionLeakEvery=50]
 * </pre>
 *
 * <p>{@code --planted} (tests only) turns on planted bugs by name ({@link PlantedBugs}), so that a platform in a JVM
 * of its own misbehaves as a test asks.
 *
 * <p>{@code --postgres-password} may instead come from the environment variable
 * {@value #POSTGRES_PASSWORD_ENV}, which keeps it out of process listings.
 */
public final class Main {

    /** Environment variable read when {@code --postgres-password} is not given. */
    public static final String POSTGRES_PASSWORD_ENV = "VOICELOAD_POSTGRES_PASSWORD";

    private static final String USAGE = "io.voiceload.platform.Main --postgres <jdbc:postgresql://…>"
            + " [--postgres-user <name>] [--postgres-password <secret>] --redis <redis://host:port>"
            + " [--port <0-65535>] [--pms <http://…>] [--pms-secondary <http://…>] [--pool-size <1-200>]"
            + " [--planted <module.bug[=n],…> (tests only)]";

    private static final List<String> FLAGS = List.of(
            "--postgres",
            "--postgres-user",
            "--postgres-password",
            "--redis",
            "--port",
            "--pms",
            "--pms-secondary",
            "--pool-size",
            "--planted");

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Settings settings;
        try {
            settings = Settings.parse(args, System.getenv(POSTGRES_PASSWORD_ENV));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\nusage: " + USAGE);
            System.exit(2);
            return;
        }
        PoolMetrics poolMetrics = new PoolMetrics();
        HikariDataSource pool = new HikariDataSource(settings.pool(poolMetrics));
        poolMetrics.bind(pool);
        RedisClient redis = RedisClient.create(settings.redis());
        HotelVoicePlatform platform;
        try {
            platform = HotelVoicePlatform.start(pool, redis, settings.options());
        } catch (RuntimeException e) {
            redis.shutdown();
            pool.close();
            throw e;
        }
        System.out.println("voiceload platform: " + platform.baseUrl());
        serveUntilStopped(() -> {
            try {
                platform.close();
            } finally {
                try {
                    redis.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                } finally {
                    pool.close();
                }
            }
        });
    }

    /**
     * The command line of {@link #main}, checked: every flag known and given a value, each value of its
     * form.
     *
     * @param environmentPassword the value of {@value #POSTGRES_PASSWORD_ENV}, or null
     */
    record Settings(
            String jdbcUrl, String user, String password, RedisURI redis, int poolSize, PlatformOptions options) {

        static Settings parse(String[] args, String environmentPassword) {
            Map<String, String> values = flags(args);
            String jdbcUrl = values.get("--postgres");
            if (jdbcUrl == null || !jdbcUrl.startsWith("jdbc:postgresql://")) {
                throw new IllegalArgumentException("--postgres must be a JDBC URL jdbc:postgresql://host:port/database"
                        + (jdbcUrl == null ? ", and is missing" : ", not " + jdbcUrl));
            }
            String redisText = values.get("--redis");
            if (redisText == null || !(redisText.startsWith("redis://") || redisText.startsWith("rediss://"))) {
                throw new IllegalArgumentException("--redis must be redis://host:port or rediss://host:port"
                        + (redisText == null ? ", and is missing" : ", not " + redisText));
            }
            RedisURI redis;
            try {
                redis = RedisURI.create(redisText);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--redis is not a Redis URI: " + redisText, e);
            }
            int port = number(values, "--port", 0, 0, 65_535);
            int poolSize = number(values, "--pool-size", 10, 1, 200);
            PlatformOptions.Builder options = PlatformOptions.builder().port(port);
            URI pms = url(values, "--pms");
            URI secondary = url(values, "--pms-secondary");
            if (secondary != null && pms == null) {
                throw new IllegalArgumentException("--pms-secondary needs --pms (the primary)");
            }
            if (pms != null) {
                options.pms(
                        PmsOptions.builder().primary(pms).secondary(secondary).build());
            }
            String planted = values.get("--planted");
            if (planted != null) {
                PlantedBugs.parse(planted).forEach(options::faults);
            }
            String password = values.getOrDefault("--postgres-password", environmentPassword);
            return new Settings(jdbcUrl, values.get("--postgres-user"), password, redis, poolSize, options.build());
        }

        /** The platform's pool, its acquisitions reported to {@code metrics} for {@code GET /admin/metrics}. */
        HikariConfig pool(PoolMetrics metrics) {
            HikariConfig config = new HikariConfig();
            config.setPoolName("voiceload-platform");
            config.setJdbcUrl(jdbcUrl);
            if (user != null) {
                config.setUsername(user);
            }
            if (password != null) {
                config.setPassword(password);
            }
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(poolSize);
            PoolSettings.applyTo(config);
            config.setMetricsTrackerFactory(metrics);
            return config;
        }

        @Override
        public String toString() { // never the password
            return "Settings[" + jdbcUrl + ", user " + user + ", " + redis + ", pool " + poolSize + "]";
        }

        private static Map<String, String> flags(String[] args) {
            Map<String, String> values = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                String flag = args[i];
                if (!FLAGS.contains(flag)) {
                    throw new IllegalArgumentException("unknown option " + flag + "; the options are " + FLAGS);
                }
                if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                    throw new IllegalArgumentException(flag + " needs a value");
                }
                if (values.put(flag, args[i + 1]) != null) {
                    throw new IllegalArgumentException(flag + " is given twice");
                }
            }
            return values;
        }

        private static int number(Map<String, String> values, String flag, int absent, int min, int max) {
            String text = values.get(flag);
            if (text == null) {
                return absent;
            }
            try {
                int n = Integer.parseInt(text);
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(
                    flag + " must be a whole number from " + min + " to " + max + ", not " + text);
        }

        private static URI url(Map<String, String> values, String flag) {
            String text = values.get(flag);
            if (text == null) {
                return null;
            }
            try {
                URI uri = URI.create(text);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (IllegalArgumentException e) {
                // reported below
            }
            throw new IllegalArgumentException(flag + " must be an http:// or https:// URL, not " + text);
        }
    }

    /**
     * The port of a {@code [--port <n>]} command line (0 when absent); prints {@code usage} and exits with 2
     * on anything else.
     */
    public static int port(String[] args, String usage) {
        if (args.length == 0) {
            return 0;
        }
        if (args.length == 2 && args[0].equals("--port")) {
            try {
                int port = Integer.parseInt(args[1]);
                if (port >= 0 && port <= 65_535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        System.err.println("usage: " + usage);
        System.exit(2);
        return -1;
    }

    /** Blocks until SIGTERM/SIGINT, then closes {@code running} (from the shutdown hook) and returns. */
    public static void serveUntilStopped(AutoCloseable running) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                running.close();
                            } catch (Exception e) {
                                e.printStackTrace();
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "voiceload-platform-stop"));
        System.out.flush();
        stopped.await();
    }
}
