package io.voiceload.infra;

import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Objects;

/**
 * The tests' Redis: where it came from, its version, and how to reach it. Connect through
 * {@link #redisUri()} (the Toxiproxy proxy) so that faults apply; {@link #directRedisUri()} bypasses
 * it. {@link #toString()} masks the password.
 *
 * @param provider where it came from
 * @param version server version, e.g. {@code 6.2.6}
 * @param detail how it was provided, for reports, e.g. {@code redis-server on the PATH}
 * @param direct the server itself, as this JVM reaches it
 * @param proxied the Toxiproxy proxy {@code redis} in front of it
 * @param username ACL user; null for the default user
 * @param password password; null when none is needed
 * @param database database index
 */
public record RedisEndpoint(
        ProviderKind provider,
        String version,
        String detail,
        HostPort direct,
        HostPort proxied,
        String username,
        String password,
        int database) {

    /** Lettuce's command timeout for URIs built here. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    public RedisEndpoint {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(direct, "direct");
        Objects.requireNonNull(proxied, "proxied");
    }

    /** A Lettuce URI through the proxy. */
    public RedisURI redisUri() {
        return redisUri(proxied);
    }

    /** A Lettuce URI of the server itself, bypassing Toxiproxy: faults do not apply. */
    public RedisURI directRedisUri() {
        return redisUri(direct);
    }

    private RedisURI redisUri(HostPort address) {
        RedisURI.Builder builder = RedisURI.builder()
                .withHost(address.host())
                .withPort(address.port())
                .withDatabase(database)
                .withTimeout(DEFAULT_TIMEOUT);
        if (password != null && username != null) {
            builder.withAuthentication(username, password);
        } else if (password != null) {
            builder.withPassword(password.toCharArray());
        }
        return builder.build();
    }

    @Override
    public String toString() {
        return "RedisEndpoint[" + provider + " " + version + ", " + detail + ", direct " + direct + ", proxied "
                + proxied + ", database " + database + (password == null ? "" : ", password ***") + "]";
    }
}
