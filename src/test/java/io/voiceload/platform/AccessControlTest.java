package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.auth.AuthModule;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.auth.Principal;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.http.ErrorResponses;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import io.voiceload.platform.module.PlatformContext;
import io.voiceload.platform.module.PlatformModule;
import io.voiceload.platform.store.Migrations;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Deny by default: the role matrix of the platform's endpoints, a route without roles failing the start,
 * and WebSocket upgrades checked like any request.
 */
@WithPlatform
class AccessControlTest {

    private static HikariDataSource pool;
    private static ClientResources resources;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    private final Api api;
    private final String callId;

    AccessControlTest(PlatformEndpoint platform) {
        this.api = new Api(platform);
        this.callId = api.createCall(Api.newHotel());
    }

    @BeforeAll
    static void connect() {
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        pool = infrastructure.newDataSource("access-control-test");
        resources = DefaultClientResources.create();
        redisClient = infrastructure.newRedisClient(resources);
        redis = redisClient.connect();
        Migrations.apply(pool);
    }

    @AfterAll
    static void disconnect() {
        redis.close();
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        pool.close();
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3_000);
    }

    /**
     * Expected status per role: anyone (no credentials), guest, front desk, manager, admin. A 404 is an
     * answer of the handler, so access was granted (h1 has no routing, nobody is no user).
     */
    @ParameterizedTest(name = "{0} {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET  | /health/live                   | 200 200 200 200 200
            GET  | /health/ready                  | 200 200 200 200 200
            POST | /calls                         | 401 201 201 201 201
            GET  | /calls?limit=1                 | 401 403 200 200 200
            GET  | /calls/{call}                  | 401 403 200 200 200
            GET  | /calls/{call}/events           | 401 403 200 200 200
            POST | /calls/{call}/events           | 401 403 201 201 201
            GET  | /routing/decide?hotelId=h1&department=front_desk | 401 403 404 404 404
            GET  | /auth/me                       | 401 200 200 200 200
            GET  | /auth/api-keys                 | 401 403 403 403 200
            POST | /auth/users/nobody/disable     | 401 403 403 403 404
            """)
    void roleMatrix(String method, String path, String expected) {
        String[] statuses = expected.split(" ");
        Role[] roles = {Role.ANYONE, Role.GUEST, Role.FRONT_DESK, Role.MANAGER, Role.ADMIN};
        for (int i = 0; i < roles.length; i++) {
            Api client = api.as(roles[i]);
            String resolved = path.replace("{call}", freshCall(path));
            Api.Response r = method.equals("GET") ? client.get(resolved) : client.post(resolved, body(path));
            assertThat(r.status())
                    .as("%s %s as %s: %s", method, path, roles[i], r.raw())
                    .isEqualTo(Integer.parseInt(statuses[i]));
            if (r.status() == 401 || r.status() == 403) {
                r.assertError(r.status());
            }
        }
    }

    @Test
    void aForbiddenAnswerNamesTheRoleAndTheAllowedRoles() {
        Api.Response r = api.as(Role.GUEST).get("/calls?limit=1");

        r.assertError(403);
        assertThat(r.body().path("details").path("role").asText()).isEqualTo("guest");
        assertThat(r.body().path("details").path("allowedRoles").toString())
                .isEqualTo("[\"admin\",\"front_desk\",\"manager\"]");
    }

    @Test
    void aRouteWithoutRolesFailsTheStart() {
        PlatformModule tiny = config -> config.routes.get("/unguarded", ctx -> ctx.result("open"));

        assertThatThrownBy(() -> app(tiny))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route GET /unguarded has no roles");
    }

    @Test
    void aWebSocketWithoutRolesFailsTheStart() {
        PlatformModule tiny = config -> config.routes.ws("/unguarded-ws", ws -> ws.onConnect(c -> {}));

        assertThatThrownBy(() -> app(tiny))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("route WebSocket /unguarded-ws has no roles");
    }

    @Test
    void webSocketUpgradesAreAuthenticated() throws Exception {
        PlatformModule voice = config -> config.routes.ws(
                "/stream",
                ws -> ws.onConnect(
                        c -> c.send(Principal.of(c).map(Principal::subject).orElse("nobody"))),
                Role.STAFF);
        Javalin app = app(voice).start();
        try {
            URI base = URI.create("http://127.0.0.1:" + app.port());
            AuthClient auth = new AuthClient(new Api(new PlatformEndpoint(base, true)));
            String agent = auth.loggedIn("agent-0041", "agent-demo-password")
                    .path("accessToken")
                    .asText();
            String guest = auth.loggedIn("guest-0141", "guest-demo-password")
                    .path("accessToken")
                    .asText();
            URI ws = URI.create("ws://127.0.0.1:" + app.port() + "/stream");

            assertThat(handshake(ws, Map.of())).isEqualTo(401);
            assertThat(handshake(ws, Map.of("Authorization", "Bearer " + guest)))
                    .isEqualTo(403);
            assertThat(handshake(ws, Map.of("Authorization", "Bearer not-a-token")))
                    .isEqualTo(401);
            assertThat(handshake(ws, Map.of("Authorization", "Bearer " + agent)))
                    .isEqualTo(101);
            assertThat(handshake(URI.create(ws + "?access_token=" + agent), Map.of()))
                    .isEqualTo(101);
            assertThat(handshake(
                            ws,
                            Map.of(
                                    "X-API-Key",
                                    AuthOptions.DEFAULT_DEMO_API_KEYS.getFirst().headerValue())))
                    .isEqualTo(101);
        } finally {
            app.stop();
        }
    }

    /** A Javalin app built like the platform's: error answers, the auth module first, then {@code module}. */
    private static Javalin app(PlatformModule module) {
        AuthModule auth = new AuthModule(
                new PlatformContext(pool, redisClient, redis),
                AuthOptions.builder().bcryptCost(4).demoUsers(List.of()).build());
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            ErrorResponses.install(config.routes);
            auth.install(config);
            module.install(config);
        });
    }

    /** The handshake's status: 101 when the upgrade succeeded. */
    private static int handshake(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder =
                HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(builder::header);
        try {
            WebSocket socket =
                    builder.buildAsync(uri, new WebSocket.Listener() {}).join();
            socket.abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    /** The first text message the server sends after the handshake. */
    private static String firstMessage(URI uri, Map<String, String> headers) throws Exception {
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder();
        headers.forEach(builder::header);
        WebSocket socket = builder.buildAsync(uri, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                })
                .join();
        try {
            return first.get(5, TimeUnit.SECONDS);
        } finally {
            socket.abort();
        }
    }

    private String freshCall(String path) {
        return path.contains("{call}") ? api.createCall(Api.newHotel()) : "";
    }

    private static Map<String, ?> body(String path) {
        if (path.equals("/calls")) {
            return Api.validCall(Api.newHotel());
        }
        if (path.endsWith("/events")) {
            return Map.of("type", "started");
        }
        return Map.of();
    }
}
