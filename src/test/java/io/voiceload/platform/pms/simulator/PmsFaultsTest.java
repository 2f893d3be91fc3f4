package io.voiceload.platform.pms.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.voiceload.platform.ServerLog;
import io.voiceload.platform.http.Json;
import io.voiceload.platform.pms.simulator.PmsFaultPlan.Outcome;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Each fault a {@link PmsFaultPlan} plays, as a JDK HttpClient sees it; rates, seeds, paths, refusing connections. */
class PmsFaultsTest {

    private static final PmsData DATA = PmsData.seeded(5, 200, 300);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static PmsSimulator pms;

    @BeforeAll
    static void start() {
        pms = PmsSimulator.start("primary", DATA, 0, Duration.ZERO);
    }

    @AfterAll
    static void stop() {
        pms.close();
    }

    @AfterEach
    void clear() {
        pms.clearFaults();
        pms.acceptConnections();
    }

    @Test
    void errorsAnswerTheStatusWithRetryAfterFor503And429() throws Exception {
        pms.faults(PmsFaultPlan.builder().errors(1, 503).build());
        HttpResponse<String> unavailable = get("/reservations/GZ-000001");
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(Json.MAPPER
                        .readTree(unavailable.body())
                        .path("details")
                        .path("fault")
                        .asText())
                .isEqualTo("error");

        pms.faults(PmsFaultPlan.builder().errors(1, 429).build());
        assertThat(get("/reservations/GZ-000001").headers().firstValue("Retry-After"))
                .hasValue("1");

        pms.faults(PmsFaultPlan.builder().errors(1, 500).build());
        HttpResponse<String> failed = get("/reservations/GZ-000001");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.headers().firstValue("Retry-After")).isEmpty();
        assertThat(get("/health").statusCode())
                .as("/health is spared by default")
                .isEqualTo(200);
    }

    @Test
    void downAnswers503BeforeAnyFaultIsDrawnAndAllPathsMayIncludeHealth() throws Exception {
        pms.faults(PmsFaultPlan.builder().errors(1, 500).paths("/").build());
        assertThat(get("/health").statusCode())
                .as("paths(\"/\") includes /health")
                .isEqualTo(500);
        long drawn = pms.faultsInjected().get("error");

        pms.down();
        try {
            HttpResponse<String> down = get("/guests/G-000001");
            assertThat(down.statusCode()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
        } finally {
            pms.up();
        }
        assertThat(pms.faultsInjected().get("error")).isEqualTo(drawn);
    }

    @Test
    void malformedAnswers200WithABodyThatIsNotJson() throws Exception {
        String whole = get("/changes/reservations?limit=50").body();
        long before = pms.faultsInjected().get("malformed");
        pms.faults(PmsFaultPlan.builder().malformed(1).build());

        HttpResponse<String> malformed = get("/changes/reservations?limit=50");

        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThat(whole).startsWith(malformed.body());
        assertThat(malformed.body()).hasSize(whole.length() / 2);
        assertThatThrownBy(() -> Json.MAPPER.readTree(malformed.body())).isInstanceOf(JsonProcessingException.class);
        assertThat(pms.faultsInjected().get("malformed")).isEqualTo(before + 1);
    }

    @Test
    void emptyReplyClosesTheConnectionWithNothingWritten() {
        pms.faults(PmsFaultPlan.builder().emptyReply(1).build());
        long before = pms.faultsInjected().get("emptyReply");

        assertThatThrownBy(() -> get("/reservations/GZ-000001"))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no bytes")
                .rootCause()
                .as("a close, not a reset")
                .hasMessageNotContaining("reset");
        assertThat(pms.faultsInjected().get("emptyReply")).isGreaterThan(before);
    }

    @Test
    void resetSendsATcpReset() {
        pms.faults(PmsFaultPlan.builder().reset(1).build());

        assertThatThrownBy(() -> get("/reservations/GZ-000001"))
                .isInstanceOf(IOException.class)
                .rootCause()
                .isInstanceOf(java.net.SocketException.class)
                .hasMessage("Connection reset");
    }

    @Test
    void cutMidBodySendsTheHeadersAndHalfTheBodyThenCloses() throws Exception {
        pms.faults(PmsFaultPlan.builder().cutMidBody(1).paths("/changes/").build());

        assertThatThrownBy(() -> get("/changes/reservations?limit=500")).isInstanceOf(IOException.class);

        // the same at the socket: the full Content-Length, then fewer bytes, then the end
        pms.faults(PmsFaultPlan.builder().cutMidBody(1).paths("/changes/").build());
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", pms.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream()
                    .write("GET /changes/reservations?limit=500 HTTP/1.1\r\nHost: pms\r\n\r\n".getBytes());
            String reply = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            int split = reply.indexOf("\r\n\r\n");
            assertThat(reply).startsWith("HTTP/1.1 200");
            long length = Long.parseLong(reply.lines()
                    .filter(l -> l.toLowerCase().startsWith("content-length:"))
                    .findFirst()
                    .orElseThrow()
                    .substring("content-length:".length())
                    .strip());
            int received = reply.length() - split - 4;
            assertThat(received).isGreaterThan(0).isEqualTo((int) (length / 2));
        }
        assertThat(get("/guests/G-000001").statusCode()).as("outside paths").isEqualTo(200);
    }

    @Test
    void slowBodyDribblesTheWholeBodyOverTheGivenTime() throws Exception {
        String whole = get("/reservations/GZ-000002").body();
        pms.faults(PmsFaultPlan.builder().slowBody(1, Duration.ofMillis(600)).build());

        long start = System.nanoTime();
        HttpResponse<String> slow = get("/reservations/GZ-000002");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(slow.statusCode()).isEqualTo(200);
        assertThat(slow.body()).isEqualTo(whole);
    }

    @Test
    void aClientThatGivesUpDuringASlowOrCutBodyLeavesNoErrorBehind() throws Exception {
        Map<String, Long> before = pms.faultsInjected();
        ServerLog.Captured<Void> captured = ServerLog.capture(() -> {
            pms.faults(
                    PmsFaultPlan.builder().slowBody(1, Duration.ofMillis(1_500)).build());
            for (String confirmation : List.of("GZ-000001", "GZ-000002", "GZ-000003")) {
                // Gives up after 200 ms and aborts the exchange (the JDK client's own timeout ends at the headers).
                CompletableFuture<HttpResponse<String>> answer = HTTP.sendAsync(
                        HttpRequest.newBuilder(uri("/reservations/" + confirmation))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThatThrownBy(() -> answer.get(200, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
                answer.cancel(true);
            }
            pms.faults(PmsFaultPlan.builder().cutMidBody(1).build());
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> get("/reservations/GZ-000001")).isInstanceOf(IOException.class);
            }
            Thread.sleep(2_000); // the dribbles write on after their clients are gone
            pms.clearFaults();
            assertThat(get("/health").statusCode()).isEqualTo(200);
            return null;
        });
        assertThat(captured.log()).doesNotContain("errorId").doesNotContain("Exception");
        assertThat(pms.faultsInjected().get("slowBody") - before.get("slowBody"))
                .isEqualTo(3);
        assertThat(pms.faultsInjected().get("cutMidBody") - before.get("cutMidBody"))
                .isEqualTo(3);
    }

    @Test
    void aFixedDelayHoldsEveryAnswer() throws Exception {
        pms.faults(PmsFaultPlan.builder().fixedDelay(Duration.ofMillis(300)).build());
        long start = System.nanoTime();
        assertThat(get("/guests/G-000002").statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(pms.faultsInjected().get("delayed")).isPositive();
    }

    @Test
    void delaysFollowTheirDistributions() {
        PmsFaultPlan logNormal = PmsFaultPlan.builder()
                .logNormalDelay(Duration.ofMillis(90), 0.5)
                .build();
        List<Long> draws = new ArrayList<>();
        for (long n = 1; n <= 20_000; n++) {
            draws.add(logNormal.decide(n).delay().toNanos());
        }
        draws.sort(null);
        double median = draws.get(10_000) / 1e6;
        double p99 = draws.get(19_800) / 1e6;
        assertThat(median).isBetween(85.0, 95.0);
        // e^(0.5 × 2.326) ≈ 3.2 times the median: the long tail
        assertThat(p99).isBetween(90 * 2.9, 90 * 3.5);

        PmsFaultPlan uniform = PmsFaultPlan.builder()
                .uniformDelay(Duration.ofMillis(50), Duration.ofMillis(150))
                .build();
        for (long n = 1; n <= 2_000; n++) {
            assertThat(uniform.decide(n).delay()).isBetween(Duration.ofMillis(50), Duration.ofMillis(150));
        }
    }

    @Test
    void ratesAreHonouredAndCountedOverAThousandRequests() throws Exception {
        PmsFaultPlan plan = PmsFaultPlan.builder()
                .seed(42)
                .errors(0.2, 502)
                .malformed(0.1)
                .paths("/guests/")
                .build();
        Map<Outcome, Integer> drawn = new EnumMap<>(Outcome.class);
        for (long n = 1; n <= 100_000; n++) {
            drawn.merge(plan.decide(n).outcome(), 1, Integer::sum);
        }
        assertThat(drawn.get(Outcome.ERROR) / 100_000.0).isCloseTo(0.2, org.assertj.core.data.Offset.offset(0.005));
        assertThat(drawn.get(Outcome.MALFORMED) / 100_000.0).isCloseTo(0.1, org.assertj.core.data.Offset.offset(0.005));

        Map<String, Long> before = pms.faultsInjected();
        pms.faults(plan);
        int errors = 0;
        int malformed = 0;
        for (int i = 0; i < 1_000; i++) {
            HttpResponse<String> r = get("/guests/G-" + String.format("%06d", 1 + i % 200));
            if (r.statusCode() == 502) {
                errors++;
            } else if (!r.body().endsWith("}")) {
                malformed++;
            }
        }
        // 5 standard deviations of a binomial of 1,000 draws
        assertThat(errors).isBetween(200 - 63, 200 + 63);
        assertThat(malformed).isBetween(100 - 47, 100 + 47);
        assertThat(pms.faultsInjected().get("error") - before.get("error")).isEqualTo(errors);
        assertThat(pms.faultsInjected().get("malformed") - before.get("malformed"))
                .isEqualTo(malformed);
    }

    @Test
    void theSameSeedReplaysTheSameDecisionsAndAnotherSeedDoesNot() throws Exception {
        PmsFaultPlan plan =
                PmsFaultPlan.builder().seed(7).errors(0.3, 500).malformed(0.2).build();
        List<Integer> first = statuses(plan, 60);
        List<Integer> again = statuses(plan, 60);
        List<Integer> other = statuses(
                PmsFaultPlan.builder().seed(8).errors(0.3, 500).malformed(0.2).build(), 60);

        assertThat(again).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
        for (long n = 1; n <= 1_000; n++) {
            assertThat(plan.decide(n)).isEqualTo(plan.decide(n));
        }
    }

    private static List<Integer> statuses(PmsFaultPlan plan, int count) throws Exception {
        pms.faults(plan);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            HttpResponse<String> r = get("/guests/G-000003");
            statuses.add(r.body().endsWith("}") ? r.statusCode() : -r.statusCode());
        }
        return statuses;
    }

    @Test
    void refusingConnectionsEndsAnswersUnderWayAndAcceptingReopensTheSamePortNumber() throws Exception {
        int port = pms.port();
        pms.faults(PmsFaultPlan.builder().fixedDelay(Duration.ofSeconds(3)).build());
        CompletableFuture<HttpResponse<String>> underWay = HTTP.sendAsync(
                HttpRequest.newBuilder(uri("/guests/G-000004"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(300);

        long start = System.nanoTime();
        pms.refuseConnections();

        assertThatThrownBy(() -> underWay.get(2, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(pms.isAcceptingConnections()).isFalse();
        assertThatThrownBy(() -> get("/health")).isInstanceOf(ConnectException.class);

        pms.clearFaults();
        pms.acceptConnections();
        HttpResponse<String> samePort = HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(samePort.statusCode())
                .as("answers again on the port number it had")
                .isEqualTo(200);
        pms.acceptConnections(); // idempotent
        assertThat(get("/health").statusCode()).isEqualTo(200);

        try (PmsSimulator other = PmsSimulator.start("other", DATA, 0, Duration.ZERO)) {
            other.refuseConnections();
            other.refuseConnections(); // idempotent; closing a refusing simulator frees its port
        }
    }

    @Test
    void theAdminApiRoundTripsAPlanAndIsNeverFaultedNorCounted() throws Exception {
        PmsFaultPlan plan = PmsFaultPlan.builder()
                .seed(3)
                .logNormalDelay(Duration.ofMillis(20), 0.3)
                .errors(0.1, 429)
                .cutMidBody(0.05)
                .slowBody(0.05, Duration.ofMillis(500))
                .paths("/changes/", "/guests/")
                .build();
        assertThat(PmsFaultPlan.fromJson(plan.toJson())).isEqualTo(plan);

        long requests = pms.requestsReceived();
        HttpResponse<String> put = send("PUT", "/__admin/faults", plan.toJson().toString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(pms.faults()).isEqualTo(plan);
        assertThat(PmsFaultPlan.fromJson(Json.MAPPER.readTree(put.body()).path("plan")))
                .isEqualTo(plan);

        pms.faults(PmsFaultPlan.builder().errors(1, 500).build()); // even with every request failing
        HttpResponse<String> state = send("GET", "/__admin/faults", null);
        assertThat(state.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER
                        .readTree(state.body())
                        .path("injected")
                        .path("error")
                        .isNumber())
                .isTrue();
        pms.down();
        assertThat(send("DELETE", "/__admin/faults", null).statusCode()).isEqualTo(200);
        pms.up();
        assertThat(pms.faults()).isEqualTo(PmsFaultPlan.NONE);
        assertThat(pms.requestsReceived()).isEqualTo(requests);
    }

    @Test
    void theAdminApiRefusesABadPlanNamingEachField() throws Exception {
        HttpResponse<String> bad = send(
                "PUT",
                "/__admin/faults",
                "{\"errors\": {\"rate\": 0.5, \"status\": 404}, \"reset\": 1.5,"
                        + " \"delay\": {\"kind\": \"gamma\"}, \"slowBody\": {\"rate\": 0.1, \"overMs\": 120000},"
                        + " \"paths\": [\"changes\"], \"chaos\": true}");

        assertThat(bad.statusCode()).isEqualTo(400);
        var details = Json.MAPPER.readTree(bad.body()).path("details");
        assertThat(details.path("errors").asText()).contains("500-599 or 429");
        assertThat(details.path("reset").asText()).contains("0 to 1");
        assertThat(details.path("delay").asText()).contains("fixed").contains("logNormal");
        assertThat(details.path("slowBody").asText()).contains("0 to 60 s");
        assertThat(details.path("paths").asText()).contains("start with /");
        assertThat(details.path("chaos").asText()).startsWith("unknown field");
        assertThat(pms.faults()).isEqualTo(PmsFaultPlan.NONE);

        HttpResponse<String> tooMuch = send("PUT", "/__admin/faults", "{\"malformed\": 0.6, \"emptyReply\": 0.6}");
        assertThat(tooMuch.statusCode()).isEqualTo(400);
        assertThat(Json.MAPPER
                        .readTree(tooMuch.body())
                        .path("details")
                        .path("rates")
                        .asText())
                .contains("at most 1");
    }

    @Test
    void theBuilderNamesTheArgumentAndTheAllowedValues() {
        assertThatThrownBy(() -> PmsFaultPlan.builder().errors(0.1, 404))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("errors status must be 500-599 or 429, not 404");
        assertThatThrownBy(() -> PmsFaultPlan.builder().malformed(-0.1))
                .hasMessageContaining("malformed rate must be from 0 to 1");
        assertThatThrownBy(() -> PmsFaultPlan.builder().fixedDelay(Duration.ofSeconds(61)))
                .hasMessageContaining("fixedDelay must be from 0 to 60 s");
        assertThatThrownBy(() -> PmsFaultPlan.builder().uniformDelay(Duration.ofMillis(9), Duration.ofMillis(1)))
                .hasMessageContaining("max must be at least min");
        assertThatThrownBy(() ->
                        PmsFaultPlan.builder().fixedDelay(Duration.ofMillis(1)).logNormalDelay(Duration.ofMillis(1), 1))
                .hasMessageContaining("only one of fixedDelay, uniformDelay and logNormalDelay");
        assertThatThrownBy(
                        () -> PmsFaultPlan.builder().reset(0.7).cutMidBody(0.7).build())
                .hasMessageContaining("add up to at most 1");
        assertThatThrownBy(() -> PmsFaultPlan.builder().paths("guests")).hasMessageContaining("start with /");
        assertThat(PmsFaultPlan.builder()
                        .errors(0.25, 503)
                        .paths("/changes/")
                        .build()
                        .toString())
                .isEqualTo("PmsFaultPlan[seed 1, errors 503 25.00%, on /changes/]");
    }

    private static URI uri(String path) {
        return URI.create(pms.baseUrl() + path);
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    private static HttpResponse<String> send(String method, String path, String json)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        request.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
