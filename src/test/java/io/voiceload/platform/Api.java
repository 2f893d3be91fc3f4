package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** A small JSON client of the platform over real HTTP, for the functional tests. */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One login per platform and role for the whole JVM: tests must not log these sessions out. */
    private static final Map<SessionKey, PlatformEndpoint.Session> SESSIONS = new ConcurrentHashMap<>();

    private record SessionKey(URI platform, Role role) {}

    private final PlatformEndpoint endpoint;
    private final Role role;
    private final boolean service;

    /**
     * A client acting as a seeded admin. It logs in now (once per platform and role for the JVM), so that
     * a test that later takes Postgres or Redis away still has its credentials.
     */
    Api(PlatformEndpoint endpoint) {
        this(endpoint, Role.ADMIN, false);
        credentials();
    }

    private Api(PlatformEndpoint endpoint, Role role, boolean service) {
        this.endpoint = endpoint;
        this.role = role;
        this.service = service;
    }

    /** A client that sends no credentials and logs nobody in (for login tests that count attempts). */
    static Api anonymous(PlatformEndpoint endpoint) {
        return new Api(endpoint, Role.ANYONE, false);
    }

    /** The same client acting as a seeded demo user of {@code role} ({@link Role#ANYONE}: no credentials). */
    Api as(Role role) {
        Api client = new Api(endpoint, role, false);
        client.credentials(); // logs in now, like the constructor
        return client;
    }

    /**
     * The same client acting as a service: it sends the configured API key ({@code X-API-Key}; the demo
     * key's role is front desk), which is checked in Postgres and so keeps working while Redis is down.
     */
    Api asService() {
        return new Api(endpoint, Role.FRONT_DESK, true);
    }

    /** The platform this client talks to. */
    PlatformEndpoint endpoint() {
        return endpoint;
    }

    /** The role this client acts as (admin unless {@link #as} or {@link #asService} said otherwise). */
    Role role() {
        return role;
    }

    /** Adds this client's credentials to a request built elsewhere (binary bodies, range headers...). */
    HttpRequest.Builder authorize(HttpRequest.Builder request) {
        credentials().forEach(request::setHeader); // replaces: a request sent again carries one Authorization
        return request;
    }

    /**
     * The headers that carry this client's credentials (for WebSocket upgrades and other clients): an
     * {@code Authorization} header of a seeded demo user of {@link #role()}, logged in once per platform
     * and role and cached for the JVM (re-logged in when the token nears expiry); empty for
     * {@link Role#ANYONE}.
     */
    Map<String, String> credentials() {
        if (service) {
            return Map.of("X-API-Key", endpoint.apiKey());
        }
        if (role == Role.ANYONE) {
            return Map.of();
        }
        PlatformEndpoint.Session session = SESSIONS.compute(
                new SessionKey(endpoint.baseUrl(), role),
                (k, current) -> current == null || System.nanoTime() - current.refreshAtNanos() >= 0
                        ? endpoint.login(UserRole.valueOf(role.name()), 0)
                        : current);
        return Map.of("Authorization", session.authorization());
    }

    /** Sends a request built elsewhere, with this client's credentials, and reads the answer as text. */
    Response send(HttpRequest.Builder request) {
        HttpRequest.Builder again = request.copy();
        PlatformEndpoint.Session cached = cachedSession();
        Response answer = sendRaw(authorize(request));
        if (answer.status() == 401 && cached != null && answer.raw().contains("invalid or expired access token")) {
            // The cached token was minted by an earlier platform on the same port (its signing key is gone with it):
            // log in to this one, once.
            SESSIONS.remove(new SessionKey(endpoint.baseUrl(), role), cached);
            return sendRaw(authorize(again));
        }
        return answer;
    }

    /** The session {@link #credentials()} would send from the cache, or null when it would log in (or send none). */
    private PlatformEndpoint.Session cachedSession() {
        if (service || role == Role.ANYONE) {
            return null;
        }
        PlatformEndpoint.Session current = SESSIONS.get(new SessionKey(endpoint.baseUrl(), role));
        return current == null || System.nanoTime() - current.refreshAtNanos() >= 0 ? null : current;
    }

    /** An answer: status, parsed JSON body (null when it is not JSON), the raw text and the headers. */
    record Response(int status, JsonNode body, String contentType, String cache, String raw, HttpHeaders headers) {

        /** The first value of a response header, or "" when absent. */
        String header(String name) {
            return headers.firstValue(name).orElse("");
        }

        /** Asserts a JSON error answer of this status and returns its body. */
        JsonNode assertError(int expected) {
            assertThat(status).as("status of %s", raw).isEqualTo(expected);
            assertThat(contentType).startsWith("application/json");
            assertThat(body.path("status").asInt()).isEqualTo(expected);
            assertThat(body.path("error").asText()).isNotBlank();
            assertThat(body.has("details")).isTrue();
            assertThat(raw).doesNotContain("Exception").doesNotContain("\tat ");
            return body;
        }
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path)).GET());
    }

    Response post(String path, String body) {
        return send(HttpRequest.newBuilder(endpoint.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Response post(String path, Map<String, ?> body) {
        try {
            return post(path, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Creates a call for {@code hotelId} and returns its id. */
    String createCall(String hotelId) {
        Response created = post("/calls", validCall(hotelId));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().path("id").asText();
    }

    /** Posts an event, expecting 201, and returns the stored event. */
    JsonNode event(String callId, String type) {
        Response r = post("/calls/" + callId + "/events", Map.of("type", type));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.body();
    }

    static Map<String, Object> validCall(String hotelId) {
        return Map.of(
                "hotelId", hotelId,
                "callerNumber", "+41446681800",
                "direction", "inbound",
                "language", "en-US",
                "department", "front_desk");
    }

    /** A hotel id no other test uses, so tests never depend on what else is in the shared database. */
    static String newHotel() {
        return "hotel-" + UUID.randomUUID().toString().substring(0, 12);
    }

    private static Response sendRaw(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r =
                    CLIENT.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode body;
            try {
                body = r.body().isEmpty() ? null : JSON.readTree(r.body());
            } catch (JsonProcessingException e) {
                body = null;
            }
            return new Response(
                    r.statusCode(),
                    body,
                    r.headers().firstValue("Content-Type").orElse(""),
                    r.headers().firstValue("X-Cache").orElse(""),
                    r.body(),
                    r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
