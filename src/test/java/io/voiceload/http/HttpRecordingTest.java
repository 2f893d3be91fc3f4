package io.voiceload.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RequestStats;
import io.voiceload.load.RunOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What the fast client records inside {@link LoadRunner#run}: names, failures, error kinds, connections. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpRecordingTest {
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private StubServer stub;

    /** The transport under test; {@code Raw…Test} runs the same tests with {@link Transport#RAW}. */
    Transport transport() {
        return Transport.VERTX;
    }

    Http.Builder builder(String baseUrl) {
        return Http.builder(baseUrl).transport(transport());
    }

    @BeforeAll
    void start() throws IOException {
        stub = StubServer.start();
    }

    @AfterAll
    void stop() {
        stub.close();
    }

    @Test
    void eachRequestIsOneSampleUnderItsTemplateNotItsConcretePath() {
        try (Http http = builder(stub.baseUrl()).build()) {
            LoadResult result = LoadRunner.run(
                    LoadPlan.closed(4).requests(5).build(),
                    user -> {
                        http.get("/echo/calls/{id}", user.id() * 100 + user.iteration())
                                .send();
                        http.post("/echo/calls").json("{}").send();
                    },
                    QUIET);

            assertThat(result.requests()).containsOnlyKeys("GET /echo/calls/{id}", "POST /echo/calls");
            RequestStats get = result.requests().get("GET /echo/calls/{id}");
            assertThat(get.successes()).isEqualTo(20);
            assertThat(get.failures()).isZero();
            assertThat(get.percentile(50)).isPositive();
            assertThat(result.requests().get("POST /echo/calls").successes()).isEqualTo(20);
            assertThat(result.iterations().successes()).isEqualTo(20);
        }
    }

    @Test
    void unexpectedStatusesAreFailuresCountedByStatusAndExpectedOnesAreSuccesses() {
        try (Http http = builder(stub.baseUrl()).build()) {
            LoadResult result = LoadRunner.run(
                    LoadPlan.closed(2).requests(3).build(),
                    user -> {
                        http.post("/status/{code}", 409).expect(409).send(); // an expected conflict: a success
                        http.get("/status/{code}", 500).allowAnyStatus().send(); // recorded as failed, not thrown
                        http.get("/status/{code}", 404).allowAnyStatus().send(); // 4xx allowed: a success
                        http.get("/status/{code}", 503).send(); // throws: the iteration fails
                    },
                    QUIET);

            assertThat(result.requests().get("POST /status/{code}").successes()).isEqualTo(6);
            assertThat(result.requests().get("POST /status/{code}").failures()).isZero();

            RequestStats get = result.requests().get("GET /status/{code}");
            assertThat(get.successes()).isEqualTo(6);
            assertThat(get.failures()).isEqualTo(12);
            assertThat(get.errors())
                    .containsOnly(
                            org.assertj.core.api.Assertions.entry("HTTP 500", 6L),
                            org.assertj.core.api.Assertions.entry("HTTP 503", 6L));
            assertThat(result.iterations().failures()).isEqualTo(6);
            assertThat(result.iterations().errors()).containsOnlyKeys("HTTP 503");
        }
    }

    @Test
    void aRefusedConnectionIsRecordedAsAnErrorOfItsRequest() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (Http http = builder("http://127.0.0.1:" + closedPort).build()) {
            LoadResult result = LoadRunner.run(
                    LoadPlan.closed(2).requests(2).build(),
                    user -> http.get("/calls/{id}", 1).send(),
                    QUIET);
            RequestStats stats = result.requests().get("GET /calls/{id}");
            assertThat(stats.successes()).isZero();
            assertThat(stats.failures()).isEqualTo(4);
            assertThat(stats.errors()).hasSize(1);
            assertThat(stats.errors().keySet().iterator().next())
                    .startsWith("HttpTransportException: GET /calls/{id}: cannot connect to 127.0.0.1:" + closedPort);
            assertThat(result.iterations().failures()).isEqualTo(4);
        }
    }

    @Test
    void aTimeoutIsRecordedAsAnErrorWithinTheBound() {
        try (Http http =
                builder(stub.baseUrl()).requestTimeout(Duration.ofMillis(200)).build()) {
            LoadResult result;
            try {
                result = LoadRunner.run(
                        LoadPlan.closed(3).requests(1).build(),
                        user -> http.get("/stall").send(),
                        QUIET);
            } finally {
                stub.releaseStalled();
            }
            RequestStats stats = result.requests().get("GET /stall");
            assertThat(stats.failures()).isEqualTo(3);
            assertThat(stats.errors().keySet())
                    .singleElement()
                    .asString()
                    .startsWith("RequestTimeoutException: GET /stall");
            assertThat(stats.failureHistogram().getMaxValue())
                    .isBetween(
                            Duration.ofMillis(150).toNanos(),
                            Duration.ofSeconds(3).toNanos());
        }
    }

    @Test
    void connectionsAreKeptAliveAndNeverMoreThanTheUsers() throws IOException {
        try (StubServer own = StubServer.start();
                Http http = builder(own.baseUrl()).build()) {
            int users = 5;
            LoadResult result = LoadRunner.run(
                    LoadPlan.closed(users).requests(40).build(),
                    user -> http.get("/echo").send(),
                    QUIET);
            assertThat(result.requests().get("GET /echo").successes()).isEqualTo(200);
            assertThat(own.requests()).isEqualTo(200);
            assertThat(own.connectionsSeen()).isBetween(1, users);
        }
    }

    @Test
    void outsideALoadRunNothingIsRecordedAndNothingBreaks() {
        try (Http http = builder(stub.baseUrl()).build()) {
            assertThat(http.get("/echo").send().status()).isEqualTo(200);
            LoadResult result = LoadRunner.run(LoadPlan.closed(1).requests(1).build(), user -> {}, QUIET);
            assertThat(result.requests()).isEmpty();
        }
    }
}
