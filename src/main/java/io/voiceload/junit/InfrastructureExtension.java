package io.voiceload.junit;

import com.zaxxer.hikari.HikariDataSource;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.infra.Dependency;
import io.voiceload.infra.Infrastructure;
import io.voiceload.infra.RunningInfrastructure;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Implements {@link WithInfrastructure}: checks the run's configuration ({@link Preflight}, once per run: an
 * invalid one starts nothing), starts (or joins) the shared infrastructure before the tests,
 * registers its stop in the root store, resolves the parameters, and resets every proxy after each
 * test. The pool, the Redis client (with event loops of its own) and its connection live in the test
 * class's store; JUnit closes them in reverse order. They are keyed by the running infrastructure, so a
 * restarted infrastructure (after a nested engine run stopped it) gets fresh ones.
 */
final class InfrastructureExtension
        implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

    static final Namespace NAMESPACE = Namespace.create(InfrastructureExtension.class);

    private static final Set<Class<?>> TYPES = Set.of(
            DataSource.class,
            RedisClient.class,
            StatefulRedisConnection.class,
            ToxiproxyClient.class,
            Proxy.class,
            Infrastructure.class);

    /** Store keys of per-class resources: one per kind and running infrastructure. */
    private record Key(String kind, RunningInfrastructure infrastructure) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        Preflight.checkConfiguration(context);
        RunningInfrastructure infrastructure = infrastructure(context);
        context.publishReportEntry(
                "voiceload.infrastructure", infrastructure.info().summary());
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Preflight.checkConfiguration(context);
        infrastructure(context);
    }

    /**
     * Resets the proxies even when the test failed (after-each callbacks always run). The class's pool
     * then replaces its connections: a fault (even one the test reset itself) may have killed them, and
     * HikariCP hands out a connection used in the last 500 ms without checking it. Lettuce reconnects by
     * itself.
     */
    @Override
    public void afterEach(ExtensionContext context) {
        Optional<RunningInfrastructure> running = RunningInfrastructure.sharedIfStarted();
        if (running.isPresent()) {
            running.get().resetFaults();
            HikariDataSource pool = classContext(context)
                    .getStore(NAMESPACE)
                    .get(new Key("dataSource", running.get()), HikariDataSource.class);
            if (pool != null && pool.getHikariPoolMXBean() != null) {
                pool.getHikariPoolMXBean().softEvictConnections();
            }
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return TYPES.contains(parameterContext.getParameter().getType());
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Preflight.checkConfiguration(extensionContext);
        Parameter parameter = parameterContext.getParameter();
        Class<?> type = parameter.getType();
        RunningInfrastructure infrastructure = infrastructure(extensionContext);
        ExtensionContext.Store classStore = classContext(extensionContext).getStore(NAMESPACE);
        if (type == Infrastructure.class) {
            return infrastructure.info();
        }
        if (type == ToxiproxyClient.class) {
            return infrastructure.toxiproxyClient();
        }
        if (type == Proxy.class) {
            return proxy(parameterContext, infrastructure);
        }
        if (type == DataSource.class) {
            String pool = "voiceload-"
                    + classContext(extensionContext).getRequiredTestClass().getSimpleName();
            return classStore.getOrComputeIfAbsent(
                    new Key("dataSource", infrastructure),
                    k -> infrastructure.newDataSource(pool),
                    HikariDataSource.class);
        }
        if (type == RedisClient.class) {
            return redisClient(extensionContext, infrastructure).client();
        }
        checkStringCodec(parameterContext);
        RedisClient client = redisClient(extensionContext, infrastructure).client();
        return classStore.getOrComputeIfAbsent(
                new Key("redisConnection", infrastructure), k -> client.connect(), StatefulRedisConnection.class);
    }

    private static RunningInfrastructure infrastructure(ExtensionContext context) {
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        SharedInfrastructureStop.class,
                        k -> new SharedInfrastructureStop(),
                        SharedInfrastructureStop.class);
        return infrastructure;
    }

    private static Proxy proxy(ParameterContext parameterContext, RunningInfrastructure infrastructure) {
        Optional<ProxyOf> proxyOf = parameterContext.findAnnotation(ProxyOf.class);
        String where = describe(parameterContext);
        if (proxyOf.isEmpty()) {
            throw new ParameterResolutionException(where + ": a Proxy parameter needs @ProxyOf(Dependency.POSTGRES)"
                    + " or @ProxyOf(Dependency.REDIS) to say which proxy it wants");
        }
        if (proxyOf.get().value() == Dependency.TOXIPROXY) {
            throw new ParameterResolutionException(
                    where + ": @ProxyOf(Dependency.TOXIPROXY) names no proxy;" + " proxies exist for "
                            + Arrays.toString(new Dependency[] {Dependency.POSTGRES, Dependency.REDIS}));
        }
        return infrastructure.proxy(proxyOf.get().value());
    }

    private static void checkStringCodec(ParameterContext parameterContext) {
        Type generic = parameterContext.getParameter().getParameterizedType();
        if (generic instanceof ParameterizedType p
                && !Arrays.stream(p.getActualTypeArguments()).allMatch(t -> t == String.class)) {
            throw new ParameterResolutionException(describe(parameterContext) + ": only StatefulRedisConnection<String,"
                    + " String> is provided (UTF-8 string codec), not " + generic.getTypeName()
                    + "; inject RedisClient and connect with your own codec");
        }
    }

    private static RedisClientResource redisClient(ExtensionContext context, RunningInfrastructure infrastructure) {
        return classContext(context)
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        new Key("redisClient", infrastructure),
                        k -> new RedisClientResource(infrastructure.newRedisClient()),
                        RedisClientResource.class);
    }

    /** The nearest enclosing class-level context (test methods and invocations share their class's pools). */
    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static String describe(ParameterContext parameterContext) {
        return "parameter " + parameterContext.getIndex() + " ("
                + parameterContext.getParameter().getParameterizedType().getTypeName() + ") of "
                + parameterContext.getDeclaringExecutable();
    }

    /** Stops the shared infrastructure when the engine's root store closes (the end of the run). */
    private static final class SharedInfrastructureStop implements AutoCloseable {
        @Override
        public void close() {
            RunningInfrastructure.stopShared();
        }
    }

    /** A Lettuce client with its own event loops and timer, all shut down with its class. */
    private record RedisClientResource(RedisClient client) implements AutoCloseable {
        @Override
        public void close() {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
