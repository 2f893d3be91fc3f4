package io.voiceload.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.platform.audio.AudioFaults;
import io.voiceload.platform.audio.AudioModule;
import io.voiceload.platform.auth.AuthFaults;
import io.voiceload.platform.auth.AuthModule;
import io.voiceload.platform.calls.CallCache;
import io.voiceload.platform.calls.CallFaults;
import io.voiceload.platform.calls.CallRoutes;
import io.voiceload.platform.calls.CallStore;
import io.voiceload.platform.calls.CallTranscriptCache;
import io.voiceload.platform.health.HealthRoutes;
import io.voiceload.platform.http.ErrorResponses;
import io.voiceload.platform.metrics.MetricsRoutes;
import io.voiceload.platform.metrics.RedisConnections;
import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.module.PlatformContext;
import io.voiceload.platform.module.PlatformModule;
import io.voiceload.platform.pms.PmsFaults;
import io.voiceload.platform.pms.PmsModule;
import io.voiceload.platform.routing.Router;
import io.voiceload.platform.routing.RoutingFaults;
import io.voiceload.platform.routing.RoutingRoutes;
import io.voiceload.platform.store.ConnectionLeak;
import io.voiceload.platform.store.Migrations;
import io.voiceload.platform.store.StoreFaults;
import io.voiceload.platform.voice.VoiceFaults;
import io.voiceload.platform.voice.VoiceModule;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
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
 * client and closes it, but never closes the pool or the client. The API is made of
 * {@link PlatformModule}s: auth, calls with routing, audio, voice stream and PMS connector.
 */
public final class HotelVoicePlatform implements AutoCloseable {

    /** Largest accepted request body; larger ones get 413. */
    public static final long MAX_REQUEST_BYTES = 64 * 1024;

    /** Redis command timeout: the cache must never hold a request up for long. */
    public static final Duration REDIS_TIMEOUT = Duration.ofMillis(500);

    /** Sticky connections kept by the planted bug {@link StoreFaults} when the pool's size is unknown. */
    private static final int STICKY_SIZE = 10;

    private static final Logger LOG = LoggerFactory.getLogger(HotelVoicePlatform.class);

    private final Javalin app;
    private final StatefulRedisConnection<String, String> redis;
    private final List<PlatformModule> modules;
    private final URI baseUrl;

    private HotelVoicePlatform(
            Javalin app, StatefulRedisConnection<String, String> redis, List<PlatformModule> modules, URI baseUrl) {
        this.app = app;
        this.redis = redis;
        this.modules = List.copyOf(modules);
        this.baseUrl = baseUrl;
    }

    /** Starts on a random free port of 127.0.0.1 with default options. */
    public static HotelVoicePlatform start(DataSource dataSource, RedisClient redisClient) {
        return start(dataSource, redisClient, PlatformOptions.defaults());
    }

    /** Migrates the schema, connects to Redis, starts every module and serves on 127.0.0.1. */
    public static HotelVoicePlatform start(DataSource dataSource, RedisClient redisClient, PlatformOptions options) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(redisClient, "redisClient");
        Objects.requireNonNull(options, "options");
        long start = System.nanoTime();
        Migrations.apply(dataSource);
        RedisConnections redisConnections = new RedisConnections(redisClient); // before the first connection
        StatefulRedisConnection<String, String> redis;
        try {
            redis = redisClient.connect();
        } catch (RuntimeException e) {
            redisConnections.close();
            throw e;
        }
        redis.setTimeout(REDIS_TIMEOUT);
        List<PlatformModule> modules = new ArrayList<>();
        modules.add(redisConnections); // first: the last module closed
        try {
            StoreFaults storeFaults = options.faults(StoreFaults.class).orElse(StoreFaults.NONE);
            DataSource store = storeFaults.dataSource(
                    dataSource, dataSource instanceof HikariDataSource pool ? pool.getMaximumPoolSize() : STICKY_SIZE);
            if (store != dataSource && store instanceof AutoCloseable sticky) {
                modules.add(closing(sticky)); // first: closed last, after every module that uses it
            }
            PlatformContext context = new PlatformContext(store, redisClient, redis);
            // Auth first: its handlers must run before any other module's.
            modules.add(new AuthModule(
                    context, options.auth(), options.faults(AuthFaults.class).orElse(AuthFaults.NONE)));
            if (storeFaults.connectionLeakEvery() > 0) {
                modules.add(new ConnectionLeak(store, storeFaults.connectionLeakEvery()));
            }
            modules.add(coreModule(
                    context,
                    options.faults(CallFaults.class).orElse(CallFaults.NONE),
                    options.faults(RoutingFaults.class).orElse(RoutingFaults.NONE)));
            modules.add(new AudioModule(
                    context, options.audio(), options.faults(AudioFaults.class).orElse(AudioFaults.NONE)));
            modules.add(new VoiceModule(
                    context, options.voice(), options.faults(VoiceFaults.class).orElse(VoiceFaults.NONE)));
            modules.add(new PmsModule(
                    context, options.pms(), options.faults(PmsFaults.class).orElse(PmsFaults.NONE)));
            Map<String, Callable<Void>> readiness = new LinkedHashMap<>();
            modules.forEach(m -> readiness.putAll(m.readinessChecks()));
            HealthRoutes health = new HealthRoutes(store, redis, readiness);
            MetricsRoutes metrics = new MetricsRoutes(dataSource, modules);
            Javalin app = Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.concurrency.useVirtualThreads = true;
                config.jetty.host = "127.0.0.1";
                config.jetty.port = options.port();
                config.http.maxRequestSize = MAX_REQUEST_BYTES;
                ErrorResponses.install(config.routes);
                modules.forEach(m -> m.install(config));
                health.install(config.routes);
                metrics.install(config.routes);
            });
            app.start();
            URI baseUrl = URI.create("http://127.0.0.1:" + app.port());
            List<ModuleFaults> faults =
                    options.faults().stream().filter(ModuleFaults::any).toList();
            if (!faults.isEmpty()) {
                LOG.warn("hotel voice platform at {} misbehaves on purpose (test faults): {}", baseUrl, faults);
            }
            LOG.info(
                    "hotel voice platform serving at {} (started in {} ms)",
                    baseUrl,
                    (System.nanoTime() - start) / 1_000_000);
            return new HotelVoicePlatform(app, redis, modules, baseUrl);
        } catch (RuntimeException e) {
            closeAll(modules, redis);
            throw e;
        }
    }

    /** A module that installs nothing and closes {@code resource}. */
    private static PlatformModule closing(AutoCloseable resource) {
        return new PlatformModule() {
            @Override
            public void install(io.javalin.config.JavalinConfig config) {}

            @Override
            public void close() {
                try {
                    resource.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close " + resource, e);
                }
            }
        };
    }

    /** Calls, call events, routing and transfer: routing shares the calls' store and cache. */
    private static PlatformModule coreModule(
            PlatformContext context, CallFaults callFaults, RoutingFaults routingFaults) {
        CallStore store = new CallStore(context.dataSource(), callFaults);
        CallCache cache = new CallCache(context.redis(), callFaults.failOnCacheError());
        CallRoutes calls = new CallRoutes(store, cache, callFaults.transcriptLeak() ? new CallTranscriptCache() : null);
        RoutingRoutes routing = new RoutingRoutes(new Router(context.dataSource()), store, cache, routingFaults);
        return config -> {
            calls.install(config.routes);
            routing.install(config.routes);
        };
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public URI baseUrl() {
        return baseUrl;
    }

    /** Stops serving, closes every module (last started first) and the platform's Redis connection. */
    @Override
    public void close() {
        try {
            app.stop();
        } finally {
            closeAll(modules, redis);
        }
    }

    private static void closeAll(List<PlatformModule> modules, StatefulRedisConnection<String, String> redis) {
        RuntimeException failure = null;
        for (PlatformModule module : modules.reversed()) {
            try {
                module.close();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        redis.close();
        if (failure != null) {
            throw failure;
        }
    }
}
