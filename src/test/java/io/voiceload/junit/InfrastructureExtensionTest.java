package io.voiceload.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedSuccessfully;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.infra.Dependency;
import io.voiceload.infra.HostPort;
import io.voiceload.infra.Infrastructure;
import io.voiceload.infra.ProviderKind;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * {@link WithInfrastructure} black-box: fixtures run through the Jupiter engine once, and each test here
 * checks their events. The engine run's root store stops the shared infrastructure at its end (a later
 * user starts it again).
 */
class InfrastructureExtensionTest {

    static final AtomicReference<DataSource> FIRST_POOL = new AtomicReference<>();
    static final AtomicInteger LOAD_ITERATIONS = new AtomicInteger();

    private static EngineExecutionResults results;

    @BeforeAll
    static void runFixtures() {
        TestKit.running = true;
        try {
            results = EngineTestKit.engine("junit-jupiter")
                    .selectors(selectClass(InfrastructureExtensionTestCases.class))
                    .execute();
        } finally {
            TestKit.running = false;
        }
    }

    private static Events tests() {
        return results.testEvents();
    }

    @Test
    void everyParameterResolvesAndWorksThroughTheProxies() {
        tests().assertThatEvents().haveExactly(1, event(test("resolvesEveryParameter"), finishedSuccessfully()));
    }

    @Test
    void aFailedTestsFaultsAreResetBeforeTheNextTest() {
        tests().assertThatEvents()
                .haveExactly(1, event(test("failsWithFaultsInjected"), finishedWithFailure(message("on purpose"))))
                .haveExactly(1, event(test("theNextTestSeesNoFault"), finishedSuccessfully()));
    }

    @Test
    void theClassSharesOnePool() {
        tests().assertThatEvents().haveExactly(1, event(test("sharesThePoolOfItsClass"), finishedSuccessfully()));
    }

    @Test
    void aLoadTestGetsTheInfrastructureToo() {
        tests().assertThatEvents().haveExactly(1, event(test("loadThroughTheProxy"), finishedSuccessfully()));
        assertThat(LOAD_ITERATIONS).hasValue(2 * 3);
    }

    @Test
    void aProxyParameterMustSayWhichProxy() {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("proxyWithoutQualifier"),
                                finishedWithFailure(
                                        instanceOf(ParameterResolutionException.class),
                                        message(m -> m.contains("a Proxy parameter needs @ProxyOf(Dependency.POSTGRES)"
                                                + " or @ProxyOf(Dependency.REDIS) to say which proxy it wants")))))
                .haveExactly(
                        1,
                        event(
                                test("proxyOfToxiproxy"),
                                finishedWithFailure(
                                        message(
                                                m -> m.contains(
                                                        "@ProxyOf(Dependency.TOXIPROXY) names no proxy; proxies exist for [POSTGRES, REDIS]")))));
    }

    @Test
    void onlyStringConnectionsAreProvided() {
        tests().assertThatEvents()
                .haveExactly(
                        1,
                        event(
                                test("connectionWithAnotherCodec"),
                                finishedWithFailure(
                                        message(
                                                m -> m.contains(
                                                        "only StatefulRedisConnection<String, String> is provided (UTF-8 string codec),"
                                                                + " not io.lettuce.core.api.StatefulRedisConnection<byte[], byte[]>")))));
    }

    @Test
    void theChosenProvidersArePublishedAsAReportEntry() {
        assertThat(results.allEvents().reportingEntryPublished().stream()
                        .map(e -> e.getRequiredPayload(org.junit.platform.engine.reporting.ReportEntry.class))
                        .map(r -> r.getKeyValuePairs().get("voiceload.infrastructure")))
                .anySatisfy(
                        summary -> assertThat(summary).startsWith("postgres ").contains(", redis ", ", toxiproxy "));
    }

    @Test
    void theInfrastructureStopsWhenTheRunEnds() {
        assertThat(RunningInfrastructure.sharedIfStarted()).isEmpty();
    }

    @Nested
    class WhenNothingCanBeProvided {

        @Test
        void theClassFailsWithEveryAttemptListed() throws IOException {
            int closed;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closed = s.getLocalPort();
            }
            RunningInfrastructure.stopShared();
            Map<String, String> properties = Map.of(
                    "loadtest.postgres.url", "postgresql://postgres@127.0.0.1:" + closed + "/db",
                    "loadtest.redis.url", "redis://127.0.0.1:" + closed,
                    "loadtest.docker", "never");
            properties.forEach(System::setProperty);
            EngineExecutionResults failed;
            TestKit.running = true;
            try {
                failed = EngineTestKit.engine("junit-jupiter")
                        .selectors(selectClass(UnreachableTestCases.class))
                        .execute();
            } finally {
                TestKit.running = false;
                properties.keySet().forEach(System::clearProperty);
                RunningInfrastructure.stopShared(); // forget the failure
            }
            failed.containerEvents()
                    .assertThatEvents()
                    .haveExactly(
                            1,
                            event(finishedWithFailure(
                                    message(m -> m.contains("external failed and an address is configured (-Dloadtest.")
                                            && m.contains("Tried, in order:")
                                            && m.contains("Connection refused")))));
            failed.testEvents().assertStatistics(stats -> stats.started(0));
        }
    }

    @FixtureOnly
    @WithInfrastructure
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class InfrastructureExtensionTestCases {

        @Test
        @Order(1)
        void resolvesEveryParameter(
                DataSource dataSource,
                RedisClient redisClient,
                StatefulRedisConnection<String, String> redis,
                ToxiproxyClient toxiproxy,
                @ProxyOf(Dependency.POSTGRES) Proxy postgresProxy,
                @ProxyOf(Dependency.REDIS) Proxy redisProxy,
                Infrastructure infrastructure)
                throws Exception {
            FIRST_POOL.set(dataSource);
            assertThat(selectOne(dataSource)).isEqualTo(1);
            assertThat(redis.sync().ping()).isEqualTo("PONG");
            assertThat(redisClient).isNotNull();
            assertThat(toxiproxy.getProxies()).extracting(Proxy::getName).contains("postgres", "redis");
            assertThat(postgresProxy.getName()).isEqualTo("postgres");
            assertThat(redisProxy.getName()).isEqualTo("redis");
            // A container's proxies listen on its own ports, published to this machine under others.
            if (infrastructure.provider(Dependency.TOXIPROXY) != ProviderKind.TESTCONTAINERS) {
                assertThat(HostPort.parse(postgresProxy.getListen()))
                        .isEqualTo(infrastructure.postgres().proxied());
                assertThat(HostPort.parse(redisProxy.getListen()))
                        .isEqualTo(infrastructure.redis().proxied());
            }
        }

        @Test
        @Order(2)
        void failsWithFaultsInjected(
                @ProxyOf(Dependency.REDIS) Proxy redis, @ProxyOf(Dependency.POSTGRES) Proxy postgres)
                throws IOException {
            redis.toxics().latency("slow", ToxicDirection.DOWNSTREAM, 500);
            postgres.disable();
            fail("on purpose");
        }

        @Test
        @Order(3)
        void theNextTestSeesNoFault(
                ToxiproxyClient toxiproxy, DataSource dataSource, StatefulRedisConnection<String, String> redis)
                throws Exception {
            for (Proxy p : toxiproxy.getProxies()) {
                assertThat(p.isEnabled()).as("%s enabled", p.getName()).isTrue();
                assertThat(p.toxics().getAll()).as("%s toxics", p.getName()).isEmpty();
            }
            assertThat(selectOne(dataSource)).isEqualTo(1);
            long start = System.nanoTime();
            redis.sync().ping();
            assertThat((System.nanoTime() - start) / 1_000_000)
                    .as("ms for PING")
                    .isLessThan(400);
        }

        @Test
        @Order(4)
        void sharesThePoolOfItsClass(DataSource dataSource) {
            assertThat(dataSource).isSameAs(FIRST_POOL.get());
        }

        @LoadTest(users = 2, requests = 3)
        @Order(5)
        void loadThroughTheProxy(VirtualUser user, DataSource dataSource) throws SQLException {
            assertThat(selectOne(dataSource)).isEqualTo(1);
            LOAD_ITERATIONS.incrementAndGet();
        }

        @Test
        @Order(6)
        void proxyWithoutQualifier(Proxy proxy) {}

        @Test
        @Order(7)
        void proxyOfToxiproxy(@ProxyOf(Dependency.TOXIPROXY) Proxy proxy) {}

        @Test
        @Order(8)
        void connectionWithAnotherCodec(StatefulRedisConnection<byte[], byte[]> connection) {}

        private static int selectOne(DataSource dataSource) throws SQLException {
            try (Connection c = dataSource.getConnection();
                    Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT 1")) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A composed annotation, as a team would write its own. */
    @Target(ElementType.TYPE)
    @Retention(RetentionPolicy.RUNTIME)
    @WithInfrastructure
    @interface WithOurServers {}

    @FixtureOnly
    @WithOurServers
    static class UnreachableTestCases {
        @Test
        void neverRuns(Infrastructure infrastructure) {
            fail("must not run: the infrastructure could not start");
        }
    }
}
