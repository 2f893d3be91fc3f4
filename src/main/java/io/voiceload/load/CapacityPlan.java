package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A stepped capacity search, immutable and validated: one continuous closed-model run in which the
 * number of concurrent virtual users starts at {@code startUsers} and grows by {@code stepUsers} every
 * {@code stepDuration} up to the ceiling ({@code base.users()}). Users already running keep running
 * (their sessions and connections stay open); the new ones join spread over the first half of the
 * {@code settle} time (the first step's users over the warm-up, when that is longer). Each step is judged on what was recorded from the end of its settle time to its
 * end. The search stops at the first step that breaks an SLO, at the ceiling, or when the next step
 * would not end within the time limit ({@code base.duration()}).
 *
 * <pre>{@code
 * LoadPlan base = LoadPlan.closed(80).duration(Duration.ofSeconds(90)).build();   // ceiling, time limit
 * CapacityPlan plan = new CapacityPlan(base, 10, 10, Duration.ofSeconds(10), Duration.ofSeconds(2), "calls");
 * }</pre>
 *
 * @param base the run: {@code users} is the ceiling, {@code duration} the time limit of the whole search
 *     (warm-up excluded); think time, warm-up time, seed, max duration, progress interval and generator
 *     lag limit apply as in any closed-model run. With {@code requests} per user set (a smoke run), each
 *     user stops after that many measured iterations, a step also ends when all its users are done, and
 *     steps are judged whole (no settle time).
 * @param startUsers users of the first step, 1 to the ceiling
 * @param stepUsers users added at each step, at least 1
 * @param stepDuration how long each step lasts, settle time included; positive
 * @param settle the start of each step that is not judged (users joining, queues filling); zero or more,
 *     shorter than {@code stepDuration}
 * @param unit what one virtual user stands for in messages ({@code "calls"}: "held 60 concurrent calls")
 */
public record CapacityPlan(
        LoadPlan base, int startUsers, int stepUsers, Duration stepDuration, Duration settle, String unit) {

    public static final String DEFAULT_UNIT = "users";

    public CapacityPlan {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(stepDuration, "stepDuration");
        Objects.requireNonNull(settle, "settle");
        unit = unit == null || unit.isBlank() ? DEFAULT_UNIT : unit.strip();
        List<String> problems = new ArrayList<>();
        if (base.workload() instanceof Workload.Closed closed) {
            if (closed.duration() == null) {
                problems.add("the base plan needs a duration: the time limit of the whole search");
            }
            if (startUsers < 1 || startUsers > closed.users()) {
                problems.add("startUsers = " + startUsers + ": must be between 1 and the ceiling maxUsers = "
                        + closed.users());
            }
        } else {
            problems.add("a capacity search steps concurrent users: its base plan must be a closed-model plan");
        }
        if (stepUsers < 1) {
            problems.add("stepUsers = " + stepUsers + ": must be at least 1");
        }
        if (stepDuration.isZero() || stepDuration.isNegative()) {
            problems.add("stepDuration = " + Durations.display(stepDuration) + ": must be positive");
        }
        if (settle.isNegative() || settle.compareTo(stepDuration) >= 0) {
            problems.add("settle = " + Durations.display(settle) + ": must be zero or more and shorter than"
                    + " stepDuration = " + Durations.display(stepDuration));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "invalid capacity search '" + base.name() + "': " + String.join("; ", problems));
        }
    }

    /** The closed-model workload whose users the search steps: its users are the ceiling. */
    public Workload.Closed workload() {
        return (Workload.Closed) base.workload(); // checked by the constructor
    }

    /** The ceiling: the most concurrent users the search tries. */
    public int maxUsers() {
        return workload().users();
    }

    /** The time limit of the whole search, warm-up excluded. */
    public Duration timeLimit() {
        return workload().duration();
    }

    /** Concurrent users of each planned step: start, start + step, …, the last one exactly the ceiling. */
    public List<Integer> levels() {
        List<Integer> levels = new ArrayList<>();
        for (long users = startUsers; ; users += stepUsers) {
            if (users >= maxUsers()) {
                levels.add(maxUsers());
                return List.copyOf(levels);
            }
            levels.add((int) users);
        }
    }

    /** How long the search takes if no step breaks: warm-up plus one step duration per level. */
    public Duration plannedDuration() {
        return base.warmup().time().plus(stepDuration.multipliedBy(levels().size()));
    }

    /** {@code 10 → 80 users, +10 every 10s (settle 2s), time limit 1m30s}. */
    public String describe() {
        return startUsers + " → " + maxUsers() + " concurrent " + unit + ", +" + stepUsers + " every "
                + Durations.display(stepDuration)
                + (workload().iterationsPerUser() > 0
                        ? " (steps judged whole), "
                        : " (first " + Durations.display(settle) + " of each step not judged), ")
                + levels().size() + " steps, time limit " + Durations.display(timeLimit())
                + (base.warmup().isNone() ? "" : ", warm-up " + base.warmup())
                + (workload().iterationsPerUser() > 0
                        ? ", " + workload().iterationsPerUser() + " iterations per user"
                        : "");
    }
}
