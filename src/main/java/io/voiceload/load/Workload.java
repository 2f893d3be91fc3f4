package io.voiceload.load;

import io.voiceload.config.Durations;
import io.voiceload.config.ThinkTime;
import io.voiceload.config.WorkloadModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run's virtual users make load: one record per workload model, each holding its own settings, its
 * checks ({@link #problems()}), its description, and run by its own driver, as k6's executors are. A
 * {@link LoadPlan} holds one; {@link LoadRunner} picks the driver by its type, the one place the model is
 * chosen.
 *
 * <ul>
 *   <li>{@link Closed}: a fixed number of virtual users, each looping over iterations (per user and/or for a
 *       duration), started over a ramp-up, pausing a think time or keeping a pacing between starts. Driven by
 *       {@code ClosedModelDriver}.
 *   <li>{@link Open}: iterations arrive on a schedule whether or not earlier ones finished; latency counts
 *       from each arrival's intended start (no coordinated omission); an arrival that finds all
 *       {@code maxConcurrency} users busy is <i>dropped</i>. Driven by {@code OpenModelDriver}.
 * </ul>
 *
 * A capacity search ({@link CapacityPlan}) steps the users of a closed workload.
 */
public sealed interface Workload permits Workload.Closed, Workload.Open {

    /** The model's name as configuration, plans and reports write it. */
    WorkloadModel model();

    /**
     * How many virtual users the run has: the closed model's users, the open model's pool of
     * {@code maxConcurrency}. With {@link VirtualUser#id()}, what a deterministic split of the users into
     * groups ({@link UserTypes}) needs.
     */
    int users();

    /** The measured phase's planned length; null when only iteration counts bound it. */
    Duration plannedDuration();

    /** The measured iterations of the whole run when only iteration counts bound it; 0 when time does. */
    long plannedIterations();

    /** What is wrong with these settings, each naming the setting and its allowed values; empty when valid. */
    List<String> problems();

    /** One line for logs and reports: {@code closed model: 50 users × 100 iterations or 5m}. */
    String describe();

    /**
     * The closed model: {@code users} virtual users, each looping until it has run {@code iterationsPerUser}
     * measured iterations, the {@code duration} has elapsed, or the run stops.
     *
     * @param users concurrent virtual users, 1 to {@link LoadPlan#MAX_USERS}
     * @param iterationsPerUser measured iterations per user ({@code @LoadTest(requests)}); 0: bounded by
     *     duration only
     * @param duration how long the measured phase lasts; null: bounded by iterations only
     * @param rampUp users start evenly spread over it; null means none
     * @param thinkTime pause after each iteration; null means none
     * @param pacing fixed time between iteration starts, excluding a think time; null for none
     */
    record Closed(
            int users, long iterationsPerUser, Duration duration, Duration rampUp, ThinkTime thinkTime, Duration pacing)
            implements Workload {

        public Closed {
            rampUp = rampUp == null ? Duration.ZERO : rampUp;
            thinkTime = thinkTime == null ? ThinkTime.NONE : thinkTime;
        }

        @Override
        public WorkloadModel model() {
            return WorkloadModel.CLOSED;
        }

        @Override
        public Duration plannedDuration() {
            return duration;
        }

        @Override
        public long plannedIterations() {
            return iterationsPerUser > 0 && duration == null ? users * iterationsPerUser : 0;
        }

        @Override
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (users < 1 || users > LoadPlan.MAX_USERS) {
                problems.add("users = " + users + ": must be between 1 and " + LoadPlan.MAX_USERS);
            }
            if (iterationsPerUser < 0) {
                problems.add(
                        "requests = " + iterationsPerUser + ": must be at least 1 (or 0 for a duration-bound run)");
            }
            if (duration != null) {
                LoadPlan.requirePositive(duration, "duration", problems);
            }
            if (iterationsPerUser == 0 && duration == null) {
                problems.add("a closed-model plan needs requests per user or a duration (or both)");
            }
            LoadPlan.requireNotNegative(rampUp, "rampUp", problems);
            if (pacing != null) {
                LoadPlan.requirePositive(pacing, "pacing", problems);
                if (!(thinkTime instanceof ThinkTime.None)) {
                    problems.add("pacing and thinkTime exclude each other: pacing already sets when iterations start");
                }
            }
            return problems;
        }

        @Override
        public String describe() {
            StringBuilder sb =
                    new StringBuilder("closed model: ").append(users).append(users == 1 ? " user" : " users");
            if (iterationsPerUser > 0) {
                sb.append(" × ")
                        .append(iterationsPerUser)
                        .append(iterationsPerUser == 1 ? " iteration" : " iterations");
            }
            if (duration != null) {
                sb.append(iterationsPerUser > 0 ? " or " : " for ").append(Durations.display(duration));
            }
            if (!rampUp.isZero()) {
                sb.append(", ramp-up ").append(Durations.display(rampUp));
            }
            if (pacing != null) {
                sb.append(", pacing ").append(Durations.display(pacing));
            }
            if (!(thinkTime instanceof ThinkTime.None)) {
                sb.append(", think time ").append(thinkTime.display());
            }
            return sb.toString();
        }
    }

    /**
     * The open model: arrivals on {@code rate}, each run by a free virtual user of a pool of
     * {@code maxConcurrency}, or dropped when none is free.
     *
     * @param rate the arrival schedule
     * @param maxConcurrency most iterations in flight, 1 to {@link LoadPlan#MAX_USERS}; 0 means
     *     {@link #defaultMaxConcurrency(RateSchedule)}
     * @param maxArrivals a cap on the measured arrivals of the whole run ({@code @LoadTest(requests)}); 0: none
     */
    record Open(RateSchedule rate, int maxConcurrency, long maxArrivals) implements Workload {

        public Open {
            maxConcurrency = maxConcurrency == 0 && rate != null ? defaultMaxConcurrency(rate) : maxConcurrency;
        }

        /** The default concurrency: enough for one second of the peak rate, at least 100, at most 10,000. */
        public static int defaultMaxConcurrency(RateSchedule rate) {
            return (int) Math.min(10_000, Math.max(100, Math.ceil(rate.peakPerSecond() * 2)));
        }

        @Override
        public WorkloadModel model() {
            return WorkloadModel.OPEN;
        }

        @Override
        public int users() {
            return maxConcurrency;
        }

        @Override
        public Duration plannedDuration() {
            return rate.totalDuration();
        }

        @Override
        public long plannedIterations() {
            return 0;
        }

        @Override
        public List<String> problems() {
            List<String> problems = new ArrayList<>();
            if (rate == null) {
                problems.add("an open-model plan needs a rate");
            }
            if (maxConcurrency < 1 || maxConcurrency > LoadPlan.MAX_USERS) {
                problems.add("maxConcurrency = " + maxConcurrency + ": must be between 1 and " + LoadPlan.MAX_USERS);
            }
            if (maxArrivals < 0) {
                problems.add("requests = " + maxArrivals + ": an open plan's cap on arrivals must be >= 1 (0: none)");
            }
            return problems;
        }

        @Override
        public String describe() {
            StringBuilder sb = new StringBuilder("open model: ")
                    .append(rate)
                    .append(", max concurrency ")
                    .append(maxConcurrency);
            if (maxArrivals > 0) {
                sb.append(", at most ").append(maxArrivals).append(" arrivals");
            }
            return sb.toString();
        }
    }
}
