package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import eu.rekawek.toxiproxy.Proxy;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.infra.Dependency;
import io.voiceload.junit.ProxyOf;
import io.voiceload.junit.WithInfrastructure;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.auth.Role;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Login, refresh, logout, me, API keys and user administration through real HTTP against the embedded
 * platform. Each test logs in as its own demo user (guest-01xx), so the login limit of one user is never
 * reached and the shared {@link Api} sessions are never ended.
 */
@WithPlatform
@WithInfrastructure
class AuthApiTest {

    private static final String GUEST_PASSWORD = "guest-demo-password";

    private final Api admin;
    private final AuthClient auth;

    AuthApiTest(PlatformEndpoint platform) {
        this.admin = new Api(platform);
        this.auth = new AuthClient(admin);
    }

    @Test
    void loginIssuesAShortLivedSignedTokenAndARefreshToken() throws Exception {
        JsonNode login = auth.loggedIn("guest-0101", GUEST_PASSWORD);

        assertThat(login.path("tokenType").asText()).isEqualTo("Bearer");
        assertThat(login.path("expiresIn").asLong()).isEqualTo(AuthOptions.DEFAULT_ACCESS_TOKEN_TTL.toSeconds());
        assertThat(login.path("refreshToken").asText()).hasSizeGreaterThan(40);
        assertThat(login.path("user").path("role").asText()).isEqualTo("guest");
        assertThat(login.path("user").path("hotelId").asText()).isEqualTo(AuthOptions.DEFAULT_DEMO_HOTEL_ID);
        SignedJWT jwt = SignedJWT.parse(login.path("accessToken").asText());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("HS256");
        JWTClaimsSet claims = jwt.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("guest-0101");
        assertThat(claims.getStringClaim("role")).isEqualTo("guest");
        assertThat(claims.getIssuer()).isEqualTo(AuthOptions.DEFAULT_ISSUER);
        assertThat(claims.getAudience()).containsExactly(AuthOptions.DEFAULT_AUDIENCE);
        assertThat(claims.getJWTID()).isNotBlank();
        assertThat(Duration.between(
                        claims.getIssueTime().toInstant(),
                        claims.getExpirationTime().toInstant()))
                .isEqualTo(AuthOptions.DEFAULT_ACCESS_TOKEN_TTL);

        Api.Response me = auth.me(login.path("accessToken").asText());
        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.body().path("kind").asText()).isEqualTo("user");
        assertThat(me.body().path("subject").asText()).isEqualTo("guest-0101");
        assertThat(me.body().path("role").asText()).isEqualTo("guest");
        assertThat(me.body().path("sessionId").asText()).isEqualTo(claims.getStringClaim("sid"));
    }

    @Test
    void theSessionLivesInRedisWithItsTtl(StatefulRedisConnection<String, String> redis) throws Exception {
        JsonNode login = auth.loggedIn("guest-0102", GUEST_PASSWORD);
        String sid = SignedJWT.parse(login.path("accessToken").asText())
                .getJWTClaimsSet()
                .getStringClaim("sid");

        long ttl = redis.sync().pttl("auth:session:" + sid);
        assertThat(ttl)
                .isBetween(
                        AuthOptions.DEFAULT_SESSION_TTL.minusMinutes(1).toMillis(),
                        AuthOptions.DEFAULT_SESSION_TTL.toMillis());
        assertThat(redis.sync().smembers("auth:user-sessions:guest-0102")).contains(sid);
        assertThat(redis.sync().hget("auth:session:" + sid, "refresh"))
                .as("only a hash of the refresh token is stored")
                .hasSize(64)
                .isNotEqualTo(login.path("refreshToken").asText());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerInSimilarTime() {
        long[] wrong = new long[3];
        long[] unknown = new long[3];
        Api.Response wrongAnswer = null;
        Api.Response unknownAnswer = null;
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            wrongAnswer = auth.login("guest-0103", "not-the-password");
            wrong[i] = System.nanoTime() - start;
            start = System.nanoTime();
            unknownAnswer = auth.login("nobody-" + UUID.randomUUID().toString().substring(0, 8), "not-the-password");
            unknown[i] = System.nanoTime() - start;
        }

        wrongAnswer.assertError(401);
        unknownAnswer.assertError(401);
        assertThat(unknownAnswer.raw()).isEqualTo(wrongAnswer.raw());
        assertThat(unknownAnswer.header("WWW-Authenticate"))
                .isEqualTo(wrongAnswer.header("WWW-Authenticate"))
                .startsWith("Bearer realm=");
        // Without the dummy hash an unknown user would answer in a few ms instead of a bcrypt's time.
        assertThat(median(unknown)).isGreaterThan(median(wrong) * 4 / 10);
    }

    @Test
    void refreshRotatesTheTokenAndAReusedTokenEndsTheSession() {
        JsonNode login = auth.loggedIn("guest-0104", GUEST_PASSWORD);
        String first = login.path("refreshToken").asText();

        Api.Response refreshed = auth.refresh(first);
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        String second = refreshed.body().path("refreshToken").asText();
        String access = refreshed.body().path("accessToken").asText();
        assertThat(second).isNotEqualTo(first);
        assertThat(access).isNotEqualTo(login.path("accessToken").asText());
        assertThat(auth.me(access).status()).isEqualTo(200);

        Api.Response reused = auth.refresh(first);
        reused.assertError(401);
        assertThat(reused.body().path("error").asText()).contains("already used");
        auth.refresh(second).assertError(401);
        auth.me(access).assertError(401);
        auth.me(login.path("accessToken").asText()).assertError(401);
    }

    @Test
    void aRefreshTokenThatWasNeverIssuedIsUnknownAndEndsNothing() {
        JsonNode login = auth.loggedIn("guest-0107", GUEST_PASSWORD);
        String token = login.path("accessToken").asText();
        String refreshToken = login.path("refreshToken").asText();
        String sid = refreshToken.substring(0, refreshToken.indexOf('.'));

        // Whoever knows the session id (it is in every access token) makes up a token for it.
        Api.Response madeUp = auth.refresh(sid + ".made-up-secret-of-the-right-length-0000000000");
        madeUp.assertError(401);
        assertThat(madeUp.body().path("error").asText()).contains("unknown");
        auth.refresh(sid + ".").assertError(401);

        assertThat(auth.me(token).status()).as("the session lives on").isEqualTo(200);
        Api.Response refreshed = auth.refresh(refreshToken);
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        // A token issued two rotations ago is still known as used: its reuse ends the session.
        Api.Response again = auth.refresh(refreshed.body().path("refreshToken").asText());
        assertThat(again.status()).as(again.raw()).isEqualTo(200);
        assertThat(auth.refresh(refreshToken).body().path("error").asText()).contains("already used");
        auth.me(again.body().path("accessToken").asText()).assertError(401);
    }

    @Test
    void answersCarryingTokensOrKeysAreNeverStored() {
        Api.Response login = auth.login("guest-0108", GUEST_PASSWORD);
        assertThat(login.status()).as(login.raw()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");
        assertThat(login.header("Pragma")).isEqualTo("no-cache");

        Api.Response refreshed = auth.refresh(login.body().path("refreshToken").asText());
        assertThat(refreshed.status()).as(refreshed.raw()).isEqualTo(200);
        assertThat(refreshed.header("Cache-Control")).isEqualTo("no-store");
        assertThat(refreshed.header("Pragma")).isEqualTo("no-cache");

        Api.Response key = admin.post("/auth/api-keys", Map.of("name", "cache-check", "role", "guest"));
        assertThat(key.status()).as(key.raw()).isEqualTo(201);
        assertThat(key.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void twoAuthorizationHeadersAre400NamingTheHeader() {
        String token =
                auth.loggedIn("guest-0109", GUEST_PASSWORD).path("accessToken").asText();
        String key = AuthOptions.DEFAULT_DEMO_API_KEYS.getFirst().headerValue();

        for (String path : List.of("/auth/me", "/health/live")) {
            JsonNode twice = admin.as(Role.ANYONE)
                    .send(java.net.http.HttpRequest.newBuilder(admin.endpoint().resolve(path))
                            .header("Authorization", "Bearer " + token)
                            .header("Authorization", "Bearer " + token)
                            .GET())
                    .assertError(400);
            assertThat(twice.path("error").asText()).isEqualTo("two Authorization headers; send one");
            assertThat(twice.path("details").path("header").asText()).isEqualTo("Authorization");
        }
        JsonNode keys = admin.as(Role.ANYONE)
                .send(java.net.http.HttpRequest.newBuilder(admin.endpoint().resolve("/auth/me"))
                        .header("X-API-Key", key)
                        .header("X-API-Key", key)
                        .GET())
                .assertError(400);
        assertThat(keys.path("details").path("header").asText()).isEqualTo("X-API-Key");
        assertThat(auth.me(token).status()).isEqualTo(200);
    }

    @Test
    void changingARoleEndsTheUsersSessionsAndTheNextLoginCarriesTheNewRole() {
        String username = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin.post(
                "/auth/users",
                Map.of("username", username, "password", "a-long-password", "role", "guest", "hotelId", "h1"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode login = auth.loggedIn(username, "a-long-password");
        String token = login.path("accessToken").asText();
        assertThat(auth.withToken("GET", "/calls?limit=1", token).status()).isEqualTo(403);

        Api.Response changed = admin.post("/auth/users/" + username + "/role", Map.of("role", "front_desk"));
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().path("role").asText()).isEqualTo("front_desk");
        assertThat(changed.body().path("sessionsEnded").asInt()).isEqualTo(1);
        auth.me(token).assertError(401);
        auth.refresh(login.path("refreshToken").asText()).assertError(401);

        String promoted =
                auth.loggedIn(username, "a-long-password").path("accessToken").asText();
        assertThat(auth.me(promoted).body().path("role").asText()).isEqualTo("front_desk");
        assertThat(auth.withToken("GET", "/calls?limit=1", promoted).status()).isEqualTo(200);

        JsonNode bad = admin.post("/auth/users/" + username + "/role", Map.of("role", "owner"))
                .assertError(400);
        assertThat(bad.path("details").path("role").asText())
                .isEqualTo("must be one of [guest, front_desk, manager, admin]");
        admin.post("/auth/users/nobody-at-all/role", Map.of("role", "guest")).assertError(404);
        auth.withToken("POST", "/auth/users/" + username + "/role", promoted).assertError(403);
    }

    @Test
    void logoutEndsOnlyThatSession() {
        JsonNode one = auth.loggedIn("guest-0105", GUEST_PASSWORD);
        JsonNode other = auth.loggedIn("guest-0105", GUEST_PASSWORD);
        String token = one.path("accessToken").asText();

        Api.Response logout = auth.withToken("POST", "/auth/logout", token);
        assertThat(logout.status()).as(logout.raw()).isEqualTo(204);

        Api.Response after = auth.me(token);
        after.assertError(401);
        assertThat(after.header("WWW-Authenticate")).contains("invalid_token");
        auth.refresh(one.path("refreshToken").asText()).assertError(401);
        assertThat(auth.me(other.path("accessToken").asText()).status()).isEqualTo(200);
    }

    @Test
    void requestsWithoutValidCredentialsAre401WithAChallenge() {
        Api.Response none = admin.as(Role.ANYONE).get("/calls");
        none.assertError(401);
        assertThat(none.header("WWW-Authenticate")).isEqualTo("Bearer realm=\"voiceload\"");

        auth.with("GET", "/calls", "Authorization", "Basic YWRtaW46YWRtaW4=").assertError(401);
        auth.withToken("GET", "/calls", "not-a-jwt").assertError(401);
        auth.withToken("GET", "/calls", "").assertError(401);
    }

    @Test
    void badLoginBodiesName400TheFields() {
        JsonNode missing =
                admin.as(Role.ANYONE).post("/auth/login", Map.of("user", "x")).assertError(400);
        assertThat(missing.path("details").path("username").asText()).isEqualTo("is required");
        assertThat(missing.path("details").path("password").asText()).isEqualTo("is required");
        assertThat(missing.path("details").path("user").asText()).startsWith("unknown field");

        JsonNode wrongType = admin.as(Role.ANYONE)
                .post("/auth/login", Map.of("username", 7, "password", true))
                .assertError(400);
        assertThat(wrongType.path("details").path("username").asText()).isEqualTo("must be a string, not a number");

        admin.as(Role.ANYONE).post("/auth/login", "{not json").assertError(400);
    }

    @Test
    void apiKeysAreShownOnceAcceptedAndRevocable() {
        Api.Response created = admin.post("/auth/api-keys", Map.of("name", "pms-sync", "role", "front_desk"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.body().path("id").asText();
        String key = created.body().path("key").asText();
        assertThat(key).startsWith("vk_" + id + "_");

        Api.Response me = auth.withApiKey("GET", "/auth/me", key);
        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.body().path("kind").asText()).isEqualTo("api_key");
        assertThat(me.body().path("subject").asText()).isEqualTo(id);
        assertThat(me.body().path("role").asText()).isEqualTo("front_desk");
        assertThat(auth.withApiKey("GET", "/calls?limit=1", key).status()).isEqualTo(200);
        auth.withApiKey("GET", "/auth/api-keys", key).assertError(403);
        assertThat(auth.withApiKey("POST", "/auth/logout", key)
                        .assertError(400)
                        .path("error")
                        .asText())
                .contains("revoke the key");

        char last = key.charAt(key.length() - 1);
        String tampered = key.substring(0, key.length() - 1) + (last == 'A' ? 'B' : 'A');
        auth.withApiKey("GET", "/calls?limit=1", tampered).assertError(401);
        // vk_<id>_<secret>: the secret is base64url, so it may itself hold '_'.
        String secret = key.substring(key.indexOf('_', "vk_".length()) + 1);
        auth.withApiKey("GET", "/calls?limit=1", "vk_ffffffffffffffff_" + secret)
                .assertError(401);
        auth.withApiKey("GET", "/calls?limit=1", "garbage").assertError(401);

        JsonNode listed = admin.get("/auth/api-keys").body();
        JsonNode entry = findById(listed.path("items"), id);
        assertThat(entry.path("name").asText()).isEqualTo("pms-sync");
        assertThat(entry.path("revokedAt").isNull()).isTrue();
        assertThat(listed.toString()).doesNotContain(secret);

        assertThat(admin.send(java.net.http.HttpRequest.newBuilder(
                                        admin.endpoint().resolve("/auth/api-keys/" + id))
                                .DELETE())
                        .status())
                .isEqualTo(204);
        auth.withApiKey("GET", "/calls?limit=1", key).assertError(401);
        assertThat(findById(admin.get("/auth/api-keys").body().path("items"), id)
                        .path("revokedAt")
                        .asText())
                .isNotBlank();
        admin.send(java.net.http.HttpRequest.newBuilder(admin.endpoint().resolve("/auth/api-keys/nosuchkey"))
                        .DELETE())
                .assertError(404);
    }

    @Test
    void aKeyNeedsANameAndAKnownRole() {
        JsonNode error = admin.post("/auth/api-keys", Map.of("role", "janitor", "scope", "x"))
                .assertError(400);
        assertThat(error.path("details").path("name").asText()).isEqualTo("is required");
        assertThat(error.path("details").path("role").asText())
                .isEqualTo("must be one of [guest, front_desk, manager, admin]");
        assertThat(error.path("details").path("scope").asText()).startsWith("unknown field");
    }

    @Test
    void theDemoServiceKeyWorks() {
        Api.Response me = auth.withApiKey(
                "GET", "/auth/me", AuthOptions.DEFAULT_DEMO_API_KEYS.getFirst().headerValue());
        assertThat(me.status()).as(me.raw()).isEqualTo(200);
        assertThat(me.body().path("subject").asText()).isEqualTo("demo0001");
    }

    @Test
    void disablingAUserEndsItsSessionsAndRefusesItsLogins() {
        String username = "test-" + UUID.randomUUID().toString().substring(0, 8);
        Api.Response created = admin.post(
                "/auth/users",
                Map.of("username", username, "password", "a-long-password", "role", "front_desk", "hotelId", "h1"));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        admin.post(
                        "/auth/users",
                        Map.of("username", username, "password", "a-long-password", "role", "guest", "hotelId", "h1"))
                .assertError(409);
        String token =
                auth.loggedIn(username, "a-long-password").path("accessToken").asText();
        assertThat(auth.me(token).status()).isEqualTo(200);

        Api.Response disabled = admin.post("/auth/users/" + username + "/disable", "");
        assertThat(disabled.status()).as(disabled.raw()).isEqualTo(200);
        assertThat(disabled.body().path("sessionsEnded").asInt()).isEqualTo(1);
        auth.me(token).assertError(401);
        auth.login(username, "a-long-password").assertError(401);

        assertThat(admin.post("/auth/users/" + username + "/enable", "").status())
                .isEqualTo(200);
        assertThat(auth.login(username, "a-long-password").status()).isEqualTo(200);
        admin.post("/auth/users/nobody-at-all/disable", "").assertError(404);
    }

    @Test
    void whileRedisIsDownUserTokensFailClosedAndApiKeysStillWork(@ProxyOf(Dependency.REDIS) Proxy redis)
            throws Exception {
        String token =
                auth.loggedIn("guest-0106", GUEST_PASSWORD).path("accessToken").asText();
        String key = AuthOptions.DEFAULT_DEMO_API_KEYS.getFirst().headerValue();

        redis.disable();
        ServerLog.Captured<List<Api.Response>> outage;
        try {
            outage = ServerLog.capture(() -> List.of(
                    auth.me(token),
                    auth.login("guest-0106", GUEST_PASSWORD),
                    auth.withApiKey("GET", "/calls?limit=1", key),
                    admin.as(Role.ANYONE).get("/health/live")));
        } finally {
            redis.enable();
        }
        Api.Response me = outage.value().get(0);
        Api.Response login = outage.value().get(1);
        Api.Response service = outage.value().get(2);
        Api.Response live = outage.value().get(3);
        // One warning per refused request, without a stack trace: the outage is expected, the cause is in the line.
        assertThat(outage.log().split("the session store \\(Redis\\) failed; answering 503", -1))
                .hasSize(3);
        assertThat(outage.log()).doesNotContain("\tat ");

        me.assertError(503);
        assertThat(me.header("Retry-After")).isEqualTo("1");
        login.assertError(503);
        assertThat(service.status()).as(service.raw()).isEqualTo(200);
        assertThat(live.status()).isEqualTo(200);
        Api.Response back = AuthClient.await(() -> auth.me(token), r -> r.status() == 200, Duration.ofSeconds(10));
        assertThat(back.status()).as(back.raw()).isEqualTo(200);
    }

    private static JsonNode findById(JsonNode items, String id) {
        for (JsonNode item : items) {
            if (item.path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("no key " + id + " in " + items);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
