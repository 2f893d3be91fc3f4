package io.voiceload.junit;

import com.zaxxer.hikari.HikariDataSource;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.voiceload.config.Overrides;
import io.voiceload.config.Sourced;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.target.HotelVoicePlatform;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Implements {@link WithPlatform}: resolves {@link PlatformEndpoint}, starting the embedded platform in
 * the root store (closed at the end of the run) unless {@code loadtest.target.baseUrl} is set. The
 * platform is keyed by the running infrastructure, so a restarted infrastructure (after a nested engine
 * run stopped it) gets a fresh platform.
 */
final class PlatformExtension implements BeforeAllCallback, ParameterResolver {

    static final Namespace NAMESPACE = Namespace.create(PlatformExtension.class);

    private record Key(RunningInfrastructure infrastructure) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        PlatformEndpoint endpoint = endpoint(context);
        context.publishReportEntry(
                "voiceload.platform", endpoint.baseUrl() + (endpoint.embedded() ? " (embedded)" : ""));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PlatformEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return endpoint(extensionContext);
    }

    private static PlatformEndpoint endpoint(ExtensionContext context) {
        Optional<URI> external = Overrides.fromSystem().targetBaseUrl().map(Sourced::value);
        if (external.isPresent()) {
            return new PlatformEndpoint(external.get(), false);
        }
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        // Registered before the platform, so closed after it.
        root.getOrComputeIfAbsent(
                SharedInfrastructureStop.class, k -> new SharedInfrastructureStop(), SharedInfrastructureStop.class);
        EmbeddedPlatform platform = root.getOrComputeIfAbsent(
                new Key(infrastructure), k -> EmbeddedPlatform.start(infrastructure), EmbeddedPlatform.class);
        return new PlatformEndpoint(platform.platform().baseUrl(), true);
    }

    /** The platform with the pool and Redis client it runs on, all closed together, platform first. */
    private record EmbeddedPlatform(
            HotelVoicePlatform platform, HikariDataSource pool, ClientResources resources, RedisClient redis)
            implements AutoCloseable {

        static EmbeddedPlatform start(RunningInfrastructure infrastructure) {
            ClientResources resources = DefaultClientResources.create();
            RedisClient redis = infrastructure.newRedisClient(resources);
            HikariDataSource pool = infrastructure.newDataSource("voiceload-platform");
            try {
                return new EmbeddedPlatform(HotelVoicePlatform.start(pool, redis), pool, resources, redis);
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

    /** Stops the shared infrastructure when the engine's root store closes (the end of the run). */
    private static final class SharedInfrastructureStop implements AutoCloseable {
        @Override
        public void close() {
            RunningInfrastructure.stopShared();
        }
    }
}
