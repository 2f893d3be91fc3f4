package io.voiceload.target;

import io.javalin.Javalin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.target.calls.CallCache;
import io.voiceload.target.calls.CallRoutes;
import io.voiceload.target.calls.CallStore;
import io.voiceload.target.health.HealthRoutes;
import io.voiceload.target.http.ErrorResponses;
import io.voiceload.target.routing.Router;
import io.voiceload.target.routing.RoutingRoutes;
import io.voiceload.target.store.Migrations;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reference hotel voice-AI backend, in-process: an HTTP API on 127.0.0.1 (virtual threads) over
 * Postgres (schema by Flyway migrations, applied at start) and Redis.
 *
 * <pre>{@code
 * try (HotelVoicePlatform platform = HotelVoicePlatform.start(dataSource, redisClient)) {
 *     URI calls = platform.baseUrl().resolve("/calls");
 * }
 * }</pre>
 *
 * <p>The data source and Redis client are the caller's: the platform opens one Redis connection on the
 * client and closes it, but never closes the pool or the client. Limitation of this version: calls,
 * call events, routing and transfer, and health only (no auth, audio, PMS or voice stream yet).
 */
public final class HotelVoicePlatform implements AutoCloseable {

    /** Largest accepted request body; larger ones get 413. */
    public static final long MAX_REQUEST_BYTES = 64 * 1024;

    /** Redis command timeout: the cache must never hold a request up for long. */
    public static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

    private static final Logger LOG = LoggerFactory.getLogger(HotelVoicePlatform.class);

    private final Javalin app;
    private final StatefulRedisConnection<String, String> redis;
    private final URI baseUrl;

    private HotelVoicePlatform(Javalin app, StatefulRedisConnection<String, String> redis, URI baseUrl) {
        this.app = app;
        this.redis = redis;
        this.baseUrl = baseUrl;
    }

    /** Starts on a random free port of 127.0.0.1. */
    public static HotelVoicePlatform start(DataSource dataSource, RedisClient redisClient) {
        return start(dataSource, redisClient, 0);
    }

    /**
     * Migrates the schema, connects to Redis and starts serving on 127.0.0.1:{@code port} (0: a random
     * free port).
     */
    public static HotelVoicePlatform start(DataSource dataSource, RedisClient redisClient, int port) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(redisClient, "redisClient");
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (random) or 1-65535, not " + port);
        }
        long start = System.nanoTime();
        Migrations.apply(dataSource);
        StatefulRedisConnection<String, String> redis = redisClient.connect();
        redis.setTimeout(REDIS_TIMEOUT);
        try {
            CallStore store = new CallStore(dataSource);
            CallCache cache = new CallCache(redis);
            CallRoutes calls = new CallRoutes(store, cache);
            RoutingRoutes routing = new RoutingRoutes(new Router(dataSource), store, cache);
            HealthRoutes health = new HealthRoutes(dataSource, redis);
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.concurrency.useVirtualThreads = true;
                config.jetty.host = "127.0.0.1";
                config.jetty.port = port;
                config.http.maxRequestSize = MAX_REQUEST_BYTES;
                ErrorResponses.install(config.routes);
                calls.install(config.routes);
                routing.install(config.routes);
                health.install(config.routes);
            });
            app.start();
            URI baseUrl = URI.create("http://127.0.0.1:" + app.port());
            LOG.info(
                    "hotel voice platform serving at {} (started in {} ms)",
                    baseUrl,
                    (System.nanoTime() - start) / 1_000_000);
            return new HotelVoicePlatform(app, redis, baseUrl);
        } catch (RuntimeException e) {
            redis.close();
            throw e;
        }
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Stops serving and closes the platform's Redis connection. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            redis.close();
        }
    }
}
