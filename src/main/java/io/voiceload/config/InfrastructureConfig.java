package io.voiceload.config;

/**
 * The {@code infrastructure} section of {@code load_test_config.json} as written; null when unset.
 * {@link InfrastructureSettings} applies overrides and defaults on top.
 *
 * <pre class="language-json">{@code
 * "infrastructure": {
 *   "docker": "auto",
 *   "postgres":  { "url": null, "image": "postgres:18", "pool_size": 10, "database": "voiceload" },
 *   "redis":     { "url": null, "image": "redis:7" },
 *   "toxiproxy": { "url": null, "image": "ghcr.io/shopify/toxiproxy:2.12.0" }
 * }
 * }</pre>
 *
 * @param docker {@code docker}: auto, never or required
 * @param postgresUrl {@code postgres.url}: an existing server; null = the suite starts one
 * @param postgresImage {@code postgres.image}: the Docker image when Testcontainers starts it
 * @param postgresPoolSize {@code postgres.pool_size}: connections in the tests' pool
 * @param postgresDatabase {@code postgres.database}: the database created (or used when the URL names none)
 * @param redisUrl {@code redis.url}: an existing server; null = the suite starts one
 * @param redisImage {@code redis.image}
 * @param toxiproxyUrl {@code toxiproxy.url}: an existing Toxiproxy API; null = the suite starts one
 * @param toxiproxyImage {@code toxiproxy.image}
 */
public record InfrastructureConfig(
        DockerMode docker,
        PostgresUrl postgresUrl,
        String postgresImage,
        Integer postgresPoolSize,
        String postgresDatabase,
        RedisUrl redisUrl,
        String redisImage,
        ToxiproxyUrl toxiproxyUrl,
        String toxiproxyImage) {

    /** No {@code infrastructure} section: every value from overrides or defaults. */
    public static final InfrastructureConfig NONE =
            new InfrastructureConfig(null, null, null, null, null, null, null, null, null);
}
