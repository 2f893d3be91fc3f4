package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.voiceload.config.InfrastructureSettings;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.toxiproxy.ToxiproxyServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The external provider: the settings point at running servers, as {@code -Dloadtest.*.url} or the
 * configuration file would.
 */
class ExternalProvidersTest {

    private static HostPortAndVersion postgres;
    private static HostPortAndVersion redis;
    private static ToxiproxyServer toxiproxy;

    /** A server the test treats as external. */
    private record HostPortAndVersion(HostPort direct, String version) {}

    /** The shared Postgres's superuser: {@code postgres} without a password embedded, the container's own. */
    private static String postgresUser;

    private static String postgresPassword;

    /**
     * The "existing servers" are this JVM's shared Postgres and Redis, addressed directly (they are
     * embedded servers the test run started), plus a Toxiproxy of the test's own.
     */
    @BeforeAll
    static void serversToPointAt() throws Exception {
        Infrastructure shared = RunningInfrastructure.shared().info();
        postgres = new HostPortAndVersion(
                shared.postgres().direct(), shared.postgres().version());
        redis = new HostPortAndVersion(shared.redis().direct(), shared.redis().version());
        postgresUser = shared.postgres().user() == null
                ? "postgres"
                : shared.postgres().user();
        postgresPassword = shared.postgres().password();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(
                        shared.postgres().directJdbcUrl(), postgresUser, postgresPassword);
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS external_db");
            s.execute("CREATE DATABASE external_db");
        }
        toxiproxy = ToxiproxyServer.start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopToxiproxy() {
        toxiproxy.close();
    }

    private static String postgresUrl() {
        return "postgresql://" + postgresUser + (postgresPassword == null ? "" : ":" + postgresPassword) + "@"
                + postgres.direct() + "/external_db";
    }

    private static String redisUrl() {
        return "redis://" + redis.direct();
    }

    private static InfrastructureSettings settings(LoadTestConfig config, String... properties) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < properties.length; i += 2) {
            map.put(properties[i], properties[i + 1]);
        }
        return InfrastructureSettings.resolve(config, Overrides.of(map, Map.of()));
    }

    @Test
    void configuredAddressesServeEveryDependencyAndTrafficGoesThroughTheirToxiproxy() throws Exception {
        InfrastructureSettings settings = settings(
                LoadTestConfig.builtIn(),
                "loadtest.postgres.url",
                postgresUrl(),
                "loadtest.redis.url",
                redisUrl(),
                "loadtest.toxiproxy.url",
                toxiproxy.baseUrl());
        ToxiproxyClient theirs = new ToxiproxyClient(toxiproxy.host(), toxiproxy.port());

        try (RunningInfrastructure infra = RunningInfrastructure.start(settings)) {
            Infrastructure info = infra.info();
            for (Dependency d : Dependency.values()) {
                assertThat(info.provider(d)).as("%s", d).isEqualTo(ProviderKind.EXTERNAL);
            }
            assertThat(info.attempts())
                    .extracting(ProviderAttempt::outcome)
                    .containsOnly(ProviderAttempt.Outcome.SERVED)
                    .hasSize(3);
            assertThat(info.attempts().get(0).detail())
                    .isEqualTo("at postgresql://" + postgresUser + (postgresPassword == null ? "" : ":***") + "@"
                            + postgres.direct() + "/external_db (-Dloadtest.postgres.url)");
            assertThat(info.docker().checked()).isFalse();
            assertThat(info.docker().detail()).isEqualTo("every dependency has a configured address");
            assertThat(info.postgres().version()).isEqualTo(postgres.version());
            assertThat(info.redis().version()).isEqualTo(redis.version());
            assertThat(info.toxiproxy().api()).isEqualTo(new HostPort("127.0.0.1", toxiproxy.port()));
            assertThat(infra.processIds()).as("nothing started").isEmpty();
            assertThat(infra.directories()).as("nothing written").isEmpty();

            assertThat(theirs.getProxy("postgres").getUpstream())
                    .isEqualTo(postgres.direct().toString());
            assertThat(theirs.getProxy("redis").getUpstream())
                    .isEqualTo(redis.direct().toString());
            assertThat(info.postgres().proxied()).isNotEqualTo(postgres.direct());
            try (HikariDataSource pool = infra.newDataSource("external");
                    Connection c = pool.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT current_database()")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("external_db");
            }
            ClientResources resources = DefaultClientResources.create();
            RedisClient client = infra.newRedisClient(resources);
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                connection.sync().set("external", "yes");
                assertThat(connection.sync().get("external")).isEqualTo("yes");
            } finally {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
                resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
            }
        }

        assertThat(theirs.getProxies())
                .as("our proxies are removed from their Toxiproxy")
                .isEmpty();
        assertThat(RedisProbe.version(redis.direct(), null, null, 0))
                .as("their Redis keeps running")
                .isNotBlank();
        assertThat(PostgresProbe.version(
                        "jdbc:postgresql://" + postgres.direct() + "/external_db", postgresUser, postgresPassword))
                .as("their Postgres keeps running")
                .isNotBlank();
    }

    @Test
    void addressesComeFromTheConfigurationFileTooAndMixWithOtherProviders() {
        LoadTestConfig config = LoadTestConfig.parse("""
                { "profiles": { "smoke": {}, "light": {}, "normal": {}, "heavy": {}, "stress": {}, "soak": {}, "spike": {} },
                  "infrastructure": { "docker": "never", "postgres": { "url": "%s" } } }
                """.formatted(postgresUrl()), "load_test_config.json");
        InfrastructureSettings settings = settings(config, "loadtest.redis.url", redisUrl());

        try (RunningInfrastructure infra = RunningInfrastructure.start(settings)) {
            Infrastructure info = infra.info();
            assertThat(info.provider(Dependency.POSTGRES)).isEqualTo(ProviderKind.EXTERNAL);
            assertThat(info.attempts().get(0).detail()).endsWith("(load_test_config.json infrastructure.postgres.url)");
            assertThat(info.provider(Dependency.REDIS)).isEqualTo(ProviderKind.EXTERNAL);
            assertThat(info.provider(Dependency.TOXIPROXY)).isEqualTo(ProviderKind.EMBEDDED);
            assertThat(info.docker().detail())
                    .isEqualTo("docker = never (load_test_config.json infrastructure.docker)");
            assertThat(infra.proxy(Dependency.REDIS).getUpstream())
                    .isEqualTo(redis.direct().toString());
        }
    }

    @Test
    void anAddressThatDoesNotAnswerFailsWithoutFallingBackToOtherProviders() throws IOException {
        int closed = closedPort();
        InfrastructureSettings settings = settings(
                LoadTestConfig.builtIn(),
                "loadtest.postgres.url",
                postgresUrl(),
                "loadtest.redis.url",
                "redis://127.0.0.1:" + closed,
                "loadtest.docker",
                "never");

        assertThatThrownBy(() -> RunningInfrastructure.start(settings))
                .isInstanceOfSatisfying(InfrastructureException.class, e -> {
                    assertThat(e.attempts()).hasSize(1);
                    assertThat(e.attempts().get(0).outcome()).isEqualTo(ProviderAttempt.Outcome.FAILED);
                })
                .hasMessageStartingWith(
                        "Redis: external failed and an address is configured (-Dloadtest.redis.url),"
                                + " so no other provider is tried: fix the address, or unset it to let the suite start a server.")
                .hasMessageContaining("Tried, in order:\n    1. external: failed after ")
                .hasMessageContaining("Redis at 127.0.0.1:" + closed + " did not answer: connection refused")
                .hasMessageContaining(
                        "Set infrastructure.redis.url in load_test_config.json, or -Dloadtest.redis.url=");
    }

    @Test
    void aMissingDatabaseIsNamedInTheError() {
        InfrastructureSettings settings = settings(
                LoadTestConfig.builtIn(),
                "loadtest.postgres.url",
                postgresUrl().replace("/external_db", "/no_such_db"),
                "loadtest.redis.url",
                redisUrl(),
                "loadtest.docker",
                "never");
        assertThatThrownBy(() -> RunningInfrastructure.start(settings))
                .isInstanceOf(InfrastructureException.class)
                .hasMessageStartingWith("Postgres: external failed and an address is configured")
                .hasMessageContaining("database \"no_such_db\" does not exist");
    }

    static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
