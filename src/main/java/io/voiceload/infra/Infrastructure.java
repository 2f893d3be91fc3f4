package io.voiceload.infra;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the tests run against: each dependency's address (direct and through its Toxiproxy proxy),
 * where it came from and its version, whether Docker answered, and every provider tried. Immutable;
 * from {@link RunningInfrastructure#info()}, or injected by {@code @WithInfrastructure}.
 *
 * @param postgres the Postgres
 * @param redis the Redis
 * @param toxiproxy the Toxiproxy in front of both
 * @param docker the Docker check
 * @param attempts every provider tried, in order, per dependency
 * @param startupTime how long starting everything took
 * @param images the image of each dependency a container serves, e.g. {@code postgres:18}
 */
public record Infrastructure(
        PostgresEndpoint postgres,
        RedisEndpoint redis,
        ToxiproxyEndpoint toxiproxy,
        DockerStatus docker,
        List<ProviderAttempt> attempts,
        Duration startupTime,
        Map<Dependency, String> images) {

    public Infrastructure {
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(toxiproxy, "toxiproxy");
        Objects.requireNonNull(docker, "docker");
        attempts = List.copyOf(attempts);
        Objects.requireNonNull(startupTime, "startupTime");
        images = Map.copyOf(images);
    }

    /** The image of a dependency served by a container; empty for the other providers. */
    public Optional<String> image(Dependency dependency) {
        return Optional.ofNullable(images.get(dependency));
    }

    /** Where a dependency came from. */
    public ProviderKind provider(Dependency dependency) {
        return switch (dependency) {
            case POSTGRES -> postgres.provider();
            case REDIS -> redis.provider();
            case TOXIPROXY -> toxiproxy.provider();
        };
    }

    /** A dependency's version as the server reports it. */
    public String version(Dependency dependency) {
        return switch (dependency) {
            case POSTGRES -> postgres.version();
            case REDIS -> redis.version();
            case TOXIPROXY -> toxiproxy.version();
        };
    }

    /** One line, e.g. {@code postgres embedded 18.6, redis embedded 6.2.6, toxiproxy embedded 2.12.0}. */
    public String summary() {
        return "postgres " + postgres.provider() + " " + postgres.version() + ", redis " + redis.provider() + " "
                + redis.version() + ", toxiproxy " + toxiproxy.provider() + " " + toxiproxy.version();
    }

    /** Several lines for logs and reports; passwords are never shown. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("infrastructure started in ")
                .append(seconds(startupTime))
                .append("; Docker ")
                .append(docker);
        sb.append(String.format(
                Locale.ROOT,
                "%n  postgres   %-14s %-8s direct %s, via proxy \"postgres\" %s, database %s (%s)",
                postgres.provider(),
                postgres.version(),
                postgres.direct(),
                postgres.proxied(),
                postgres.database(),
                postgres.detail()));
        sb.append(String.format(
                Locale.ROOT,
                "%n  redis      %-14s %-8s direct %s, via proxy \"redis\" %s, database %d (%s)",
                redis.provider(),
                redis.version(),
                redis.direct(),
                redis.proxied(),
                redis.database(),
                redis.detail()));
        sb.append(String.format(
                Locale.ROOT,
                "%n  toxiproxy  %-14s %-8s api %s (%s)",
                toxiproxy.provider(),
                toxiproxy.version(),
                toxiproxy.url(),
                toxiproxy.detail()));
        sb.append("\n  providers tried:");
        for (ProviderAttempt attempt : attempts) {
            sb.append("\n    ")
                    .append(String.format(
                            Locale.ROOT, "%-10s ", attempt.dependency().key()));
            sb.append(attempt);
        }
        return sb.toString();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.2f s", d.toNanos() / 1e9);
    }
}
