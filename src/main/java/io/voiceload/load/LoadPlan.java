package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a load run does, immutable and validated. Two workload models, named for what they are:
 *
 * <ul>
 *   <li><b>Closed</b> ({@link #closed(int)}): a fixed number of virtual users, each looping over
 *       iterations ({@code requests} per user and/or for a {@code duration}), started over
 *       {@code rampUp}, pausing {@code thinkTime} or keeping a {@code pacing} between starts.
 *   <li><b>Open</b> ({@link #open(RateSchedule)}): iterations arrive on a schedule whether or not
 *       earlier ones finished; latency counts from each arrival's intended start (no coordinated
 *       omission); an arrival that finds all {@code maxConcurrency} users busy is <i>dropped</i>.
 * </ul>
 *
 * <p>Every run is bounded: besides its own stop condition, {@link #maxDuration()} caps it.
 */
public record LoadPlan(
        String name,
        Model model,
        int users,
        long requestsPerUser,
        Duration duration,
        Duration rampUp,
        ThinkTime thinkTime,
        Duration pacing,
        RateSchedule rate,
        int maxConcurrency,
        Warmup warmup,
        Long seed,
        Duration maxDuration,
        Duration progressInterval,
        Duration generatorLagLimit) {

    public static final Duration DEFAULT_MAX_DURATION = Duration.ofMinutes(15);
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_GENERATOR_LAG_LIMIT = Duration.ofMillis(100);
    /** Upper bound of virtual users (or open-model concurrency) one generator JVM accepts. */
    public static final int MAX_USERS = 1_000_000;

    /** The workload model. */
    public enum Model {
        /** Fixed number of users looping; measures what the system does for them. */
        CLOSED,
        /** Arrivals at a rate; measures what users arriving at that rate would see. */
        OPEN
    }

    public LoadPlan {
        Objects.requireNonNull(model, "model");
        name = name == null || name.isBlank() ? "load" : name;
        rampUp = rampUp == null ? Duration.ZERO : rampUp;
        thinkTime = thinkTime == null ? ThinkTime.NONE : thinkTime;
        warmup = warmup == null ? Warmup.NONE : warmup;
        maxDuration = maxDuration == null ? DEFAULT_MAX_DURATION : maxDuration;
        progressInterval = progressInterval == null ? DEFAULT_PROGRESS_INTERVAL : progressInterval;
        generatorLagLimit = generatorLagLimit == null ? DEFAULT_GENERATOR_LAG_LIMIT : generatorLagLimit;

        List<String> problems = new ArrayList<>();
        requirePositive(maxDuration, "maxDuration", problems);
        requireNotNegative(rampUp, "rampUp", problems);
        requireNotNegative(progressInterval, "progressInterval", problems);
        requirePositive(generatorLagLimit, "generatorLagLimit", problems);
        if (model == Model.CLOSED) {
            if (users < 1 || users > MAX_USERS) {
                problems.add("users = " + users + ": must be between 1 and " + MAX_USERS);
            }
            if (requestsPerUser < 0) {
                problems.add("requests = " + requestsPerUser + ": must be at least 1 (or 0 for a duration-bound run)");
            }
            if (duration != null) {
                requirePositive(duration, "duration", problems);
            }
            if (requestsPerUser == 0 && duration == null) {
                problems.add("a closed-model plan needs requests per user or a duration (or both)");
            }
            if (pacing != null) {
                requirePositive(pacing, "pacing", problems);
                if (!(thinkTime instanceof ThinkTime.None)) {
                    problems.add("pacing and thinkTime exclude each other: pacing already sets when iterations start");
                }
            }
            if (rate != null) {
                problems.add("rate belongs to the open model; a closed-model plan has users instead");
            }
        } else {
            if (rate == null) {
                problems.add("an open-model plan needs a rate");
            }
            if (maxConcurrency < 1 || maxConcurrency > MAX_USERS) {
                problems.add("maxConcurrency = " + maxConcurrency + ": must be between 1 and " + MAX_USERS);
            }
            if (requestsPerUser < 0) {
                problems.add(
                        "requests = " + requestsPerUser + ": an open plan's cap on arrivals must be >= 1 (0: none)");
            }
            if (pacing != null || !(thinkTime instanceof ThinkTime.None)) {
                problems.add("pacing and thinkTime belong to the closed model; an open plan has a rate");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid load plan '" + name + "': " + String.join("; ", problems));
        }
    }

    /** A closed-model plan with {@code users} virtual users. */
    public static Builder closed(int users) {
        Builder b = new Builder(Model.CLOSED);
        b.users = users;
        return b;
    }

    /** An open-model plan arriving at {@code rate}. */
    public static Builder open(RateSchedule rate) {
        Builder b = new Builder(Model.OPEN);
        b.rate = rate;
        return b;
    }

    /** {@code perSecond} arrivals per second for {@code duration}. */
    public static Builder open(double perSecond, Duration duration) {
        return open(RateSchedule.constant(perSecond, duration));
    }

    /** The default open-model concurrency: enough for one second of the peak rate, at least 100. */
    public static int defaultMaxConcurrency(RateSchedule rate) {
        return (int) Math.min(10_000, Math.max(100, Math.ceil(rate.peakPerSecond() * 2)));
    }

    /** The measured phase's planned length, if the plan has one (open model, or closed with duration). */
    public Duration plannedDuration() {
        return model == Model.OPEN ? rate.totalDuration() : duration;
    }

    public Builder toBuilder() {
        Builder b = new Builder(model);
        b.name = name;
        b.users = users;
        b.requestsPerUser = requestsPerUser;
        b.duration = duration;
        b.rampUp = rampUp;
        b.thinkTime = thinkTime;
        b.pacing = pacing;
        b.rate = rate;
        b.maxConcurrency = maxConcurrency;
        b.warmup = warmup;
        b.seed = seed;
        b.maxDuration = maxDuration;
        b.progressInterval = progressInterval;
        b.generatorLagLimit = generatorLagLimit;
        return b;
    }

    /** One line describing the workload, for logs and reports. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        if (model == Model.CLOSED) {
            sb.append("closed model: ").append(users).append(users == 1 ? " user" : " users");
            if (requestsPerUser > 0) {
                sb.append(" × ").append(requestsPerUser).append(" iterations");
            }
            if (duration != null) {
                sb.append(requestsPerUser > 0 ? " or " : " for ").append(Durations.display(duration));
            }
            if (!rampUp.isZero()) {
                sb.append(", ramp-up ").append(Durations.display(rampUp));
            }
            if (pacing != null) {
                sb.append(", pacing ").append(Durations.display(pacing));
            }
            if (!(thinkTime instanceof ThinkTime.None)) {
                sb.append(", think time ").append(thinkTime);
            }
        } else {
            sb.append("open model: ").append(rate).append(", max concurrency ").append(maxConcurrency);
            if (requestsPerUser > 0) {
                sb.append(", at most ").append(requestsPerUser).append(" arrivals");
            }
        }
        if (!warmup.isNone()) {
            sb.append(", warm-up ").append(warmup);
        }
        return sb.toString();
    }

    private static void requirePositive(Duration d, String what, List<String> problems) {
        if (d.isNegative() || d.isZero()) {
            problems.add(what + " = " + Durations.display(d) + ": must be positive");
        }
    }

    private static void requireNotNegative(Duration d, String what, List<String> problems) {
        if (d.isNegative()) {
            problems.add(what + " = " + Durations.display(d) + ": must not be negative");
        }
    }

    /** Builds a {@link LoadPlan}; validation happens in {@link #build()}. */
    public static final class Builder {
        private final Model model;
        private String name;
        private int users;
        private long requestsPerUser;
        private Duration duration;
        private Duration rampUp;
        private ThinkTime thinkTime;
        private Duration pacing;
        private RateSchedule rate;
        private int maxConcurrency;
        private Warmup warmup;
        private Long seed;
        private Duration maxDuration;
        private Duration progressInterval;
        private Duration generatorLagLimit;

        private Builder(Model model) {
            this.model = model;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder users(int users) {
            this.users = users;
            return this;
        }

        /**
         * Closed model: iterations per user; open model: a cap on the measured arrivals of the whole run.
         * 0 means bounded by duration (or schedule) only.
         */
        public Builder requests(long requestsPerUser) {
            this.requestsPerUser = requestsPerUser;
            return this;
        }

        public Builder duration(Duration duration) {
            this.duration = duration;
            return this;
        }

        public Builder rampUp(Duration rampUp) {
            this.rampUp = rampUp;
            return this;
        }

        public Builder thinkTime(ThinkTime thinkTime) {
            this.thinkTime = thinkTime;
            return this;
        }

        public Builder pacing(Duration pacing) {
            this.pacing = pacing;
            return this;
        }

        public Builder rate(RateSchedule rate) {
            this.rate = rate;
            return this;
        }

        public Builder maxConcurrency(int maxConcurrency) {
            this.maxConcurrency = maxConcurrency;
            return this;
        }

        public Builder warmup(Warmup warmup) {
            this.warmup = warmup;
            return this;
        }

        public Builder seed(Long seed) {
            this.seed = seed;
            return this;
        }

        public Builder maxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
            return this;
        }

        public Builder progressInterval(Duration progressInterval) {
            this.progressInterval = progressInterval;
            return this;
        }

        public Builder generatorLagLimit(Duration generatorLagLimit) {
            this.generatorLagLimit = generatorLagLimit;
            return this;
        }

        public LoadPlan build() {
            int concurrency = model == Model.OPEN && maxConcurrency == 0 && rate != null
                    ? defaultMaxConcurrency(rate)
                    : maxConcurrency;
            return new LoadPlan(
                    name,
                    model,
                    users,
                    requestsPerUser,
                    duration,
                    rampUp,
                    thinkTime,
                    pacing,
                    rate,
                    concurrency,
                    warmup,
                    seed,
                    maxDuration,
                    progressInterval,
                    generatorLagLimit);
        }
    }
}
