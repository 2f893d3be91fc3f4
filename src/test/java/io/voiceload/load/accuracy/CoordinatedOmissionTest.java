package io.voiceload.load.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.config.Durations;
import io.voiceload.load.IterationBody;
import io.voiceload.load.LoadPlan;
import io.voiceload.load.LoadResult;
import io.voiceload.load.LoadRunner;
import io.voiceload.load.RunOptions;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One 500 ms server stall, measured by both workload models. The open model keeps sending at its
 * rate and counts latency from each arrival's intended start, so every request that arrived during
 * the stall shows its wait; the closed model stops sending while its few users wait, so the stall
 * leaves about one sample per user and p99 looks healthy (coordinated omission).
 *
 * <p>A request arriving {@code x} ms into the stall waits {@code 500 - x} ms, so at rate R about
 * {@code R × 0.4} requests wait at least 100 ms but only {@code R × 0.1} wait 400 ms: the contrast is
 * counted at 100 ms.
 */
class CoordinatedOmissionTest {
    private static final Duration SERVICE_TIME = Duration.ofMillis(10);
    private static final Duration STALL = Duration.ofMillis(500);
    private static final Duration STALL_AT = Duration.ofSeconds(2);
    /** A request arriving in the stall's first (STALL - SLOW) waits at least SLOW. */
    private static final Duration SLOW = Duration.ofMillis(100);

    private static final RunOptions QUIET = RunOptions.defaults().withProgressOut(null);

    @RegisterExtension
    static final HttpStub stub = HttpStub.withServiceTime(SERVICE_TIME);

    @Test
    void openModelShowsTheStallThatTheClosedModelHides() {
        double rate = 100;
        long stalledBefore = stub.stalledRequests();
        // A second past the stall's end: every request that waited in it has been answered. The closed run keeps its
        // 5 s: its p99 hides the stall only while its few slow samples stay under 1 % of them all.
        LoadResult open = LoadRunner.run(
                LoadPlan.open(rate, Duration.ofMillis(3500)).maxConcurrency(200).build(), stallingBody(), QUIET);
        long openStalledAtStub = stub.stalledRequests() - stalledBefore;

        int users = 5;
        stalledBefore = stub.stalledRequests();
        LoadResult closed = LoadRunner.run(
                LoadPlan.closed(users).duration(Duration.ofSeconds(5)).build(), stallingBody(), QUIET);
        long closedStalledAtStub = stub.stalledRequests() - stalledBefore;

        // About rate × stall requests arrive during the stall in the open model, one per user in the closed one.
        String runs = "open run: " + open.iterations() + ", stalled at the stub " + openStalledAtStub + "; closed run: "
                + closed.iterations() + ", stalled at the stub " + closedStalledAtStub;
        assertThat(openStalledAtStub).as(runs).isBetween(Math.round(rate * 0.3), Math.round(rate * 0.8));
        assertThat(closedStalledAtStub).as(runs).isBetween(1L, (long) users);

        assertThat(open.dropped()).isZero();
        assertThat(open.iterations().failures()).isZero();
        assertThat(open.iterations().percentile(99)).as(runs).isGreaterThanOrEqualTo(Duration.ofMillis(400));
        assertThat(open.iterations().max()).isGreaterThanOrEqualTo(Duration.ofMillis(450));
        long openSlow = countAtLeast(open.iterations().histogram(), SLOW);
        double expectedOpenSlow = rate * (STALL.minus(SLOW).toMillis() / 1000.0);
        assertThat(openSlow).as(runs).isGreaterThanOrEqualTo(Math.round(expectedOpenSlow * 0.8));

        assertThat(closed.iterations().failures()).isZero();
        assertThat(closed.iterations().max())
                .as("the closed model's users did wait for the stall")
                .isGreaterThanOrEqualTo(Duration.ofMillis(450));
        long closedSlow = countAtLeast(closed.iterations().histogram(), SLOW);
        assertThat(closedSlow).as(runs).isBetween(1L, users * 2L);
        assertThat(closed.iterations().percentile(99))
                .as("coordinated omission: the closed model's p99 hides the stall; " + runs)
                .isLessThan(SLOW);

        assertThat(openSlow)
                .as("slow samples: open %d vs closed %d", openSlow, closedSlow)
                .isGreaterThan(closedSlow * 3);
    }

    @Test
    void openModelCountsLatencyFromTheIntendedStartWhenIterationsStartLate() {
        // Iterations that spin on every carrier thread for 300 ms keep the arrivals due meanwhile from
        // starting: measured from their intended start they waited, measured from their actual start
        // they would look as fast as the others.
        int carriers = Integer.getInteger(
                "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
        Duration spin = Duration.ofMillis(300);
        AtomicInteger spinners = new AtomicInteger();
        double rate = 100;

        LoadResult result = LoadRunner.run(
                LoadPlan.open(rate, Duration.ofMillis(2500)).maxConcurrency(200).build(),
                user -> {
                    if (user.elapsed().compareTo(Duration.ofSeconds(1)) >= 0 && spinners.getAndIncrement() < carriers) {
                        long end = System.nanoTime() + spin.toNanos();
                        while (System.nanoTime() < end) {
                            Thread.onSpinWait();
                        }
                    } else {
                        Thread.sleep(5);
                    }
                },
                QUIET);

        assertThat(result.dropped()).isZero();
        long slow = countAtLeast(result.iterations().histogram(), SLOW);
        // Arrivals due in the spin's first (spin - SLOW) started at least SLOW late; the spinners add their own.
        double delayed = rate * (spin.minus(SLOW).toMillis() / 1000.0);
        assertThat(slow)
                .as("iterations of at least %s in %s", Durations.display(SLOW), result.iterations())
                .isGreaterThanOrEqualTo(carriers + Math.round(delayed * 0.6));
    }

    /** A body calling the stub that, once the run is {@link #STALL_AT} old, stalls the stub once. */
    private static IterationBody stallingBody() {
        AtomicBoolean stalled = new AtomicBoolean();
        return user -> {
            if (!stalled.get() && user.elapsed().compareTo(STALL_AT) >= 0 && stalled.compareAndSet(false, true)) {
                stub.stallFor(STALL);
            }
            StubClient.get(stub.uri());
        };
    }

    private static long countAtLeast(Histogram histogram, Duration threshold) {
        long max = histogram.getMaxValue();
        return max < threshold.toNanos() ? 0 : histogram.getCountBetweenValues(threshold.toNanos(), max);
    }
}
