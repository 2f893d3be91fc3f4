package io.voiceload.platform.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.source.ImmutableSecret;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Issues and validates access tokens: JWTs signed with HS256 (Nimbus JOSE+JWT) carrying {@code sub},
 * {@code role}, {@code hotel}, {@code sid}, {@code iss}, {@code aud}, {@code iat}, {@code exp} and
 * {@code jti}. Validation pins the algorithm to HS256 (so {@code alg: none}, other HMAC sizes and
 * public-key algorithms are refused), checks the signature, the issuer and audience exactly, requires
 * every claim, and allows {@code clockSkew} on the times. Whether the session still exists is the
 * caller's check ({@link Sessions}).
 */
final class AccessTokens {

    private static final JOSEObjectType JWT = JOSEObjectType.JWT;

    private final MACSigner signer;
    private final DefaultJWTProcessor<SecurityContext> processor;
    private final String issuer;
    private final String audience;
    private final Duration ttl;
    private final Clock clock;

    AccessTokens(AuthOptions options, Clock clock) {
        byte[] secret = options.jwtSecret() == null
                ? randomSecret()
                : options.jwtSecret().getBytes(StandardCharsets.UTF_8);
        try {
            this.signer = new MACSigner(secret);
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT secret: " + e.getMessage(), e);
        }
        this.issuer = options.issuer();
        this.audience = options.audience();
        this.ttl = options.accessTokenTtl();
        this.clock = clock;
        DefaultJWTProcessor<SecurityContext> p = new DefaultJWTProcessor<>();
        p.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JWT, null));
        p.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.HS256, new ImmutableSecret<>(secret)));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(
                Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(),
                Set.of("sub", "role", "sid", "iat", "exp", "jti"),
                Set.of());
        claims.setMaxClockSkew((int) options.clockSkew().toSeconds());
        p.setJWTClaimsSetVerifier(claims);
        this.processor = p;
    }

    /** A signed access token for a session of {@code user}; valid for the configured TTL from now. */
    String issue(String username, Role role, String hotelId, String sessionId) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(username)
                .claim("role", role.wireName())
                .claim("hotel", hotelId)
                .claim("sid", sessionId)
                .issuer(issuer)
                .audience(audience)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256).type(JWT).build(), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign an access token", e);
        }
        return jwt.serialize();
    }

    Duration ttl() {
        return ttl;
    }

    /** The token's user, role, hotel and session; empty when the token is not valid for any reason. */
    Optional<Principal> verify(String token) {
        try {
            JWTClaimsSet claims = processor.process(token, null);
            Optional<Role> role = Role.fromWire(claims.getStringClaim("role"));
            String sid = claims.getStringClaim("sid");
            if (role.isEmpty() || sid == null || sid.isBlank()) {
                return Optional.empty();
            }
            return Optional.of(new Principal(
                    Principal.USER, claims.getSubject(), role.get(), claims.getStringClaim("hotel"), sid));
        } catch (ParseException | BadJOSEException | JOSEException | RuntimeException e) {
            // Nimbus refuses unsigned, mis-signed, wrong-algorithm, expired and foreign tokens alike.
            return Optional.empty();
        }
    }

    private static byte[] randomSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }
}
