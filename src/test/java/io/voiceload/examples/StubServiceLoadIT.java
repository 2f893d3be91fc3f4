package io.voiceload.examples;

import static io.voiceload.junit.LoadAssertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.Slo;
import io.voiceload.load.LoadResult;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestInfo;

/**
 * The framework end to end under Failsafe: both workload models against a loopback HTTP service
 * with a known 5 ms service time, judged by SLOs. Not one of the six categories: it shows how a
 * load test reads and proves that {@code mvn verify} runs load tests, prints progress and writes
 * result files.
 */
@Tag("examples")
class StubServiceLoadIT {
    private static final Duration SERVICE_TIME = Duration.ofMillis(5);
    private static HttpServer server;
    private static ExecutorService executor;
    private static HttpClient client;
    private static URI uri;

    @BeforeAll
    static void startService() throws IOException {
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/calls", exchange -> {
            try {
                Thread.sleep(SERVICE_TIME);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] body = "{\"id\":42,\"state\":\"ringing\"}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/calls");
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stopService() {
        client.close();
        server.stop(0);
        executor.close();
    }

    private static void getCall(VirtualUser user) throws Exception {
        HttpResponse<String> response = user.time(
                "GET /calls",
                () -> client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()));
        if (response.statusCode() != 200 || !response.body().contains("\"ringing\"")) {
            throw new AssertionError("unexpected response " + response.statusCode() + ": " + response.body());
        }
    }

    @LoadTest(users = 20, duration = "8s", rampUp = "2s", thinkTime = "10ms..30ms", warmup = "1s")
    @Slo(p95 = "500ms", errorRate = 0)
    @Slo(request = "GET /calls", p50 = "100ms", minThroughput = 50)
    void closedModel(VirtualUser user) throws Exception {
        getCall(user);
    }

    @LoadTest(rate = 100, duration = "8s", maxConcurrency = 300)
    @Slo(p99 = "2s", errorRate = 0, maxDropped = 0)
    void openModel(VirtualUser user) throws Exception {
        getCall(user);
    }

    @AfterEach
    void serviceTimeIsVisible(LoadResult result, TestInfo info) {
        // Every successful sample took at least the service time: the clock measures the service.
        assertThat(result).request("GET /calls").hasNoFailures();
        if (result.iterations().min().compareTo(SERVICE_TIME) < 0) {
            throw new AssertionError(info.getDisplayName() + ": min "
                    + result.iterations().min() + " is below the service time " + SERVICE_TIME);
        }
    }
}
