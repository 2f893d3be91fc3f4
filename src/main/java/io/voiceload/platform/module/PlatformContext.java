package io.voiceload.platform.module;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * What the platform's modules share: the Postgres pool and Redis client (the caller's, never closed by
 * the platform) and the platform's own Redis connection. Options are not shared: each module is given
 * its own.
 */
public record PlatformContext(
        DataSource dataSource, RedisClient redisClient, StatefulRedisConnection<String, String> redis) {

    public PlatformContext {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(redisClient, "redisClient");
        Objects.requireNonNull(redis, "redis");
    }
}
