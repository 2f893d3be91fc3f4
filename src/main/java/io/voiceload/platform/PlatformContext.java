package io.voiceload.platform;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What the platform's modules share: the Postgres pool and Redis client (the caller's, never closed by
 * the platform), the platform's own Redis connection, and the options.
 */
public record PlatformContext(
        DataSource dataSource,
        RedisClient redisClient,
        StatefulRedisConnection<String, String> redis,
        PlatformOptions options) {

    public PlatformContext {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(redisClient, "redisClient");
        Objects.requireNonNull(redis, "redis");
        Objects.requireNonNull(options, "options");
    }
}
