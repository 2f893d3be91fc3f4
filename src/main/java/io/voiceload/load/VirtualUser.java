package io.voiceload.load;

import io.voiceload.config.ThinkTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;

/**
 * One virtual user, as seen by an iteration body: its id, which iteration it is on, a random
 * generator seeded from the run's seed (so a seed replays every random choice), attributes that
 * live across its iterations (a login token, say), and {@link #time} to record named requests.
 *
 * <p>A virtual user is confined to its own (virtual) thread; it is not thread-safe. In the open
 * model, users form a pool of {@code maxConcurrency}; each arrival borrows one.
 */
public final class VirtualUser {
    private static final ThreadLocal<VirtualUser> CURRENT = new ThreadLocal<>();

    private final int id;
    private final RandomGenerator random;
    private final RunState run;
    private final Map<String, Object> attributes = new HashMap<>();
    private long iteration = -1;
    private boolean warmup;
    /** This user's own pause between iterations, replacing the plan's; null: the plan's. */
    private ThinkTime thinkTime;

    VirtualUser(int id, long seed, RunState run) {
        this.id = id;
        this.random = new SplittableRandom(mix(seed, id));
        this.run = run;
    }

    /** The virtual user running on the current thread, if any: for client hooks that record requests. */
    public static Optional<VirtualUser> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** 0-based id, unique in the run. */
    public int id() {
        return id;
    }

    /** 0-based count of this user's iterations, warm-up included. */
    public long iteration() {
        return iteration;
    }

    /** This user's random generator, derived from the run's seed and the user's id. */
    public RandomGenerator random() {
        return random;
    }

    /** State kept across this user's iterations. */
    public Map<String, Object> attributes() {
        return attributes;
    }

    /** Whether the current iteration belongs to the warm-up (recorded apart, not judged). */
    public boolean isWarmup() {
        return warmup;
    }

    /**
     * How many virtual users the run has ({@link Workload#users()}): the closed model's {@code users}, the
     * open model's {@code maxConcurrency}. With {@link #id()}, what a deterministic split of the users into
     * groups ({@link UserTypes}) needs.
     */
    public int population() {
        return run.plan.users();
    }

    /**
     * Gives this user its own think time for the rest of the run, in place of the plan's: the closed-model
     * driver pauses that long after each of this user's iterations, outside the iteration's latency (so
     * SLOs never include it). Ignored with pacing (the pacing sets the rhythm) and in the open model
     * (arrivals follow the rate).
     *
     * @param thinkTime the pause; {@link ThinkTime#NONE} for none
     */
    public void thinkTime(ThinkTime thinkTime) {
        this.thinkTime = Objects.requireNonNull(thinkTime, "thinkTime");
    }

    /** This user's own think time if {@link #thinkTime(ThinkTime)} set one. */
    public Optional<ThinkTime> thinkTime() {
        return Optional.ofNullable(thinkTime);
    }

    /** The pause after this user's iteration: its own think time, else {@code planned}. */
    ThinkTime thinkTimeOr(ThinkTime planned) {
        return thinkTime != null ? thinkTime : planned;
    }

    /** Time since the run started. */
    public Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - run.runStartNanos);
    }

    /**
     * Runs {@code action}, records its latency under {@code name} ({@code "POST /calls"}), and
     * returns its value. A throw is recorded as a failure of {@code name} and rethrown.
     */
    public <T> T time(String name, Callable<T> action) throws Exception {
        long start = System.nanoTime();
        T value;
        try {
            value = action.call();
        } catch (Exception | Error e) {
            record(name, System.nanoTime() - start, e);
            throw e;
        }
        record(name, System.nanoTime() - start, null);
        return value;
    }

    /** Like {@link #time(String, Callable)} for an action without a value. */
    public void time(String name, ThrowingRunnable action) throws Exception {
        time(name, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Records one sample of {@code name} measured elsewhere (by an HTTP client hook, say):
     * {@code failure} is {@code null} for a success.
     */
    public void record(String name, Duration latency, Throwable failure) {
        record(name, latency.toNanos(), failure);
    }

    void record(String name, long nanos, Throwable failure) {
        NamedMetrics metrics = run.request(name, warmup);
        if (failure == null) {
            metrics.recordSuccess(nanos);
        } else {
            metrics.recordFailure(nanos, ErrorClassifier.classify(failure), failure);
        }
    }

    void begin(boolean warmup) {
        this.warmup = warmup;
        this.iteration++;
        CURRENT.set(this);
    }

    void end() {
        CURRENT.remove();
    }

    private static long mix(long seed, int id) {
        // SplitMix64 finaliser over (seed, id): nearby ids get unrelated streams.
        long z = seed + 0x9E3779B97F4A7C15L * (id + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** An action without a value that may throw. */
    @FunctionalInterface
    public interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Override
    public String toString() {
        return "VirtualUser#" + id;
    }
}
