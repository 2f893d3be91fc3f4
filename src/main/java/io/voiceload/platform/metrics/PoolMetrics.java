package io.voiceload.platform.metrics;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.metrics.IMetricsTracker;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.PoolStats;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the platform's HikariCP pool tells about itself, for {@code GET /admin/metrics}: every connection
 * acquisition's wait (an HdrHistogram, nanoseconds), the threads still waiting when a connection was handed
 * out (the pool's pending count, as a histogram whose maximum is the highest seen), and acquisition
 * timeouts. All cumulative since the pool started and never reset, so that an observer takes two snapshots
 * and subtracts them ({@link Histogram#fromString}, {@link Histogram#subtract}): several observers never disturb each
 * other.
 *
 * <pre>{@code
 * PoolMetrics metrics = new PoolMetrics();
 * HikariDataSource pool = infrastructure.newDataSource("platform", metrics);
 * metrics.bind(pool); // live pending counts
 * }</pre>
 *
 * <p>Recording is wait-free ({@link ConcurrentHistogram}) on the acquiring thread. Waits are kept from 1 µs
 * to 1 min at 2 significant digits (longer ones count as 1 min; the pool times out after 5 s anyway).
 */
public final class PoolMetrics implements MetricsTrackerFactory {
    /** Longest acquisition wait kept exactly; longer ones are recorded as this. */
    public static final long MAX_WAIT_NANOS = TimeUnit.MINUTES.toNanos(1);

    private static final long MAX_PENDING = 100_000;

    private final ConcurrentHistogram waits = new ConcurrentHistogram(1_000, MAX_WAIT_NANOS, 2);
    private final ConcurrentHistogram pendingSeen = new ConcurrentHistogram(1, MAX_PENDING, 2);
    private final LongAdder timeouts = new LongAdder();
    private volatile IntSupplier pending = () -> 0;

    @Override
    public IMetricsTracker create(String poolName, PoolStats poolStats) {
        // Until bind(): Hikari's own statistics, refreshed at most once a second.
        pending = poolStats::getPendingThreads;
        return new IMetricsTracker() {
            @Override
            public void recordConnectionAcquiredNanos(long elapsedAcquiredNanos) {
                waits.recordValue(Math.max(0, Math.min(MAX_WAIT_NANOS, elapsedAcquiredNanos)));
                pendingSeen.recordValue(Math.max(0, Math.min(MAX_PENDING, pending.getAsInt())));
            }

            @Override
            public void recordConnectionTimeout() {
                timeouts.increment();
            }
        };
    }

    /** Reads the pending count live from {@code pool} from now on (an atomic read per acquisition). */
    public void bind(HikariDataSource pool) {
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            pending = bean::getThreadsAwaitingConnection;
        }
    }

    /** Acquisitions that timed out since the pool started. */
    public long timeouts() {
        return timeouts.sum();
    }

    /**
     * The JSON of {@code pool} for {@code /admin/metrics}: its configured and current sizes, and when its
     * metrics are a {@code PoolMetrics}, the cumulative {@code acquisitions}, {@code timeouts},
     * {@code maxPending} (highest seen since start), {@code waitNanosHistogram} and
     * {@code pendingHistogram} (base64 of HdrHistogram's compressed encoding).
     */
    public static Map<String, Object> describe(HikariDataSource pool) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", pool.getPoolName());
        json.put("maxSize", pool.getMaximumPoolSize());
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        if (bean != null) {
            json.put("active", bean.getActiveConnections());
            json.put("idle", bean.getIdleConnections());
            json.put("pending", bean.getThreadsAwaitingConnection());
        }
        if (pool.getMetricsTrackerFactory() instanceof PoolMetrics metrics) {
            Histogram waits = metrics.waits.copy();
            Histogram pending = metrics.pendingSeen.copy();
            json.put("acquisitions", waits.getTotalCount());
            json.put("timeouts", metrics.timeouts());
            json.put("maxPending", pending.getTotalCount() == 0 ? 0 : pending.getMaxValue());
            json.put("waitNanosHistogram", encode(waits));
            json.put("pendingHistogram", encode(pending));
        }
        return json;
    }

    /** Base64 of HdrHistogram's compressed encoding, as {@link Histogram#fromString} reads it. */
    public static String encode(AbstractHistogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
