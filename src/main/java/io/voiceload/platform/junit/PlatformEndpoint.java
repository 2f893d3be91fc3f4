package io.voiceload.platform.junit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.voiceload.config.TargetCredentials;
import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the platform under test answers, and who the suite logs in as there; injected by
 * {@link WithPlatform @WithPlatform}.
 *
 * <pre>{@code
 * @LoadTest(users = 50, requests = 100)
 * void createCalls(VirtualUser user, PlatformEndpoint platform) {
 *     String authorization = platform.session(user, UserRole.FRONT_DESK); // "Bearer ..."
 * }
 * }</pre>
 *
 * @param baseUrl the platform's base URL, without a trailing slash
 * @param embedded true when this JVM started the platform, false when it came from
 *     {@code loadtest.target.baseUrl}
 * @param credentials users per role and the service API key, from {@code target.credentials}
 */
public record PlatformEndpoint(URI baseUrl, boolean embedded, TargetCredentials credentials) {

    /** How long before its expiry an access token is refreshed, at most (a quarter of its lifetime if shorter). */
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(30);

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The user attribute holding a role's session: {@code voiceload.platform.session.} and the role's name. */
    private static final Map<UserRole, String> SESSION_ATTRIBUTES = sessionAttributes();

    public PlatformEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(credentials, "credentials");
        String text = baseUrl.toString();
        if (text.endsWith("/")) {
            baseUrl = URI.create(text.substring(0, text.length() - 1));
        }
    }

    /** An endpoint with the demo credentials of the embedded platform. */
    public PlatformEndpoint(URI baseUrl, boolean embedded) {
        this(baseUrl, embedded, TargetCredentials.DEMO);
    }

    /** {@code baseUrl} joined with {@code path}: {@code resolve("/calls?limit=5")}. */
    public URI resolve(String path) {
        return URI.create(baseUrl + (path.startsWith("/") ? path : "/" + path));
    }

    /** The configured service API key, for the {@code X-API-Key} header. */
    public String apiKey() {
        return credentials
                .serviceApiKey()
                .orElseThrow(() -> new IllegalStateException("no target.credentials.api_key configured"));
    }

    /**
     * The {@code Authorization} header value ({@code Bearer <access token>}) of {@code user} acting as
     * {@code role}: on first use the virtual user logs in as its own user of the role's pool (user
     * {@code id % count + 1}, so distinct virtual users get distinct users up to the pool's size); the
     * session is kept in the user's attributes for the run and refreshed shortly before the token
     * expires (logging in again if the refresh is refused). Login and refresh are not recorded as
     * requests of the run.
     *
     * @throws IllegalArgumentException for a role without configured users
     * @throws IllegalStateException when the login is refused
     */
    public String session(VirtualUser user, UserRole role) {
        String key = sessionAttribute(role);
        Map<String, Object> attributes = user.attributes();
        Session session = (Session) attributes.get(key);
        long now = System.nanoTime();
        if (session == null) {
            session = login(role, user.id());
        } else if (now - session.refreshAtNanos() >= 0) {
            Session refreshed = refresh(session);
            session = refreshed != null ? refreshed : login(role, user.id());
        }
        attributes.put(key, session);
        return "Bearer " + session.accessToken();
    }

    /**
     * Logs in as the user of {@code role}'s pool that virtual user {@code virtualUserId} maps to
     * ({@code id % count + 1}).
     */
    public Session login(UserRole role, int virtualUserId) {
        return login(role, virtualUserId, TIMEOUT);
    }

    /** As {@link #login(UserRole, int)}, waiting at most {@code timeout} for the answer. */
    Session login(UserRole role, int virtualUserId, Duration timeout) {
        TargetCredentials.UserPool pool = pool(role);
        String username = pool.usernameFor(virtualUserId);
        JsonNode answer = post("/auth/login", Map.of("username", username, "password", pool.password()), timeout);
        if (answer == null) {
            throw new IllegalStateException("login of " + username + " (" + role + ") at " + baseUrl
                    + " was refused; check target.credentials");
        }
        return Session.from(username, answer);
    }

    /** The refreshed session, or null when the platform refused the refresh token. */
    private Session refresh(Session session) {
        JsonNode answer = post("/auth/refresh", Map.of("refreshToken", session.refreshToken()), TIMEOUT);
        return answer == null ? null : Session.from(session.username(), answer);
    }

    /** The user attribute holding {@code role}'s session. */
    static String sessionAttribute(UserRole role) {
        return SESSION_ATTRIBUTES.get(role);
    }

    private static Map<UserRole, String> sessionAttributes() {
        Map<UserRole, String> attributes = new EnumMap<>(UserRole.class);
        for (UserRole role : UserRole.values()) {
            attributes.put(role, "voiceload.platform.session." + role.name());
        }
        return attributes;
    }

    private TargetCredentials.UserPool pool(UserRole role) {
        String wire = role.wireName();
        return credentials
                .pool(wire)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no users for role " + wire + " in target.credentials; configured: "
                                + credentials.users().keySet()));
    }

    /**
     * The answer's JSON on 200, null on a 4xx refusal; anything else throws. A {@code 503} or {@code 429} with {@code
     * Retry-After} (the platform's login pool is busy, or its rate limit) is tried again after that wait while {@code
     * timeout} allows it: a burst of virtual users logging in at once is the platform degrading as it should, not a
     * failure of the test.
     */
    private JsonNode post(String path, Map<String, String> body, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                HttpRequest request = HttpRequest.newBuilder(resolve(path))
                        .timeout(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 1_000_000)))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                        .build();
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return JSON.readTree(response.body());
                }
                if (response.statusCode() >= 400 && response.statusCode() < 500 && response.statusCode() != 429) {
                    return null;
                }
                long wait = retryAfterNanos(response);
                if (wait >= 0 && System.nanoTime() + wait < deadline) {
                    Thread.sleep(Duration.ofNanos(wait));
                    continue;
                }
                throw new IllegalStateException("POST " + path + " at " + baseUrl + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("POST " + path + " at " + baseUrl + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during POST " + path, e);
        }
    }

    /** A 503's or 429's {@code Retry-After} in seconds, as nanoseconds (at most 5 s); -1 for any other answer. */
    private static long retryAfterNanos(HttpResponse<String> response) {
        if (response.statusCode() != 503 && response.statusCode() != 429) {
            return -1;
        }
        try {
            return response.headers()
                    .firstValue("Retry-After")
                    .map(v -> Duration.ofSeconds(Math.min(Long.parseLong(v.strip()), 5))
                            .toNanos())
                    .orElse(-1L);
        } catch (NumberFormatException e) {
            return -1; // an HTTP date: not sent by the platform; not worth waiting on
        }
    }

    /**
     * A login session of the suite: who, its tokens, and when (System.nanoTime) to refresh it.
     *
     * @param expiresIn the access token's lifetime as the platform announced it
     */
    public record Session(
            String username, String accessToken, String refreshToken, Duration expiresIn, long refreshAtNanos) {

        static Session from(String username, JsonNode answer) {
            Duration ttl = Duration.ofSeconds(answer.path("expiresIn").asLong(60));
            Duration margin = ttl.dividedBy(4).compareTo(REFRESH_MARGIN) < 0 ? ttl.dividedBy(4) : REFRESH_MARGIN;
            return new Session(
                    username,
                    answer.path("accessToken").asText(),
                    answer.path("refreshToken").asText(),
                    ttl,
                    System.nanoTime() + ttl.minus(margin).toNanos());
        }

        /** {@code Bearer <access token>}. */
        public String authorization() {
            return "Bearer " + accessToken;
        }

        @Override
        public String toString() {
            return "Session[" + username + ", expires in " + expiresIn + "]";
        }
    }
}
