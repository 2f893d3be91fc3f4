package io.voiceload.infra;

import eu.rekawek.toxiproxy.Proxy;
import java.util.List;
import java.util.Map;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.toxiproxy.ToxiproxyContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Postgres, Redis and Toxiproxy as Docker containers through Testcontainers, on one shared network:
 * Toxiproxy reaches Postgres and Redis by their network aliases, and this JVM reaches Toxiproxy's
 * proxies (listening on {@code 0.0.0.0:8666} and up in the container) through their mapped ports. A
 * server outside Docker on this machine's loopback is reached through Testcontainers' host port
 * forwarding ({@code host.testcontainers.internal}). Testcontainers' Ryuk removes the containers even
 * if this JVM dies.
 */
final class DockerContainers implements AutoCloseable {

    static final String POSTGRES_ALIAS = "postgres";
    static final String REDIS_ALIAS = "redis";
    static final String USER = "voiceload";
    static final String PASSWORD = "voiceload";
    static final int FIRST_PROXY_PORT = 8666;
    private static final int PROXY_PORTS = 32;

    private Network network;

    private synchronized Network network() {
        if (network == null) {
            network = Network.newNetwork();
        }
        return network;
    }

    StartedServer postgres(String image, String database) throws Exception {
        PostgreSQLContainer container = new PostgreSQLContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("postgres"))
                .withNetwork(network())
                .withNetworkAliases(POSTGRES_ALIAS)
                .withDatabaseName(database)
                .withUsername(USER)
                .withPassword(PASSWORD);
        container.start();
        try {
            HostPort direct = new HostPort(container.getHost(), container.getMappedPort(5432));
            String url = "jdbc:postgresql://" + direct + "/" + database;
            String version = PostgresProbe.version(url, USER, PASSWORD);
            return new StartedServer(
                    Dependency.POSTGRES,
                    ProviderKind.TESTCONTAINERS,
                    version,
                    "container " + image + " (" + shortId(container) + ")",
                    direct,
                    new HostPort(POSTGRES_ALIAS, 5432),
                    USER,
                    PASSWORD,
                    database,
                    Map.of(),
                    List.of(),
                    container::stop);
        } catch (Exception e) {
            container.stop();
            throw e;
        }
    }

    StartedServer redis(String image) throws Exception {
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network())
                .withNetworkAliases(REDIS_ALIAS)
                .withExposedPorts(6379)
                .withCommand("redis-server", "--save", "", "--appendonly", "no");
        container.start();
        try {
            HostPort direct = new HostPort(container.getHost(), container.getMappedPort(6379));
            String version = RedisProbe.version(direct, null, null, 0);
            return new StartedServer(
                    Dependency.REDIS,
                    ProviderKind.TESTCONTAINERS,
                    version,
                    "container " + image + " (" + shortId(container) + ")",
                    direct,
                    new HostPort(REDIS_ALIAS, 6379),
                    null,
                    null,
                    "0",
                    Map.of(),
                    List.of(),
                    container::stop);
        } catch (Exception e) {
            container.stop();
            throw e;
        }
    }

    /**
     * @param upstreams the servers its proxies will front; loopback ones outside Docker are exposed to
     *     the container first
     */
    StartedToxiproxy toxiproxy(String image, List<StartedServer> upstreams) throws Exception {
        for (StartedServer server : upstreams) {
            if (server.inDockerNetwork() == null && server.direct().isLoopback()) {
                Testcontainers.exposeHostPorts(server.direct().port());
            }
        }
        ToxiproxyContainer container = new ToxiproxyContainer(
                        DockerImageName.parse(image).asCompatibleSubstituteFor("ghcr.io/shopify/toxiproxy"))
                .withNetwork(network())
                // Proxy byte counters at GET /metrics: fault injection reads them to prove traffic crossed a proxy.
                .withCommand("-host=0.0.0.0", "-proxy-metrics")
                // host.testcontainers.internal resolves in it even for host ports exposed after its start
                // (proxyTo in front of a server in this JVM).
                .withAccessToHost(true);
        container.start();
        try {
            HostPort api = new HostPort(container.getHost(), container.getControlPort());
            String version = ToxiproxyProbe.version("http", api);
            ProxyLayout layout = new ProxyLayout() {
                @Override
                public String listen(int index) {
                    if (index >= PROXY_PORTS) {
                        throw new IllegalStateException("the Toxiproxy container publishes " + PROXY_PORTS
                                + " proxy ports (" + FIRST_PROXY_PORT + " and up); proxy #" + index + " has none");
                    }
                    return "0.0.0.0:" + (FIRST_PROXY_PORT + index);
                }

                @Override
                public HostPort reachable(Proxy proxy, int index) {
                    return new HostPort(container.getHost(), container.getMappedPort(FIRST_PROXY_PORT + index));
                }

                @Override
                public String upstream(HostPort direct) {
                    if (!direct.isLoopback()) {
                        return direct.toString();
                    }
                    // Host port forwarding (an SSH tunnel container) reaches this machine's loopback.
                    Testcontainers.exposeHostPorts(direct.port());
                    return "host.testcontainers.internal:" + direct.port();
                }

                @Override
                public String upstream(StartedServer server) {
                    if (server.inDockerNetwork() != null) {
                        return server.inDockerNetwork().toString();
                    }
                    return server.direct().isLoopback()
                            ? "host.testcontainers.internal:" + server.direct().port()
                            : server.direct().toString();
                }
            };
            return new StartedToxiproxy(
                    ProviderKind.TESTCONTAINERS,
                    version,
                    "container " + image + " (" + shortId(container) + ")",
                    api,
                    "http",
                    layout,
                    container::stop);
        } catch (Exception e) {
            container.stop();
            throw e;
        }
    }

    private static String shortId(GenericContainer<?> container) {
        String id = container.getContainerId();
        return id == null ? "?" : id.substring(0, Math.min(12, id.length()));
    }

    @Override
    public synchronized void close() {
        if (network != null) {
            network.close();
            network = null;
        }
    }
}
