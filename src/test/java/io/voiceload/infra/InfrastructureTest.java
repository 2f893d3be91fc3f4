package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared infrastructure of this test JVM, as the suite gets it: chosen providers, traffic through
 * the proxies, and faults that act on that traffic.
 */
class InfrastructureTest {

    private static RunningInfrastructure infra;
    private static HikariDataSource pool;
    private static ClientResources lettuce;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void start() {
        infra = RunningInfrastructure.shared();
        pool = infra.newDataSource("infrastructure-test");
        lettuce = DefaultClientResources.create();
        redisClient = infra.newRedisClient(lettuce);
        redis = redisClient.connect();
    }

    @AfterEach
    void resetFaults() {
        infra.resetFaults();
        // a fault may have killed pooled connections, even one the test reset itself
        pool.getHikariPoolMXBean().softEvictConnections();
    }

    @AfterAll
    static void closeClients() {
        redis.close();
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        lettuce.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
        pool.close();
    }

    @Test
    void sharedIsStartedOnceAndReused() {
        assertThat(RunningInfrastructure.shared()).isSameAs(infra);
        assertThat(RunningInfrastructure.sharedIfStarted()).containsSame(infra);
        assertThat(infra.info().startupTime()).isPositive();
    }

    /** With a Docker engine every dependency is a container; without one, embedded. The log says which and why. */
    @Test
    void withoutAddressesEveryDependencyComesFromDockerElseEmbeddedAndTheChoiceIsRecorded() {
        Infrastructure info = infra.info();
        assumeTrue(infra.settings().postgresUrl().value() == null, "an external Postgres is configured");
        boolean docker = info.docker().available();
        ProviderKind expected = docker ? ProviderKind.TESTCONTAINERS : ProviderKind.EMBEDDED;
        List<Tuple> tried = docker
                ? List.of(
                        tuple(ProviderKind.EXTERNAL, ProviderAttempt.Outcome.SKIPPED),
                        tuple(ProviderKind.TESTCONTAINERS, ProviderAttempt.Outcome.SERVED))
                : List.of(
                        tuple(ProviderKind.EXTERNAL, ProviderAttempt.Outcome.SKIPPED),
                        tuple(ProviderKind.TESTCONTAINERS, ProviderAttempt.Outcome.SKIPPED),
                        tuple(ProviderKind.EMBEDDED, ProviderAttempt.Outcome.SERVED));
        for (Dependency d : Dependency.values()) {
            assertThat(info.provider(d)).as("%s", d).isEqualTo(expected);
            assertThat(info.attempts().stream().filter(a -> a.dependency() == d))
                    .extracting(ProviderAttempt::provider, ProviderAttempt::outcome)
                    .containsExactlyElementsOf(tried);
            assertThat(info.image(d).isPresent()).as("image of %s known", d).isEqualTo(docker);
        }
        assertThat(info.docker().checked()).isTrue();
        if (!docker) {
            assertThat(info.attempts())
                    .filteredOn(a -> a.provider() == ProviderKind.TESTCONTAINERS)
                    .allSatisfy(a -> assertThat(a.detail()).startsWith("no Docker engine answered (checked in"));
        } else {
            assertThat(info.image(Dependency.POSTGRES))
                    .contains(infra.settings().postgresImage().value());
            assertThat(info.describe())
                    .contains("container " + infra.settings().postgresImage().value());
        }
        assertThat(info.postgres().version()).startsWith("18.");
        assertThat(info.redis().version()).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(info.toxiproxy().version()).isNotBlank();
        String provider = expected.toString();
        assertThat(info.describe())
                .contains("postgres   " + provider)
                .contains("redis      " + provider)
                .contains("toxiproxy  " + provider)
                .contains("providers tried:");
        System.out.println(info.describe());
    }

    @Test
    void postgresAndRedisAreReachedThroughTheirProxies() throws Exception {
        Infrastructure info = infra.info();
        assertThat(info.postgres().proxied()).isNotEqualTo(info.postgres().direct());
        assertThat(info.redis().proxied()).isNotEqualTo(info.redis().direct());
        Proxy postgresProxy = infra.proxy(Dependency.POSTGRES);
        // a container's proxy reaches it on the containers' network, by its alias; an embedded one directly
        assertThat(postgresProxy.getUpstream())
                .isEqualTo(
                        info.provider(Dependency.POSTGRES) == ProviderKind.TESTCONTAINERS
                                ? new HostPort(DockerContainers.POSTGRES_ALIAS, 5432).toString()
                                : info.postgres().direct().toString());
        // an embedded Toxiproxy listens where this JVM reaches it; a container's listens on all its addresses
        // (written the way Go writes a wildcard, [::]) on its own ports, published to this machine:
        // postgres's proxy is the first, redis's the second
        if (info.provider(Dependency.TOXIPROXY) == ProviderKind.TESTCONTAINERS) {
            assertThat(HostPort.parse(postgresProxy.getListen()).port()).isEqualTo(DockerContainers.FIRST_PROXY_PORT);
            assertThat(HostPort.parse(infra.proxy(Dependency.REDIS).getListen()).port())
                    .isEqualTo(DockerContainers.FIRST_PROXY_PORT + 1);
        } else {
            assertThat(HostPort.parse(postgresProxy.getListen()))
                    .isEqualTo(info.postgres().proxied());
            assertThat(HostPort.parse(infra.proxy(Dependency.REDIS).getListen()))
                    .isEqualTo(info.redis().proxied());
        }

        try (Connection c = pool.getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT current_database(), 6 * 7")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("voiceload");
            assertThat(rs.getInt(2)).isEqualTo(42);
        }
        RedisCommands<String, String> commands = redis.sync();
        commands.set("infrastructure-test", "through the proxy");
        assertThat(commands.get("infrastructure-test")).isEqualTo("through the proxy");
    }

    @Test
    void aLatencyToxicOnTheRedisProxyVisiblySlowsARedisCommand() throws Exception {
        RedisCommands<String, String> commands = redis.sync();
        commands.set("latency", "v");
        long before = medianMillis(() -> commands.get("latency"));

        infra.proxy(Dependency.REDIS).toxics().latency("slow-redis", ToxicDirection.DOWNSTREAM, 200);
        long slowed = medianMillis(() -> commands.get("latency"));

        infra.resetFaults();
        long after = medianMillis(() -> commands.get("latency"));
        System.out.printf(
                "Redis GET through the proxy: %d ms, with a 200 ms latency toxic %d ms, after reset %d ms%n",
                before, slowed, after);
        assertThat(before).isLessThan(100);
        assertThat(slowed).isBetween(200L, 600L);
        assertThat(after).isLessThan(100);
    }

    @Test
    void disablingThePostgresProxyFailsTheNextQueryAndEnablingItLetsANewConnectionSucceed() throws Exception {
        try (Connection c = pool.getConnection()) {
            assertThat(selectOne(c)).isEqualTo(1);
        }
        Proxy proxy = infra.proxy(Dependency.POSTGRES);
        try (Connection open = connect(infra.info().postgres().jdbcUrl())) {
            proxy.disable();
            assertThatThrownBy(() -> selectOne(open)).isInstanceOf(SQLException.class);
            assertThatThrownBy(() -> connect(infra.info().postgres().jdbcUrl())).isInstanceOf(SQLException.class);
            long start = System.nanoTime();
            assertThatThrownBy(() -> {
                        try (Connection c = pool.getConnection()) {
                            selectOne(c);
                        }
                    })
                    .isInstanceOf(SQLException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .isLessThan(Duration.ofMillis(RunningInfrastructure.POOL_CONNECTION_TIMEOUT_MILLIS + 3_000));
        }
        // the direct address still works: the fault is in the proxy, not in Postgres
        try (Connection direct = connect(infra.info().postgres().directJdbcUrl())) {
            assertThat(selectOne(direct)).isEqualTo(1);
        }

        proxy.enable();
        try (Connection fresh = connect(infra.info().postgres().jdbcUrl())) {
            assertThat(selectOne(fresh)).isEqualTo(1);
        }
        // The pool recovers too. HikariCP hands out a connection used in the last 500 ms without
        // validating it, so one that the outage killed a moment ago may still fail once.
        assertThat(firstSuccess(3, () -> {
                    try (Connection pooled = pool.getConnection()) {
                        return selectOne(pooled);
                    }
                }))
                .isEqualTo(1);
    }

    private interface SqlCall<T> {
        T call() throws SQLException;
    }

    private static <T> T firstSuccess(int attempts, SqlCall<T> call) throws SQLException {
        SQLException last = null;
        for (int i = 0; i < attempts; i++) {
            try {
                return call.call();
            } catch (SQLException e) {
                last = e;
            }
        }
        throw last;
    }

    @Test
    void resetFaultsRemovesEveryToxicAndEnablesEveryProxy() throws Exception {
        infra.proxy(Dependency.REDIS).toxics().latency("l", ToxicDirection.UPSTREAM, 10);
        infra.proxy(Dependency.POSTGRES).disable();

        infra.resetFaults();

        for (Dependency d : List.of(Dependency.POSTGRES, Dependency.REDIS)) {
            Proxy p = infra.proxy(d);
            assertThat(p.isEnabled()).as("%s enabled", d).isTrue();
            assertThat(p.toxics().getAll()).as("%s toxics", d).isEmpty();
        }
    }

    /** A connection outside the pool, with the credentials of the provider that served Postgres. */
    private static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(
                jdbcUrl, infra.info().postgres().user(), infra.info().postgres().password());
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static long medianMillis(Runnable command) {
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            command.run();
            times.add((System.nanoTime() - start) / 1_000_000);
        }
        Collections.sort(times);
        return times.get(times.size() / 2);
    }
}
