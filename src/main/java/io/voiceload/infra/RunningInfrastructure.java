package io.voiceload.infra;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.resource.ClientResources;
import io.voiceload.config.InfrastructureSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Postgres, Redis and Toxiproxy, started and running, with a Toxiproxy proxy in front of Postgres
 * ({@code postgres}) and Redis ({@code redis}). {@link #shared()} starts them once per JVM on first use;
 * they stop at the end of the JUnit run ({@code @WithInfrastructure} registers them in the root store)
 * or when the JVM exits. Nothing is left behind: no process, no port, no temporary directory.
 *
 * <pre>{@code
 * RunningInfrastructure infra = RunningInfrastructure.shared();
 * try (HikariDataSource pool = infra.newDataSource("orders")) {         // through the postgres proxy
 *     // use the pool
 * }
 * infra.proxy(Dependency.POSTGRES).disable();                            // Postgres is down
 * infra.resetFaults();                                                   // every proxy enabled, no toxics
 * HostPort pms = infra.proxyTo("pms", "127.0.0.1:9090");                 // a proxy in front of any server
 * }</pre>
 *
 * <p>Thread-safe. Which provider served each dependency, and why the others did not, is logged (SLF4J,
 * INFO, logger {@code io.voiceload.infra.RunningInfrastructure}) and kept in {@link #info()}.
 */
public final class RunningInfrastructure implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunningInfrastructure.class);

    /** HikariCP waits this long for a connection (its default, 30 s, is too long under faults). */
    public static final long POOL_CONNECTION_TIMEOUT_MILLIS = 5_000;

    private static final Object SHARED_LOCK = new Object();
    private static RunningInfrastructure shared;
    private static RuntimeException sharedFailure;

    private final Infrastructure info;
    private final InfrastructureSettings settings;
    private final StartedToxiproxy toxiproxy;
    private final List<StartedServer> servers;
    private final List<Path> directories;
    private final Closer closer;
    /** What runs on the infrastructure ({@link #closeBeforeStopping}): closed before anything of ours stops. */
    private final Closer users = new Closer();

    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Proxies made by {@link #proxyTo}, by name, with their layout index (Postgres is 0, Redis 1). */
    private final Map<String, Integer> addedProxies = new ConcurrentHashMap<>();
    /** Layout indexes of removed proxies, given to the next new names first (guarded by {@code addedProxies}). */
    private final java.util.NavigableSet<Integer> freedIndexes = new java.util.TreeSet<>();
    /** The next layout index never given yet (guarded by {@code addedProxies}). */
    private int nextIndex = 2;

    private static final Pattern PROXY_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    private RunningInfrastructure(InfrastructureSettings settings, InfrastructureProvisioner.Provisioned started) {
        this.info = started.info();
        this.settings = settings;
        this.toxiproxy = started.toxiproxy();
        this.servers = started.servers();
        this.directories = started.directories();
        this.closer = started.closer();
        this.shutdownHook = new Thread(this::stopAtExit, "voiceload-infrastructure-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * This JVM's infrastructure, started on the first call with {@link InfrastructureSettings#fromSystem()}
     * and then shared. A failure to start is remembered and rethrown on every call (each test fails
     * fast with the same message) until {@link #stopShared()}.
     *
     * @throws InfrastructureException when a dependency cannot be provided
     * @throws io.voiceload.config.ConfigException when the settings are invalid
     */
    public static RunningInfrastructure shared() {
        synchronized (SHARED_LOCK) {
            if (shared == null && sharedFailure == null) {
                try {
                    shared = start(InfrastructureSettings.fromSystem());
                } catch (RuntimeException e) {
                    sharedFailure = e;
                }
            }
            if (sharedFailure != null) {
                if (sharedFailure instanceof InfrastructureException ie) {
                    throw new InfrastructureException(ie.getMessage(), ie.attempts(), ie);
                }
                throw sharedFailure;
            }
            return shared;
        }
    }

    /** The shared infrastructure if it runs, without starting it. */
    public static Optional<RunningInfrastructure> sharedIfStarted() {
        synchronized (SHARED_LOCK) {
            return Optional.ofNullable(shared).filter(RunningInfrastructure::isRunning);
        }
    }

    /** Stops the shared infrastructure (a later {@link #shared()} starts it again) and forgets a failure. */
    public static void stopShared() {
        RunningInfrastructure stopping;
        synchronized (SHARED_LOCK) {
            stopping = shared;
            shared = null;
            sharedFailure = null;
        }
        if (stopping != null) {
            stopping.close();
        }
    }

    /**
     * Starts a separate infrastructure (not the shared one); close it when done.
     *
     * @throws InfrastructureException when a dependency cannot be provided; what was started is stopped
     */
    public static RunningInfrastructure start(InfrastructureSettings settings) {
        return start(settings, new Providers());
    }

    static RunningInfrastructure start(InfrastructureSettings settings, Providers providers) {
        LOG.debug("{}", settings.describe());
        InfrastructureProvisioner.Provisioned started = InfrastructureProvisioner.provision(settings, providers);
        RunningInfrastructure infrastructure = new RunningInfrastructure(settings, started);
        LOG.info("{}", started.info().describe());
        return infrastructure;
    }

    /** Addresses, providers and versions. */
    public Infrastructure info() {
        return info;
    }

    /** The settings it was started with. */
    public InfrastructureSettings settings() {
        return settings;
    }

    /** A client of the Toxiproxy API (a new one each time; clients hold no connection). */
    public ToxiproxyClient toxiproxyClient() {
        return info.toxiproxy().client();
    }

    /**
     * The Toxiproxy proxy in front of a dependency, freshly read from the API.
     *
     * @throws IllegalArgumentException for {@link Dependency#TOXIPROXY}
     */
    public Proxy proxy(Dependency dependency) {
        if (dependency == Dependency.TOXIPROXY) {
            throw new IllegalArgumentException("Toxiproxy has no proxy in front of it; ask for POSTGRES or REDIS");
        }
        try {
            return toxiproxyClient().getProxy(dependency.proxyName());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read proxy \"" + dependency.proxyName() + "\" from "
                            + info.toxiproxy().url(),
                    e);
        }
    }

    /** Whether the Toxiproxy has a proxy named {@code name} now. */
    public boolean hasProxy(String name) {
        return toxiproxyClient().getProxyOrNull(name) != null;
    }

    /**
     * The Toxiproxy proxy named {@code name} (one of {@link #proxyTo}'s, or {@code postgres}, {@code redis}),
     * freshly read from the API.
     *
     * @throws IllegalArgumentException when there is no such proxy
     */
    public Proxy proxy(String name) {
        Proxy proxy = toxiproxyClient().getProxyOrNull(name);
        if (proxy == null) {
            throw new IllegalArgumentException(
                    "Toxiproxy at " + info.toxiproxy().url() + " has no proxy \"" + name
                            + "\"; create it with proxyTo(name, upstream)");
        }
        return proxy;
    }

    /**
     * Puts a Toxiproxy proxy named {@code name} in front of a server (any TCP server, e.g. a simulator in
     * this JVM on loopback), replacing a proxy of that name, and returns the address to dial instead of
     * the server's. Faults are then added to {@link #proxy(String) proxy(name)}; {@link #resetFaults()}
     * clears them with the others. The proxy is removed by {@link #removeProxy} or, at the latest, when
     * this infrastructure closes.
     *
     * @param name 1-64 of {@code A-Z a-z 0-9 _ . -}; not {@code postgres} or {@code redis}
     * @param upstreamHostPort the server as this JVM dials it, {@code host:port} (a loopback server is
     *     reached from a Toxiproxy container through Testcontainers' host port forwarding)
     * @throws IllegalArgumentException for a bad name or address
     * @throws IllegalStateException when this infrastructure is closed
     * @throws InfrastructureException when Toxiproxy refuses
     */
    public HostPort proxyTo(String name, String upstreamHostPort) {
        if (name == null || !PROXY_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("proxy name must be 1-64 of A-Z a-z 0-9 _ . -, not " + name);
        }
        if (name.equals(Dependency.POSTGRES.proxyName()) || name.equals(Dependency.REDIS.proxyName())) {
            throw new IllegalArgumentException("proxy name \"" + name + "\" is taken by the infrastructure itself");
        }
        HostPort upstream = HostPort.parse(upstreamHostPort);
        if (!isRunning()) {
            throw new IllegalStateException("the infrastructure is closed; no proxy can be added");
        }
        // Each name keeps its index, so a container Toxiproxy's published ports are not used up by replacing; a
        // removed proxy's index serves the next new name, so they are not used up by platforms started and stopped.
        int index;
        synchronized (addedProxies) {
            index = addedProxies.computeIfAbsent(
                    name, n -> freedIndexes.isEmpty() ? nextIndex++ : freedIndexes.pollFirst());
        }
        ProxyLayout layout = toxiproxy.layout();
        String listen = layout.listen(index);
        String target = layout.upstream(upstream);
        ToxiproxyClient client = toxiproxyClient();
        try {
            Proxy existing = client.getProxyOrNull(name);
            if (existing != null) {
                existing.delete();
            }
            Proxy proxy = client.createProxy(name, listen, target);
            closer.register("proxy \"" + name + "\" on " + info.toxiproxy().url(), () -> deleteProxy(name));
            HostPort reachable = layout.reachable(proxy, index);
            LOG.info("proxy \"{}\" at {} in front of {}", name, reachable, upstream);
            return reachable;
        } catch (IOException | RuntimeException e) {
            throw new InfrastructureException(
                    "Could not create the Toxiproxy proxy \"" + name + "\" (listen " + listen + ", upstream " + target
                            + ") on " + info.toxiproxy().url() + ": " + CauseChain.describe(e),
                    e);
        }
    }

    /**
     * The address this JVM dials to go through the proxy named {@code name}: {@link #proxyTo}'s answer for its
     * proxies, the {@code proxied} address for {@code postgres} and {@code redis}. It is the proxy's listen
     * address only for a Toxiproxy on this machine; a container's proxies are reached through published ports.
     *
     * @throws IllegalArgumentException when there is no such proxy
     */
    public HostPort reachable(String name) {
        if (name.equals(Dependency.POSTGRES.proxyName())) {
            return info.postgres().proxied();
        }
        if (name.equals(Dependency.REDIS.proxyName())) {
            return info.redis().proxied();
        }
        Integer index = addedProxies.get(name);
        if (index == null) {
            throw new IllegalArgumentException("no proxy \"" + name + "\" was made by proxyTo(name, upstream) on "
                    + info.toxiproxy().url());
        }
        return toxiproxy.layout().reachable(proxy(name), index);
    }

    /** Removes a proxy made by {@link #proxyTo}; nothing happens when it is gone already or we are closed. */
    public void removeProxy(String name) {
        if (addedProxies.containsKey(name) && isRunning()) {
            deleteProxy(name);
            synchronized (addedProxies) {
                Integer index = addedProxies.remove(name);
                if (index != null) {
                    freedIndexes.add(index);
                }
            }
        }
    }

    private void deleteProxy(String name) {
        try {
            Proxy proxy = toxiproxyClient().getProxyOrNull(name);
            if (proxy != null) {
                proxy.delete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot remove proxy \"" + name + "\" from "
                            + info.toxiproxy().url(),
                    e);
        }
    }

    /**
     * Removes every toxic and enables every proxy ({@code POST /reset}), so that no fault outlives its
     * test.
     *
     * @return true when there was something to reset (a proxy was disabled or had a toxic): connections
     *     pooled during the fault may be dead, so evict them (HikariCP hands out a connection used within
     *     the last 500 ms without checking it)
     */
    public boolean resetFaults() {
        ToxiproxyClient client = toxiproxyClient();
        try {
            boolean faulted = false;
            for (Proxy proxy : client.getProxies()) {
                faulted |= !proxy.isEnabled() || !proxy.toxics().getAll().isEmpty();
            }
            client.reset();
            return faulted;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot reset the proxies of " + info.toxiproxy().url(), e);
        }
    }

    /**
     * A new HikariCP pool through the {@code postgres} proxy, of {@code infrastructure.postgres.pool_size}
     * connections, waiting at most {@value #POOL_CONNECTION_TIMEOUT_MILLIS} ms for one. Close it when done.
     */
    public HikariDataSource newDataSource(String poolName) {
        return newDataSource(poolName, null);
    }

    /**
     * As {@link #newDataSource(String)}, with HikariCP's metrics reported to {@code metrics} (null: none),
     * which must be set before the pool starts.
     */
    public HikariDataSource newDataSource(String poolName, MetricsTrackerFactory metrics) {
        return newDataSource(poolName, metrics, config -> {});
    }

    /**
     * As {@link #newDataSource(String, MetricsTrackerFactory)}, with {@code adjust} given the configuration last,
     * before the pool starts (a system under test's own timeouts, say).
     */
    public HikariDataSource newDataSource(
            String poolName, MetricsTrackerFactory metrics, java.util.function.Consumer<HikariConfig> adjust) {
        PostgresEndpoint postgres = info.postgres();
        int size = settings.postgresPoolSize().value();
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(postgres.jdbcUrl());
        config.setUsername(postgres.user());
        config.setPassword(postgres.password());
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        config.setConnectionTimeout(POOL_CONNECTION_TIMEOUT_MILLIS);
        config.setValidationTimeout(Math.min(2_000, POOL_CONNECTION_TIMEOUT_MILLIS - 1));
        if (metrics != null) {
            config.setMetricsTrackerFactory(metrics);
        }
        adjust.accept(config);
        return new HikariDataSource(config);
    }

    /** A new Lettuce client through the {@code redis} proxy on the given resources. Shut it down when done. */
    public RedisClient newRedisClient(ClientResources resources) {
        return RedisClient.create(resources, info.redis().redisUri());
    }

    /**
     * A new Lettuce client through the {@code redis} proxy with event loops and a timer of its own, which
     * {@link RedisClient#shutdown()} stops with it: nothing of the client outlives it (resources shared with
     * longer-lived clients keep the timeouts of its last connection attempts, which fire after its event loops
     * are gone). Shut it down when done.
     */
    public RedisClient newRedisClient() {
        return RedisClient.create(info.redis().redisUri());
    }

    /**
     * Has {@code user}, something that runs on this infrastructure (a server on its pools, a client), closed
     * when the infrastructure stops, before any of its proxies and servers stop: no client is left
     * reconnecting to a server that is gone, whoever stops the infrastructure ({@link #close()},
     * {@link #stopShared()}, the JVM's exit). Users are closed last registered first; one may be closed
     * earlier by its owner, so its {@code close} must allow a second call. Closed at once when the
     * infrastructure is stopped already.
     *
     * @param what names the user in the log when it cannot be closed
     */
    public void closeBeforeStopping(String what, AutoCloseable user) {
        synchronized (users) {
            if (isRunning()) {
                users.register(what, user);
                return;
            }
        }
        try (Closer now = new Closer()) {
            now.register(what, user);
        }
    }

    /** False once stopped. */
    public boolean isRunning() {
        return !closed.get();
    }

    /** Operating-system processes started for the servers (embedded Postgres and Redis). */
    List<Long> processIds() {
        return servers.stream().flatMap(s -> s.processIds().stream()).toList();
    }

    /** Directories created for the servers; all are deleted on {@link #close()}. */
    List<Path> directories() {
        return directories;
    }

    StartedToxiproxy toxiproxy() {
        return toxiproxy;
    }

    /**
     * Closes what runs on it ({@link #closeBeforeStopping}), then stops everything started (proxies,
     * Toxiproxy, Redis, Postgres, containers) and deletes the work directories. Idempotent.
     */
    @Override
    public void close() {
        synchronized (users) { // a user registered concurrently is either closed below or closed at once
            if (!closed.compareAndSet(false, true)) {
                return;
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down
        }
        long start = System.nanoTime();
        try {
            users.close();
        } finally {
            closer.close();
        }
        LOG.info(
                "infrastructure stopped in {}",
                Infrastructure.seconds(java.time.Duration.ofNanos(System.nanoTime() - start)));
    }

    private void stopAtExit() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("[voiceload] could not stop the infrastructure at exit: " + e);
        }
    }
}
