package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import com.sun.net.httpserver.HttpServer;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.FixtureOnly;
import io.voiceload.junit.TestKit;
import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/** {@link WithPlatform} black-box: fixtures run through the Jupiter engine, checked by their events. */
class PlatformExtensionTest {

    static final Set<URI> SEEN = ConcurrentHashMap.newKeySet();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void startsOnePlatformForTheWholeRunAndStopsItAtTheEnd() throws Exception {
        SEEN.clear();
        Optional<URI> outer = PlatformExtension.running();
        Events events = TestKit.executeFixtures(
                        selectClass(EmbeddedTestCases.class),
                        selectClass(OtherClassTestCases.class),
                        selectClass(ComposedTestCases.class))
                .testEvents();

        events.assertStatistics(s -> s.started(4).succeeded(4));
        assertThat(SEEN).hasSize(1);
        URI used = SEEN.iterator().next();
        if (outer.isPresent()) {
            // A platform of the enclosing run (an earlier @WithPlatform class in this JVM) was used, not stopped.
            assertThat(used).isEqualTo(outer.get());
            assertThat(PlatformExtension.running()).contains(used);
        } else {
            assertThat(PlatformExtension.running()).isEmpty();
            assertThatThrownBy(() -> live(used)).isInstanceOf(ConnectException.class);
        }
    }

    /**
     * Whoever stops the infrastructure (here a test restarting it; elsewhere another extension's store or the
     * JVM's exit) stops the platform on it first: no client of the platform is left reconnecting to servers
     * that are gone.
     */
    @Test
    @WithPlatform
    void stoppingTheInfrastructureStopsItsPlatformFirst(PlatformEndpoint platform) throws Exception {
        assumeTrue(platform.embedded(), "the platform is the configured loadtest.target.baseUrl");
        assertThat(live(platform.baseUrl())).isEqualTo(200);

        RunningInfrastructure.stopShared();

        assertThatThrownBy(() -> live(platform.baseUrl())).isInstanceOf(ConnectException.class);
        assertThat(PlatformExtension.running()).isEmpty();
    }

    @Test
    void aConfiguredBaseUrlIsAskedOnceAndInjectedAndNothingStarts() throws IOException {
        RunningInfrastructure before = RunningInfrastructure.shared();
        try (Deployment deployment = Deployment.answering(200)) {
            CONFIGURED.set(URI.create(deployment.url()));

            Events events = TestKit.executeFixtures(
                            Map.of("loadtest.target.baseUrl", deployment.url() + "/"),
                            selectClass(ConfiguredUrlTestCases.class))
                    .testEvents();

            events.assertStatistics(s -> s.started(2).succeeded(2));
            assertThat(deployment.asked())
                    .as("requests the deployment received")
                    .containsExactly("/health/ready");
        }
        // An embedded platform would have registered the infrastructure's stop in the run's root store.
        assertThat(RunningInfrastructure.sharedIfStarted()).containsSame(before);
    }

    @Test
    void aDeploymentThatIsNotReadyFailsTheClassBeforeAnythingStarts() throws IOException {
        try (Deployment deployment = Deployment.answering(503)) {
            CONFIGURED.set(URI.create(deployment.url()));

            Events events = TestKit.executeFixtures(
                            Map.of("loadtest.target.baseUrl", deployment.url()),
                            selectClass(ConfiguredUrlTestCases.class),
                            selectClass(OtherConfiguredUrlTestCases.class))
                    .allEvents();

            assertThat(events.failed().count()).as("classes failed").isEqualTo(2);
            assertThat(deployment.asked()).containsExactly("/health/ready");
            assertThat(TestKit.failureMessage(events))
                    .startsWith("target " + deployment.url() + " (-Dloadtest.target.baseUrl) is not ready: GET "
                            + deployment.url() + "/health/ready (readiness path from built-in default) answered 503");
        }
    }

    @Test
    void embeddedAsTheConfiguredValueStartsThePlatform() {
        SEEN.clear();
        Events events =
                TestKit.run(EmbeddedTestCases.class, "servesTheApi", Map.of("loadtest.target.baseUrl", "embedded"));

        events.assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void anInvalidBaseUrlFailsNamingTheProperty() {
        Events events = TestKit.execute(
                        ConfiguredUrlTestCases.class,
                        "injectsTheConfiguredUrl",
                        Map.of("loadtest.target.baseUrl", "ftp://x"))
                .allEvents();

        assertThat(TestKit.failureMessage(events)).contains("loadtest.target.baseUrl");
    }

    @Test
    void theEmbeddedPlatformsSimulatorsAreInjected() {
        Events events = TestKit.run(PmsTestCases.class, "simulatorsOfThePlatform", Map.of());

        events.assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void aPlatformBesideTheSuiteGivesTheSimulatorsBehindTheNamedProxy() {
        try (EmbeddedPlatform beside = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(), io.voiceload.platform.PlatformOptions.defaults())) {
            BESIDE.set(beside.pms());
            Events events = TestKit.run(
                    PmsTestCases.class,
                    "simulatorsBehindTheNamedProxy",
                    Map.of(
                            "loadtest.target.baseUrl",
                            beside.platform().baseUrl().toString(),
                            "loadtest.faults.proxies",
                            "pms=" + beside.pms().primaryProxy()));

            events.assertStatistics(s -> s.started(1).succeeded(1));
        } finally {
            BESIDE.set(null);
        }
        assertThat(PmsUpstream.behind("pms_nothing")).isEmpty();
    }

    @Test
    void aDeploymentsPmsIsNotInjectedAndTheFailureNamesTheSetting() throws IOException {
        try (Deployment deployment = Deployment.answering(200)) {
            Events events = TestKit.execute(
                            PmsTestCases.class,
                            "simulatorsBehindTheNamedProxy",
                            Map.of("loadtest.target.baseUrl", deployment.url()))
                    .allEvents();

            assertThat(TestKit.failureMessage(events))
                    .contains("target.base_url names a deployment (" + deployment.url() + ")")
                    .contains("-Dloadtest.faults.proxies=pms=<proxy>");
        }
    }

    /** The simulators {@link PmsTestCases#simulatorsBehindTheNamedProxy} expect. */
    static final AtomicReference<PmsUpstream> BESIDE = new AtomicReference<>();

    @FixtureOnly
    @WithPlatform
    static class PmsTestCases {
        @Test
        void simulatorsOfThePlatform(PlatformEndpoint platform, PmsUpstream pms) {
            assertThat(platform.embedded()).isTrue();
            assertThat(pms.primaryProxy()).isEqualTo(EmbeddedPlatform.PMS_PROXY);
            assertThat(pms.primary().data()).isSameAs(pms.secondary().data());
        }

        @Test
        void simulatorsBehindTheNamedProxy(PmsUpstream pms) {
            assertThat(pms).isSameAs(BESIDE.get());
        }
    }

    static int live(URI baseUrl) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(baseUrl.resolve("/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Target({ElementType.TYPE, ElementType.METHOD})
    @Retention(RetentionPolicy.RUNTIME)
    @WithPlatform
    @interface WithHotelPlatform {}

    @FixtureOnly
    @WithPlatform
    static class EmbeddedTestCases {
        @Test
        void servesTheApi(PlatformEndpoint platform) throws Exception {
            assertThat(platform.embedded()).isTrue();
            assertThat(platform.baseUrl().getHost()).isEqualTo("127.0.0.1");
            assertThat(live(platform.baseUrl())).isEqualTo(200);
            SEEN.add(platform.baseUrl());
        }

        @Test
        void sameEndpointForEveryTest(PlatformEndpoint platform) {
            SEEN.add(platform.baseUrl());
        }
    }

    @FixtureOnly
    @WithPlatform
    static class OtherClassTestCases {
        @Test
        void sameEndpointInAnotherClass(PlatformEndpoint platform) {
            SEEN.add(platform.baseUrl());
        }
    }

    @FixtureOnly
    @WithHotelPlatform
    static class ComposedTestCases {
        @Test
        void composedAnnotationWorks(PlatformEndpoint platform) {
            SEEN.add(platform.baseUrl());
        }
    }

    /** The deployment {@link ConfiguredUrlTestCases} expect to be given. */
    static final AtomicReference<URI> CONFIGURED = new AtomicReference<>();

    /** A stand-in deployment on loopback: answers every request with one status, remembers what it was asked. */
    record Deployment(HttpServer server, ConcurrentLinkedQueue<String> asked) implements AutoCloseable {
        static Deployment answering(int status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
            ConcurrentLinkedQueue<String> asked = new ConcurrentLinkedQueue<>();
            server.createContext("/", exchange -> {
                asked.add(exchange.getRequestURI().toString());
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return new Deployment(server, asked);
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @FixtureOnly
    @WithPlatform
    static class ConfiguredUrlTestCases {
        @Test
        void injectsTheConfiguredUrl(PlatformEndpoint platform) {
            assertThat(platform).isEqualTo(new PlatformEndpoint(CONFIGURED.get(), false));
            assertThat(platform.resolve("/calls")).isEqualTo(URI.create(CONFIGURED.get() + "/calls"));
        }

        @Test
        void sameInAnotherTest(PlatformEndpoint platform) {
            assertThat(platform.baseUrl()).isEqualTo(CONFIGURED.get());
        }
    }

    @FixtureOnly
    @WithPlatform
    static class OtherConfiguredUrlTestCases {
        @Test
        void injectsTheConfiguredUrl(PlatformEndpoint platform) {
            assertThat(platform.baseUrl()).isEqualTo(CONFIGURED.get());
        }
    }
}
