package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.pms.PmsOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The connector's answers to what a PMS may say that the simulator does not script: a version conflict on a
 * conditional guest update (409 or 412), a 200 whose body is not JSON, a 429, statuses the connector has no
 * meaning for. A platform of its own in front of a loopback fake PMS (a JDK HttpServer): one guest
 * {@code G-000001} whose version rises with each update and honours {@code If-Match}; reservation
 * {@code GZ-000001} answered with HTML; while {@code forcedStatus} is set, every request but {@code /health}
 * answered with it and {@code forcedBody}.
 */
@WithInfrastructure
class PmsUpstreamAnswersTest {

    private static final String GUEST = "/pms/guests/G-000001";

    private final AtomicLong version = new AtomicLong(5);
    private final Map<String, String> lastIfMatch = new ConcurrentHashMap<>();
    /** Status of a version conflict: 409, or 412 as some PMSs answer a failed If-Match. */
    private volatile int conflictStatus = 409;

    private volatile int forcedStatus;
    private volatile String forcedBody = "";
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private HttpServer fake;
    private EmbeddedPlatform platform;
    private Api api;
    private Api admin;

    @BeforeEach
    void start() throws IOException {
        forgetCachedGuest();
        fake = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        fake.setExecutor(executor);
        fake.createContext("/", this::answer);
        fake.start();
        URI url = URI.create("http://127.0.0.1:" + fake.getAddress().getPort());
        platform = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                PlatformOptions.builder()
                        .pms(PmsOptions.builder().primary(url).build())
                        .build());
        admin = new Api(new PlatformEndpoint(platform.platform().baseUrl(), true)).as(Role.ADMIN);
        api = admin.asService();
    }

    /** The guest's versions restart at 5 with each fake: what an earlier one left in the shared Redis must go. */
    private static void forgetCachedGuest() {
        RedisClient client = RunningInfrastructure.shared().newRedisClient();
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.sync().del("voiceload:pms:guest:G-000001");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @AfterEach
    void stop() {
        if (platform != null) {
            platform.close();
        }
        fake.stop(0);
        executor.shutdownNow();
    }

    @Test
    void ifMatchIsPassedOnAConflictIs409WithTheCurrentVersionAndEveryAnswerCarriesItsETag() {
        Api.Response read = api.get(GUEST);
        assertThat(read.status()).as(read.raw()).isEqualTo(200);
        assertThat(read.header("ETag")).isEqualTo("\"5\"");

        Api.Response updated = patch("{\"vip\": true}", "\"5\"");
        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(lastIfMatch).containsEntry("If-Match", "\"5\"");
        assertThat(updated.body().path("version").asLong()).isEqualTo(6);
        assertThat(updated.header("ETag")).isEqualTo("\"6\"");

        // A retry of the same write (as after a timeout) meets the write it repeats: 409, current version 6.
        Api.Response conflict = patch("{\"vip\": true}", "\"5\"");
        JsonNode error = conflict.assertError(409);
        assertThat(error.path("error").asText()).isEqualTo("version conflict");
        assertThat(error.path("details").path("currentVersion").asLong()).isEqualTo(6);
        assertThat(conflict.header("X-Pms-Endpoint")).isEqualTo("primary");

        assertConflictInvalidatesTheCachedProfile();
    }

    @Test
    void aPreconditionFailedIsThe409VersionConflictWithTheCurrentVersion() {
        conflictStatus = 412;
        Api.Response conflict = patch("{\"vip\": true}", "\"4\"");
        JsonNode error = conflict.assertError(409);
        assertThat(error.path("error").asText()).isEqualTo("version conflict");
        assertThat(error.path("details").path("currentVersion").asLong()).isEqualTo(5);
        assertThat(patch("{\"vip\": true}", "\"5\"").status()).isEqualTo(200);

        assertConflictInvalidatesTheCachedProfile();

        forcedStatus = 412; // without a body: still a conflict, without the current version
        JsonNode bare = patch("{\"vip\": true}", "\"7\"").assertError(409);
        assertThat(bare.path("error").asText()).isEqualTo("version conflict");
        assertThat(bare.path("details").path("currentVersion").isMissingNode()).isTrue();
    }

    /**
     * At version 6: cached as a hit, changed in the PMS by someone else (7), a write from 6 is refused; the
     * cached 6 must not be served any more.
     */
    private void assertConflictInvalidatesTheCachedProfile() {
        assertThat(api.get(GUEST).header("ETag")).isEqualTo("\"6\"");
        Api.Response cached = api.get(GUEST);
        assertThat(cached.cache()).isEqualTo("hit");
        assertThat(cached.header("ETag")).isEqualTo("\"6\"");

        version.incrementAndGet(); // changed in the PMS by someone else
        assertThat(patch("{\"vip\": false}", "\"6\"")
                        .assertError(409)
                        .path("details")
                        .path("currentVersion")
                        .asLong())
                .isEqualTo(7);
        Api.Response after = api.get(GUEST);
        assertThat(after.cache()).isEqualTo("miss");
        assertThat(after.header("ETag")).isEqualTo("\"7\"");
    }

    @Test
    void aTooManyRequestsIsAFailureOfTheEndpointNotAnAnswer() {
        forcedStatus = 429;
        forcedBody = "{\"error\": \"too many requests\"}";
        Api.Response answer = api.get("/pms/reservations/GZ-000002");
        JsonNode error = answer.assertError(503);
        assertThat(error.path("error").asText()).isEqualTo("pms_unavailable");
        assertThat(error.path("details").path("reasons").path("primary").asText())
                .isEqualTo("answered 429");
        JsonNode primary = admin.get("/admin/pms").body().path("endpoints").get(0);
        assertThat(primary.path("failures").asLong()).isEqualTo(1);
        assertThat(primary.path("failedCallsInWindow").asInt()).isEqualTo(1);

        forcedStatus = 408;
        assertThat(api.get("/pms/reservations/GZ-000002")
                        .assertError(503)
                        .path("details")
                        .path("reasons")
                        .path("primary")
                        .asText())
                .isEqualTo("answered 408");
    }

    @Test
    void aStatusTheConnectorHasNoMeaningForIsA502NamingItNeverA500() {
        forcedStatus = 302;
        assertBadAnswer(api.get("/pms/reservations/GZ-000002"), 302, "GET /reservations/GZ-000002");
        forcedStatus = 201;
        forcedBody = "{\"id\": \"G-000001\", \"version\": 6}";
        assertBadAnswer(patch("{\"vip\": true}", null), 201, "PATCH /guests/G-000001");
        forcedStatus = 403;
        forcedBody = "{\"error\": \"forbidden\"}";
        Api.Response sync = admin.post("/pms/sync", "");
        JsonNode details = assertBadAnswer(sync, 403, null);
        assertThat(details.path("request").asText()).startsWith("GET /changes/reservations?since=");
    }

    @Test
    void aPmsThatRequiresIfMatchIsA400NamingIt() {
        forcedStatus = 428;
        forcedBody = "{\"error\": \"precondition required\"}";
        JsonNode error = patch("{\"vip\": true}", null).assertError(400);
        assertThat(error.path("details").has("If-Match")).as(error.toString()).isTrue();
    }

    /** A 502 {@code pms_bad_answer} naming the endpoint, the status and (unless null) the request; its details. */
    private static JsonNode assertBadAnswer(Api.Response answer, int pmsStatus, String request) {
        JsonNode error = answer.assertError(502);
        assertThat(error.path("error").asText()).isEqualTo("pms_bad_answer");
        JsonNode details = error.path("details");
        assertThat(details.path("endpoint").asText()).isEqualTo("primary");
        assertThat(details.path("pmsStatus").asInt()).isEqualTo(pmsStatus);
        if (request != null) {
            assertThat(details.path("request").asText()).isEqualTo(request);
        }
        return details;
    }

    @Test
    void aTwoHundredThatIsNotJsonIsA503NamingTheReasonNotA500() {
        Api.Response answer = api.get("/pms/reservations/GZ-000001");
        JsonNode error = answer.assertError(503);
        assertThat(error.path("error").asText()).isEqualTo("pms_unavailable");
        assertThat(error.path("details").path("reasons").path("primary").asText())
                .isEqualTo("answered 200 with a body that is not JSON");
        assertThat(answer.header("Retry-After")).isEqualTo("1");
    }

    private Api.Response patch(String json, String ifMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(api.endpoint().resolve(GUEST))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json));
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return api.send(request);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            int status;
            String body;
            if (path.equals("/health")) {
                status = 200;
                body = "{\"status\": \"up\"}";
            } else if (forcedStatus != 0) {
                status = forcedStatus;
                body = forcedBody;
            } else if (path.equals("/guests/G-000001")) {
                String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
                if (exchange.getRequestMethod().equals("PATCH")) {
                    lastIfMatch.put("If-Match", String.valueOf(ifMatch));
                }
                synchronized (version) {
                    if (exchange.getRequestMethod().equals("PATCH")
                            && ifMatch != null
                            && !ifMatch.equals("\"" + version.get() + "\"")) {
                        status = conflictStatus;
                        body = "{\"error\": \"version conflict\", \"details\": {\"currentVersion\": " + version.get()
                                + "}}";
                    } else {
                        if (exchange.getRequestMethod().equals("PATCH")) {
                            version.incrementAndGet();
                        }
                        status = 200;
                        body = "{\"id\": \"G-000001\", \"version\": " + version.get() + "}";
                    }
                }
            } else if (path.equals("/reservations/GZ-000001")) {
                status = 200;
                body = "<html><body>Scheduled maintenance</body></html>";
            } else {
                status = 404;
                body = "{\"error\": \"not found\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }
}
