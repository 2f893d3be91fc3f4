package io.voiceload.load;

import io.voiceload.config.BuiltInDefaults;
import io.voiceload.config.Durations;
import io.voiceload.config.ThinkTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a load run does, immutable and validated: a {@link Workload} (closed or open model) and the settings
 * every run has (name, warm-up, seed, bounds, progress). Built with the workload's builder:
 *
 * <pre>{@code
 * LoadPlan closed = LoadPlan.closed(50).requests(100).duration(Duration.ofMinutes(5)).build();
 * LoadPlan open = LoadPlan.open(200, Duration.ofSeconds(30)).maxConcurrency(500).build();
 * }</pre>
 *
 * <p>Every run is bounded: besides its own stop condition, {@link #maxDuration()} caps it.
 */
public record LoadPlan(
        String name,
        Workload workload,
        Warmup warmup,
        Long seed,
        Duration maxDuration,
        Duration progressInterval,
        Duration generatorLagLimit) {

    // The configuration's built-in defaults: a plan built in code runs as an unconfigured test would.
    public static final Duration DEFAULT_MAX_DURATION = BuiltInDefaults.DEFAULT_MAX_TEST_DURATION;
    public static final Duration DEFAULT_PROGRESS_INTERVAL = BuiltInDefaults.DEFAULT_PROGRESS_INTERVAL;
    public static final Duration DEFAULT_GENERATOR_LAG_LIMIT = BuiltInDefaults.DEFAULT_GENERATOR_LAG_LIMIT;
    /** Upper bound of virtual users (or open-model concurrency) one generator JVM accepts. */
    public static final int MAX_USERS = 1_000_000;

    public LoadPlan {
        Objects.requireNonNull(workload, "workload");
        name = name == null || name.isBlank() ? "load" : name;
        warmup = warmup == null ? Warmup.NONE : warmup;
        maxDuration = maxDuration == null ? DEFAULT_MAX_DURATION : maxDuration;
        progressInterval = progressInterval == null ? DEFAULT_PROGRESS_INTERVAL : progressInterval;
        generatorLagLimit = generatorLagLimit == null ? DEFAULT_GENERATOR_LAG_LIMIT : generatorLagLimit;

        List<String> problems = new ArrayList<>();
        requirePositive(maxDuration, "maxDuration", problems);
        requireNotNegative(progressInterval, "progressInterval", problems);
        requirePositive(generatorLagLimit, "generatorLagLimit", problems);
        problems.addAll(workload.problems());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid load plan '" + name + "': " + String.join("; ", problems));
        }
    }

    /** A closed-model plan with {@code users} virtual users. */
    public static ClosedBuilder closed(int users) {
        return new ClosedBuilder(users);
    }

    /** An open-model plan arriving at {@code rate}. */
    public static OpenBuilder open(RateSchedule rate) {
        return new OpenBuilder(rate);
    }

    /** {@code perSecond} arrivals per second for {@code duration}. */
    public static OpenBuilder open(double perSecond, Duration duration) {
        return open(RateSchedule.constant(perSecond, duration));
    }

    /** How many virtual users the run has ({@link Workload#users()}). */
    public int users() {
        return workload.users();
    }

    /** The measured phase's planned length, if the plan has one (open model, or closed with duration). */
    public Duration plannedDuration() {
        return workload.plannedDuration();
    }

    /** This plan with {@code seed}: the plan as run, once the engine has picked one. */
    public LoadPlan withSeed(long seed) {
        return new LoadPlan(name, workload, warmup, seed, maxDuration, progressInterval, generatorLagLimit);
    }

    /** One line describing the workload, for logs and reports. */
    public String describe() {
        return workload.describe() + (warmup.isNone() ? "" : ", warm-up " + warmup);
    }

    static void requirePositive(Duration d, String what, List<String> problems) {
        if (d.isNegative() || d.isZero()) {
            problems.add(what + " = " + Durations.display(d) + ": must be positive");
        }
    }

    static void requireNotNegative(Duration d, String what, List<String> problems) {
        if (d.isNegative()) {
            problems.add(what + " = " + Durations.display(d) + ": must not be negative");
        }
    }

    /**
     * The settings every plan has; validation happens in {@link #build()}.
     *
     * @param <B> the workload's builder, returned by every setter
     */
    public abstract static sealed class Builder<B extends Builder<B>> permits ClosedBuilder, OpenBuilder {
        private String name;
        private Warmup warmup;
        private Long seed;
        private Duration maxDuration;
        private Duration progressInterval;
        private Duration generatorLagLimit;

        private Builder() {}

        /** The run's name in progress lines and reports; default {@code load}. */
        public B name(String name) {
            this.name = name;
            return self();
        }

        /** Recorded apart and excluded from verdicts; default none. */
        public B warmup(Warmup warmup) {
            this.warmup = warmup;
            return self();
        }

        /** Drives every random choice; null (the default): the engine picks one and reports it. */
        public B seed(Long seed) {
            this.seed = seed;
            return self();
        }

        /** Hard cap on the whole run, warm-up included; default {@link #DEFAULT_MAX_DURATION}. */
        public B maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return self();
        }

        /** Live progress period; zero for no progress lines. Default {@link #DEFAULT_PROGRESS_INTERVAL}. */
        public B progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return self();
        }

        /** Scheduling lag above which the generator counts as saturated; default {@link #DEFAULT_GENERATOR_LAG_LIMIT}. */
        public B generatorLagLimit(Duration generatorLagLimit) {
            this.generatorLagLimit = generatorLagLimit;
            return self();
        }

        abstract B self();

        abstract Workload workload();

        /** @throws IllegalArgumentException naming every invalid setting */
        public LoadPlan build() {
            return new LoadPlan(name, workload(), warmup, seed, maxDuration, progressInterval, generatorLagLimit);
        }
    }

    /** Builds a closed-model plan ({@link Workload.Closed}). */
    public static final class ClosedBuilder extends Builder<ClosedBuilder> {
        private final int users;
        private long iterationsPerUser;
        private Duration duration;
        private Duration rampUp;
        private ThinkTime thinkTime;
        private Duration pacing;

        private ClosedBuilder(int users) {
            this.users = users;
        }

        /** Measured iterations per user; 0 (the default) means bounded by {@link #duration} only. */
        public ClosedBuilder requests(long iterationsPerUser) {
            this.iterationsPerUser = iterationsPerUser;
            return this;
        }

        /** How long the measured phase lasts; users stop when it elapses even if their iterations are not done. */
        public ClosedBuilder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        /** Users start evenly spread over this time; default none. */
        public ClosedBuilder rampUp(Duration rampUp) {
            this.rampUp = rampUp;
            return this;
        }

        /** Pause after each iteration; default none. Excludes {@link #pacing}. */
        public ClosedBuilder thinkTime(ThinkTime thinkTime) {
            this.thinkTime = thinkTime;
            return this;
        }

        /** Fixed time between a user's iteration starts; default none. Excludes {@link #thinkTime}. */
        public ClosedBuilder pacing(Duration pacing) {
            this.pacing = pacing;
            return this;
        }

        @Override
        ClosedBuilder self() {
            return this;
        }

        @Override
        Workload workload() {
            return new Workload.Closed(users, iterationsPerUser, duration, rampUp, thinkTime, pacing);
        }
    }

    /** Builds an open-model plan ({@link Workload.Open}). */
    public static final class OpenBuilder extends Builder<OpenBuilder> {
        private final RateSchedule rate;
        private int maxConcurrency;
        private long maxArrivals;

        private OpenBuilder(RateSchedule rate) {
            this.rate = rate;
        }

        /** Most iterations in flight; default {@link Workload.Open#defaultMaxConcurrency}. */
        public OpenBuilder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        /** A cap on the measured arrivals of the whole run; 0 (the default) means none. */
        public OpenBuilder requests(long maxArrivals) {
            this.maxArrivals = maxArrivals;
            return this;
        }

        @Override
        OpenBuilder self() {
            return this;
        }

        @Override
        Workload workload() {
            return new Workload.Open(rate, maxConcurrency, maxArrivals);
        }
    }
}
