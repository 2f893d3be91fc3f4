package io.voiceload.platform.pms;

import static org.assertj.core.api.Assertions.assertThat;

import eu.rekawek.toxiproxy.Proxy;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.voiceload.infra.Dependency;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.WithInfrastructure;
import java.io.IOException;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * {@link PmsCache} against the shared Redis, through its Toxiproxy proxy so that an invalidation can be made to
 * fail: a short TTL and a long stale-if-error.
 */
@WithInfrastructure
class PmsCacheTest {

    private static final Duration TTL = Duration.ofMillis(500);
    private static final Duration STALE_IF_ERROR = Duration.ofSeconds(60);

    private final RunningInfrastructure infra = RunningInfrastructure.shared();

    @Test
    void aKeyWhoseInvalidationFailedIsNeverServedStaleOnceItsTtlIsOver() throws IOException, InterruptedException {
        RedisClient client = infra.newRedisClient();
        // Fail at once while disconnected instead of queueing the command until the connection is back.
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .build());
        Proxy redisProxy = infra.proxy(Dependency.REDIS);
        try (StatefulRedisConnection<String, String> redis = client.connect()) {
            redis.setTimeout(Duration.ofSeconds(2));
            PmsCache cache = new PmsCache(redis, TTL, STALE_IF_ERROR);
            String key = PmsCache.guestKey("G-" + UUID.randomUUID());
            cache.put(key, 6, "{\"version\": 6}");
            assertThat(cache.get(key).fresh()).isEqualTo("{\"version\": 6}");

            redisProxy.disable();
            try {
                cache.invalidate(key, 7); // the guest was updated to 7, but its cached 6 cannot be dropped now
            } finally {
                redisProxy.enable();
            }
            assertThat(cache.errors()).isEqualTo(1);
            awaitConnected(redis);
            Thread.sleep(TTL.multipliedBy(3).toMillis());

            assertThat(redis.sync().hget(key, "body"))
                    .as("still in Redis, within its stale-if-error time")
                    .isEqualTo("{\"version\": 6}");
            PmsCache.Lookup lookup = cache.get(key);
            assertThat(lookup.fresh()).isNull();
            assertThat(lookup.stale())
                    .as("older than an acknowledged write: never served, not even stale")
                    .isNull();
            assertThat(redis.sync().exists(key)).as("the read deleted it").isZero();
        } finally {
            redisProxy.enable();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Until the connection is back (Lettuce reconnects by itself): at most 20 s. */
    private static void awaitConnected(StatefulRedisConnection<String, String> redis) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                redis.sync().ping();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }
}
