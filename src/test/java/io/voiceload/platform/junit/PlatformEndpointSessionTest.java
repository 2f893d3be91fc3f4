package io.voiceload.platform.junit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.config.TargetCredentials;
import io.voiceload.junit.FixtureOnly;
import io.voiceload.junit.LoadTest;
import io.voiceload.junit.TestKit;
import io.voiceload.load.VirtualUser;
import io.voiceload.platform.auth.Role;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.Events;

/** {@link PlatformEndpoint#session}: one login per virtual user, as its own user, refreshed when due. */
class PlatformEndpointSessionTest {

    static final Map<Integer, List<String>> SEEN = new ConcurrentHashMap<>();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void distinctVirtualUsersLogInAsDistinctUsersOnceAndRefreshWhenDue() {
        SEEN.clear();

        Events events = TestKit.run(SessionTestCases.class, "eachVirtualUserHasItsOwnSession");

        events.assertStatistics(s -> s.started(1).succeeded(1));
        assertThat(SEEN).containsOnlyKeys(0, 1, 2);
        for (int id = 0; id < 3; id++) {
            List<String> seen = SEEN.get(id);
            String user = "guest-000" + (id + 1);
            // iteration 0 logs in, iteration 1 reuses the session, iteration 2 finds it due and refreshes it
            assertThat(seen).hasSize(3).allMatch(s -> s.startsWith(user + " "));
            assertThat(seen.get(1)).isEqualTo(seen.get(0));
            assertThat(seen.get(2)).isNotEqualTo(seen.get(1));
        }
    }

    @Test
    void aLoginAnsweredBusyIsTriedAgainAfterItsRetryAfterAndAnyOtherFailureIsNot() throws Exception {
        java.util.concurrent.atomic.AtomicInteger logins = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer server =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/auth/login", exchange -> {
            int n = logins.incrementAndGet();
            byte[] body = (n == 1
                            ? "{\"error\": \"login is busy\"}"
                            : n == 2
                                    ? "{\"accessToken\": \"a\", \"refreshToken\": \"r\", \"expiresIn\": 900}"
                                    : "{\"error\": \"boom\"}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            if (n == 1) {
                exchange.getResponseHeaders().add("Retry-After", "1");
            }
            exchange.sendResponseHeaders(n == 1 ? 503 : n == 2 ? 200 : 500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            PlatformEndpoint endpoint = new PlatformEndpoint(
                    URI.create("http://127.0.0.1:" + server.getAddress().getPort()), false, TargetCredentials.DEMO);
            long start = System.nanoTime();

            PlatformEndpoint.Session session = endpoint.login(UserRole.FRONT_DESK, 0);

            assertThat(session.accessToken()).isEqualTo("a");
            assertThat(logins).hasValue(2);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> endpoint.login(UserRole.FRONT_DESK, 0))
                    .hasMessageContaining("answered 500");
            assertThat(logins).hasValue(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void theSuitesRolesAreTheRolesThePlatformGrants() {
        assertThat(Arrays.stream(UserRole.values()).map(UserRole::wireName))
                .containsExactlyElementsOf(Role.wireNames());
    }

    @Test
    void theUserOfAVirtualUserWrapsAroundThePool() {
        TargetCredentials.UserPool guests = TargetCredentials.DEMO.pool("guest").orElseThrow();

        assertThat(guests.usernameFor(0)).isEqualTo("guest-0001");
        assertThat(guests.usernameFor(199)).isEqualTo("guest-0200");
        assertThat(guests.usernameFor(200)).isEqualTo("guest-0001");
    }

    @FixtureOnly
    @WithPlatform
    static class SessionTestCases {
        @LoadTest(users = 3, requests = 3)
        void eachVirtualUserHasItsOwnSession(VirtualUser user, PlatformEndpoint platform) throws Exception {
            String authorization = platform.session(user, UserRole.GUEST);
            HttpResponse<String> me = HTTP.send(
                    HttpRequest.newBuilder(URI.create(platform.baseUrl() + "/auth/me"))
                            .header("Authorization", authorization)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
            JsonNode body = JSON.readTree(me.body());
            SEEN.computeIfAbsent(user.id(), k -> new CopyOnWriteArrayList<>())
                    .add(body.path("subject").asText() + " " + authorization);
            if (user.iteration() == 1) {
                // Make the session due, as if its token were about to expire.
                String key = PlatformEndpoint.sessionAttribute(UserRole.GUEST);
                PlatformEndpoint.Session session =
                        (PlatformEndpoint.Session) user.attributes().get(key);
                user.attributes()
                        .put(
                                key,
                                new PlatformEndpoint.Session(
                                        session.username(),
                                        session.accessToken(),
                                        session.refreshToken(),
                                        session.expiresIn(),
                                        System.nanoTime() - 1));
            }
        }
    }
}
