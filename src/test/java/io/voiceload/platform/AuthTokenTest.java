package io.voiceload.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.junit.EmbeddedPlatform;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.WithPlatform;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Access token validation, session expiry and the login limit, against platforms of their own: one with
 * a known JWT secret (so tests can forge tokens) and a login limit of 3 per username every 2 s, one whose
 * sessions live 2 s. They share the suite's Postgres and Redis (and its demo users) with the main one.
 */
@WithPlatform
class AuthTokenTest {

    private static final String SECRET = "a-test-secret-of-sixty-four-bytes-for-hs256-and-hs512-forgeries!";
    private static final String PASSWORD = "guest-demo-password";
    private static final Duration LOGIN_WINDOW = Duration.ofSeconds(2);

    private static EmbeddedPlatform known;
    private static EmbeddedPlatform shortLived;
    private static EmbeddedPlatform ipLimited;
    private static AuthClient knownAuth;
    private static AuthClient shortAuth;
    private static AuthClient ipAuth;

    @BeforeAll
    static void startPlatforms() {
        AuthOptions base =
                AuthOptions.builder().bcryptCost(4).demoUsers(List.of()).build();
        known = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                platformWith(base.toBuilder()
                        .jwtSecret(SECRET)
                        .loginAttemptsPerUsername(3)
                        .loginAttemptsPerIp(1_000)
                        .loginWindow(LOGIN_WINDOW)));
        shortLived = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                platformWith(
                        base.toBuilder().accessTokenTtl(Duration.ofSeconds(1)).sessionTtl(Duration.ofSeconds(2))));
        // Its own window length gives it counters of its own (they are per window length).
        ipLimited = EmbeddedPlatform.startAnother(
                RunningInfrastructure.shared(),
                platformWith(base.toBuilder()
                        .loginAttemptsPerUsername(100)
                        .loginAttemptsPerIp(3)
                        .loginWindow(Duration.ofMillis(2_900))));
        knownAuth = new AuthClient(new Api(new PlatformEndpoint(known.platform().baseUrl(), true)));
        shortAuth = new AuthClient(
                new Api(new PlatformEndpoint(shortLived.platform().baseUrl(), true)));
        ipAuth = new AuthClient(
                Api.anonymous(new PlatformEndpoint(ipLimited.platform().baseUrl(), true)));
    }

    private static PlatformOptions platformWith(AuthOptions.Builder auth) {
        return PlatformOptions.builder().auth(auth.build()).build();
    }

    @AfterAll
    static void stopPlatforms() {
        try {
            if (known != null) {
                known.close();
            }
        } finally {
            try {
                if (shortLived != null) {
                    shortLived.close();
                }
            } finally {
                if (ipLimited != null) {
                    ipLimited.close();
                }
            }
        }
    }

    @Test
    void aTokenSignedWithTheSecretAndTheRightClaimsIsAccepted() throws Exception {
        JWTClaimsSet claims = claimsOfALogin("guest-0121");
        assertThat(knownAuth
                        .me(sign(claims, JWSAlgorithm.HS256, new MACSigner(SECRET)))
                        .status())
                .isEqualTo(200);
    }

    @Test
    void expiredForgedAndForeignTokensAre401() throws Exception {
        JWTClaimsSet claims = claimsOfALogin("guest-0122");
        MACSigner right = new MACSigner(SECRET);
        Instant now = Instant.now();

        assertRefused(sign(
                with(claims, b -> b.issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(2))))),
                JWSAlgorithm.HS256,
                right));
        assertRefused(sign(claims, JWSAlgorithm.HS256, new MACSigner(SECRET.replace('a', 'b'))));
        assertRefused(new PlainJWT(claims).serialize());
        assertRefused(sign(claims, JWSAlgorithm.HS512, right));
        assertRefused(sign(claims, JWSAlgorithm.RS256, new RSASSASigner(new RSAKeyGenerator(2048).generate())));
        assertRefused(sign(with(claims, b -> b.issuer("someone-else")), JWSAlgorithm.HS256, right));
        assertRefused(sign(with(claims, b -> b.audience("another-api")), JWSAlgorithm.HS256, right));
        assertRefused(sign(with(claims, b -> b.claim("sid", "no-such-session")), JWSAlgorithm.HS256, right));
        assertRefused(sign(with(claims, b -> b.claim("sid", null)), JWSAlgorithm.HS256, right));
        assertRefused(sign(with(claims, b -> b.claim("role", "owner")), JWSAlgorithm.HS256, right));
    }

    @Test
    void aTokenMintedWithAnotherRoleOrUserForALiveSessionIsRefused() throws Exception {
        JWTClaimsSet claims = claimsOfALogin("guest-0127");
        MACSigner right = new MACSigner(SECRET);
        assertThat(knownAuth.me(sign(claims, JWSAlgorithm.HS256, right)).status())
                .as("the session is live")
                .isEqualTo(200);

        assertRefused(sign(with(claims, b -> b.claim("role", "admin")), JWSAlgorithm.HS256, right));
        assertRefused(sign(with(claims, b -> b.subject("admin-0001")), JWSAlgorithm.HS256, right));
        assertRefused(sign(with(claims, b -> b.claim("hotel", "another-hotel")), JWSAlgorithm.HS256, right));
        Api.Response mismatch =
                knownAuth.me(sign(with(claims, b -> b.claim("role", "manager")), JWSAlgorithm.HS256, right));
        assertThat(mismatch.body().path("error").asText()).isEqualTo("the access token does not match its session");
    }

    @Test
    void aPayloadChangedAfterSigningIsRefused() throws Exception {
        String token =
                knownAuth.loggedIn("guest-0123", PASSWORD).path("accessToken").asText();
        String[] parts = token.split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"guest\"", "\"admin\"");
        String forged = parts[0] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
                + parts[2];

        assertThat(knownAuth.me(token).status()).isEqualTo(200);
        assertRefused(forged);
    }

    @Test
    void aSessionExpiresAfterItsTtl() throws Exception {
        JsonNode login = shortAuth.loggedIn("guest-0124", PASSWORD);
        String token = login.path("accessToken").asText();
        assertThat(shortAuth.me(token).status()).isEqualTo(200);
        long start = System.nanoTime();

        Api.Response expired =
                AuthClient.await(() -> shortAuth.me(token), r -> r.status() == 401, Duration.ofSeconds(8));

        expired.assertError(401);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
        shortAuth.refresh(login.path("refreshToken").asText()).assertError(401);
    }

    @Test
    void theLoginLimitAnswers429WithRetryAfterAndRecoversAfterTheWindow() throws Exception {
        String username = "guest-0125";
        for (int i = 0; i < 3; i++) {
            knownAuth.login(username, "wrong-password").assertError(401);
        }

        Api.Response limited = knownAuth.login(username, PASSWORD);
        limited.assertError(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, LOGIN_WINDOW.toSeconds());
        assertThat(limited.body().path("details").path("limit").asText()).contains("3 per username");
        String unknown = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            knownAuth.login(unknown, "x").assertError(401);
        }
        assertThat(knownAuth.login(unknown, "x").status())
                .as("unknown usernames are limited the same way")
                .isEqualTo(429);

        Api.Response recovered = AuthClient.await(
                () -> knownAuth.login(username, PASSWORD), r -> r.status() != 429, LOGIN_WINDOW.multipliedBy(3));
        assertThat(recovered.status()).as(recovered.raw()).isEqualTo(200);
    }

    @Test
    void theLoginLimitPerClientAddressCountsEveryUsername() {
        for (int i = 0; i < 3; i++) {
            ipAuth.login("nobody-" + UUID.randomUUID().toString().substring(0, 8), "x")
                    .assertError(401);
        }

        Api.Response limited = ipAuth.login("guest-0126", PASSWORD);

        limited.assertError(429);
        assertThat(limited.body().path("details").path("limit").asText()).contains("3 per client address");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isBetween(1L, 3L);
    }

    private static void assertRefused(String token) {
        Api.Response refused = knownAuth.me(token);
        refused.assertError(401);
        assertThat(refused.header("WWW-Authenticate")).contains("invalid_token");
    }

    private static JWTClaimsSet claimsOfALogin(String username) throws Exception {
        String token =
                knownAuth.loggedIn(username, PASSWORD).path("accessToken").asText();
        return SignedJWT.parse(token).getJWTClaimsSet();
    }

    private static JWTClaimsSet with(JWTClaimsSet claims, UnaryOperator<JWTClaimsSet.Builder> change) {
        return change.apply(new JWTClaimsSet.Builder(claims)).build();
    }

    private static String sign(JWTClaimsSet claims, JWSAlgorithm algorithm, JWSSigner signer) throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(algorithm).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }
}
