package io.voiceload.suite.networkfailure;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.http.Http;
import io.voiceload.platform.junit.PlatformEndpoint;
import io.voiceload.platform.junit.UserRole;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the platform says of its own resources while its network misbehaves, read from its {@code
 * /admin/metrics} every {@link #EVERY} on a thread of its own (never a virtual user's, so the reads are not requests
 * of the run): the requests waiting for a database connection ({@code dbPool.pending}) and its live threads
 * ({@code jvm.liveThreads}). A platform whose timeouts hold keeps both bounded while a link is slow or down, and
 * back where they started once it is healed; one that lets requests wait piles them up.
 *
 * <p>A read that fails (the metrics route needs a manager's session, kept in Redis, so a Redis outage refuses it) is
 * counted and skipped, not an error: the gauges are read between and after faults too.
 */
final class PlatformGauges implements AutoCloseable {
    /** How often the gauges are read: fine enough to see a queue that builds for a second. */
    static final Duration EVERY = Duration.ofMillis(200);

    private final PlatformEndpoint platform;
    private final Http http;
    private final AtomicInteger peakPending = new AtomicInteger(-1);
    private final AtomicInteger peakThreads = new AtomicInteger(-1);
    private final AtomicInteger reads = new AtomicInteger();
    private final AtomicInteger failedReads = new AtomicInteger();
    private volatile boolean stopping;
    private Thread sampler;
    private String authorization;
    private Gauges before;

    /** The gauges of one reading. */
    record Gauges(int pending, int liveThreads) {}

    PlatformGauges(PlatformEndpoint platform) {
        this.platform = platform;
        this.http = Http.builder(platform.baseUrl().toString())
                .requestTimeout(Duration.ofSeconds(2))
                .build();
    }

    /** Reads the gauges once (the baseline), then every {@link #EVERY} until {@link #stopAndAssertBounded}. */
    void start() {
        authorization = platform.login(UserRole.MANAGER, 0).authorization();
        before = read();
        sampler = Thread.ofPlatform().daemon().name("platform-gauges").start(() -> {
            while (!stopping) {
                try {
                    Gauges now = read();
                    peakPending.accumulateAndGet(now.pending(), Math::max);
                    peakThreads.accumulateAndGet(now.liveThreads(), Math::max);
                    reads.incrementAndGet();
                } catch (RuntimeException e) {
                    failedReads.incrementAndGet();
                }
                try {
                    Thread.sleep(EVERY);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    private Gauges read() {
        JsonNode metrics = http.get("/admin/metrics")
                .header("Authorization", authorization)
                .expect(200)
                .send()
                .json();
        JsonNode pending = metrics.path("dbPool").path("pending");
        JsonNode threads = metrics.path("jvm").path("liveThreads");
        if (!pending.isNumber() || !threads.isNumber()) {
            throw new IllegalStateException("/admin/metrics has no dbPool.pending or jvm.liveThreads: " + metrics);
        }
        return new Gauges(pending.asInt(), threads.asInt());
    }

    /**
     * Stops reading, reads once more (the load is over and the faults healed), and fails unless the peak of waiting
     * requests stayed at most {@code maxPending}, the live threads grew by at most {@code maxExtraThreads} at their
     * peak, and no request waits for a connection any more. (Threads are not required to come back at once: the
     * virtual threads' carrier pool keeps the threads it added for a while, by design.)
     */
    void stopAndAssertBounded(int maxPending, int maxExtraThreads) {
        stopSampler();
        Gauges after = read();
        String figures = "platform gauges: " + reads.get() + " reads (" + failedReads.get() + " refused); connection"
                + " waiters peak " + peakPending.get() + ", after " + after.pending() + "; live threads before "
                + before.liveThreads() + ", peak " + peakThreads.get() + ", after " + after.liveThreads();
        System.out.println("[gauges] " + figures);
        if (reads.get() == 0) {
            throw new AssertionError("the platform's gauges were never read during the run: " + figures);
        }
        StringBuilder problems = new StringBuilder();
        if (peakPending.get() > maxPending) {
            problems.append("\n  requests waiting for a database connection piled up to ")
                    .append(peakPending.get())
                    .append(" (at most ")
                    .append(maxPending)
                    .append(" allowed)");
        }
        if (peakThreads.get() - before.liveThreads() > maxExtraThreads) {
            problems.append("\n  live threads grew by ")
                    .append(peakThreads.get() - before.liveThreads())
                    .append(" (at most ")
                    .append(maxExtraThreads)
                    .append(" allowed)");
        }
        if (after.pending() > 0) {
            problems.append("\n  the platform did not come back once healed: ")
                    .append(after.pending())
                    .append(" requests still waiting for a connection");
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("the platform's resources did not stay bounded:" + problems + "\n" + figures);
        }
    }

    @Override
    public void close() {
        stopSampler();
        http.close();
    }

    private void stopSampler() {
        stopping = true;
        if (sampler != null) {
            sampler.interrupt();
            try {
                sampler.join(Duration.ofSeconds(3));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
