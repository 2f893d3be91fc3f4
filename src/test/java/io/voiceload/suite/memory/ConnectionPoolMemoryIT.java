package io.voiceload.suite.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.junit.LoadTest;
import io.voiceload.load.VirtualUser;
import io.voiceload.memory.MemoryRun;
import io.voiceload.memory.NoLeak;
import io.voiceload.platform.junit.PlatformEndpoint;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeEach;

/**
 * Connection pool memory: bursts of more users than the platform has database connections, each followed by a pause
 * with no load, for eight cycles. After the load the platform's JDBC pool has returned every connection (none active,
 * none waiting, back to its idle size), it holds the Redis connections it held before, and Postgres serves no more
 * backends than before; over the cycles heap, threads and file descriptors stay flat (the leak verdict). A connection
 * borrowed and never returned shows as a pool that does not come back to idle.
 */
@Memory
class ConnectionPoolMemoryIT {

    /** A burst, then as long with no request. */
    static final long HALF_PERIOD_MILLIS = 1_500;

    @AutoClose
    private final MemoryWorkloads work;

    @AutoClose
    private final PoolGauges gauges;

    private PoolGauges.Reading before;

    ConnectionPoolMemoryIT(PlatformEndpoint platform) {
        this.work = new MemoryWorkloads(platform);
        this.gauges = new PoolGauges(platform);
    }

    @BeforeEach
    void readThePoolsAtRest() throws InterruptedException {
        before = gauges.settle(r -> r.active() == 0 && r.pending() == 0, Duration.ofSeconds(5));
        System.out.println("[memory] pools before the bursts: " + before);
    }

    @LoadTest(users = 16, duration = "13s", warmup = "1s")
    @NoLeak(cycles = 8, warmupCycles = 2)
    void burstsAndPauses(VirtualUser user) throws InterruptedException {
        long phase = System.currentTimeMillis() % (2 * HALF_PERIOD_MILLIS);
        if (phase >= HALF_PERIOD_MILLIS) {
            Thread.sleep(2 * HALF_PERIOD_MILLIS - phase); // the pause: no request until the next burst
        }
        work.callLifecycle(user);
    }

    @AfterEach
    void everyConnectionCameBack(MemoryRun memory) throws InterruptedException {
        PoolGauges.Reading after = gauges.settle(
                r -> r.active() == 0 && r.pending() == 0 && r.redisConnections() <= before.redisConnections(),
                Duration.ofSeconds(5));
        System.out.println("[memory] pools after the bursts: " + after);
        assertThat(after.active())
                .as("JDBC connections still borrowed 5 s after the load ended (%s)", after)
                .isZero();
        assertThat(after.pending())
                .as("requests waiting for a JDBC connection (%s)", after)
                .isZero();
        assertThat(after.idle())
                .as("idle JDBC connections: back to the pool's size (%s)", after)
                .isEqualTo(before.idle());
        assertThat(after.redisConnections())
                .as("Redis connections the platform holds open (%s; before: %s)", after, before)
                .isEqualTo(before.redisConnections());
        if (before.backends() >= 0) {
            assertThat(after.backends())
                    .as("Postgres backends serving the database (%s; before: %s)", after, before)
                    .isLessThanOrEqualTo(before.backends());
        }
        assertThat(memory.cycles()).as("a full collection after each cycle").hasSizeBetween(2 + 5, 8);
    }
}
