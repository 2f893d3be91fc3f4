package io.voiceload.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.hamcrest.Matchers.equalTo;

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

/** REST Assured through {@link RestAssuredSupport}: recorded like the fast client, pooled, never deadlocked. */
class RestAssuredRecordingTest {
    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);
    private static StubServer stub;
    private static RestAssuredSupport ra;

    @BeforeAll
    static void start() throws IOException {
        stub = StubServer.start();
        ra = RestAssuredSupport.to(stub.baseUrl());
        assertThat(ra.warmUp("/echo", Duration.ZERO)).isEqualTo(1);
    }

    @AfterAll
    static void stop() {
        ra.close();
        stub.close();
    }

    @Test
    void requestsAreRecordedUnderTheirTemplateAndChecksStillWork() {
        LoadResult result = LoadRunner.run(
                LoadPlan.closed(3).requests(4).build(),
                user -> {
                    ra.given()
                            .get("/echo/calls/{id}", user.id() * 10 + user.iteration())
                            .then()
                            .statusCode(200)
                            .body("method", equalTo("GET"));
                    ra.given()
                            .body("{}")
                            .contentType("application/json")
                            .post("/echo/calls")
                            .then()
                            .statusCode(200);
                },
                QUIET);

        assertThat(result.requests()).containsOnlyKeys("GET /echo/calls/{id}", "POST /echo/calls");
        assertThat(result.requests().get("GET /echo/calls/{id}").successes()).isEqualTo(12);
        assertThat(result.requests().get("POST /echo/calls").successes()).isEqualTo(12);
        assertThat(result.iterations().failures()).isZero();
    }

    @Test
    void unexpectedStatusesFailByStatusAndDeclaredOnesSucceed() {
        LoadResult result = LoadRunner.run(
                LoadPlan.closed(2).requests(2).build(),
                user -> {
                    ra.given()
                            .filter(RestAssuredSupport.expectStatus(409))
                            .post("/status/{code}", 409)
                            .then()
                            .statusCode(409);
                    ra.given()
                            .get("/status/{code}", 404)
                            .then()
                            .statusCode(404); // checked by the test, recorded as failed
                    ra.given().get("/status/{code}", 503);
                },
                QUIET);

        assertThat(result.requests().get("POST /status/{code}").successes()).isEqualTo(4);
        assertThat(result.requests().get("POST /status/{code}").failures()).isZero();
        RequestStats get = result.requests().get("GET /status/{code}");
        assertThat(get.successes()).isZero();
        assertThat(get.errors()).containsOnly(entry("HTTP 404", 4L), entry("HTTP 503", 4L));
        assertThat(result.iterations().failures()).isZero();
    }

    @Test
    void unreadBodiesDoNotExhaustTheSharedPool() throws IOException {
        try (StubServer own = StubServer.start();
                RestAssuredSupport small = RestAssuredSupport.to(own.baseUrl(), 2, Duration.ofSeconds(3))) {
            // Without the body read by the filter, the third request would wait for a connection forever
            // (here: until the 3 s pool timeout) because nothing returns the first two to the pool.
            LoadResult result = LoadRunner.run(
                    LoadPlan.closed(4).requests(10).build(),
                    user -> small.given().get("/echo"),
                    QUIET);
            RequestStats stats = result.requests().get("GET /echo");
            assertThat(stats.successes()).isEqualTo(40);
            assertThat(stats.failures()).isZero();
            assertThat(own.connectionsSeen()).isBetween(1, 2);
            assertThat(result.totalDuration()).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aRefusedConnectionIsRecordedAndRethrown() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (RestAssuredSupport nowhere =
                RestAssuredSupport.to("http://127.0.0.1:" + closedPort, 2, Duration.ofSeconds(2))) {
            LoadResult result = LoadRunner.run(
                    LoadPlan.closed(1).requests(2).build(),
                    user -> nowhere.given().get("/calls/{id}", 1),
                    QUIET);
            RequestStats stats = result.requests().get("GET /calls/{id}");
            assertThat(stats.failures()).isEqualTo(2);
            assertThat(stats.errors().keySet()).singleElement().asString().contains("Connect");
            assertThat(result.iterations().failures()).isEqualTo(2);
        }
    }

    @Test
    void fullUrlsAndRelativePathsAreRecordedByTheirPath() {
        assertThat(RecordingFilter.template("http://127.0.0.1:8080/calls/{id}")).isEqualTo("/calls/{id}");
        assertThat(RecordingFilter.template("calls/{id}")).isEqualTo("/calls/{id}");
        assertThat(RecordingFilter.template("/calls?status=ringing")).isEqualTo("/calls");
        assertThat(RecordingFilter.template("")).isEqualTo("/");
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> RestAssuredSupport.to("http://h", 0, Duration.ofSeconds(1)))
                .hasMessage("maxConnections = 0: must be between 1 and 10000");
        assertThatThrownBy(() -> RestAssuredSupport.expectStatus(700)).hasMessageContaining("700");
        assertThatThrownBy(() -> ra.warmUp("/echo", Duration.ofMinutes(11))).hasMessageContaining("10 minutes");
    }
}
