package io.voiceload.platform.metrics;

import io.javalin.config.JavalinConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.lettuce.core.event.connection.ConnectionDeactivatedEvent;
import io.voiceload.platform.module.PlatformModule;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.Disposable;

/**
 * The Redis connections the platform holds open, counted from Lettuce's connection events on its client's event
 * bus (a connection is open from its {@link ConnectionActivatedEvent} to its {@link ConnectionDeactivatedEvent};
 * a reconnect deactivates and activates it again). The {@code redis} section of {@code GET /admin/metrics}:
 *
 * <pre class="language-json">{@code
 * "redis": {"openConnections": 1, "activations": 3, "deactivations": 2}
 * }</pre>
 *
 * <p>Counts every connection of the client's resources: start it before the platform's first connection, and give
 * the platform a client whose resources it does not share with others (as {@code Main} and the embedded platform
 * do).
 */
public final class RedisConnections implements PlatformModule {

    private final AtomicLong activations = new AtomicLong();
    private final AtomicLong deactivations = new AtomicLong();
    private final Disposable subscription;

    /** Starts counting the connections of {@code client} opened from now on. */
    public RedisConnections(RedisClient client) {
        this.subscription = client.getResources().eventBus().get().subscribe(event -> {
            if (event instanceof ConnectionActivatedEvent) {
                activations.incrementAndGet();
            } else if (event instanceof ConnectionDeactivatedEvent) {
                deactivations.incrementAndGet();
            }
        });
    }

    @Override
    public void install(JavalinConfig config) {}

    @Override
    public Map<String, Object> metrics() {
        long closed = deactivations.get(); // read first: open never shows below zero
        long opened = activations.get();
        Map<String, Object> redis = new LinkedHashMap<>();
        redis.put("openConnections", opened - closed);
        redis.put("activations", opened);
        redis.put("deactivations", closed);
        return Map.of("redis", redis);
    }

    @Override
    public void close() {
        subscription.dispose();
    }
}
