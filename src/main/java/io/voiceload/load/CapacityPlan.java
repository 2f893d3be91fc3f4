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
 * {@code settle} time (the first step's users over the warm-up, when that is longer). Each step is judged
 * on what was recorded from the end of its settle time to its end.
 *
 * <p><b>A breach must repeat to count.</b> A step that breaks an SLO is run again at once with the same
 * users (a repeat): if the repeat holds, the breach was transient (a pause of this machine, a cold first
 * step) and the search goes on; if it breaks again, the breach is confirmed.
 *
 * <p><b>Refinement.</b> After the first confirmed breach the search halves its step from the highest
 * level that held (as keycloak-benchmark's incremental mode does): it goes halfway between that level and
 * the lowest confirmed breaking level, lets users leave or join, and judges again, until the two are at
 * most {@code resolution} users apart. Users leaving finish their iteration first, and a step's window
 * starts once they have (at the latest halfway through the judged part of the step), so their last
 * iterations under overload are not judged with the lower level.
 *
 * <p>The search ends with a confirmed breaking point refined to the resolution, at the ceiling, or when
 * the next step would not end within the time limit ({@code base.duration()}); {@link #longestSearch} gives
 * how long a search takes at most without transient breaches.
 *
 * <pre>{@code
 * LoadPlan base = LoadPlan.closed(80).duration(Duration.ofSeconds(90)).build();   // ceiling, time limit
 * CapacityPlan plan = new CapacityPlan(base, 10, 20, 5, Duration.ofSeconds(10), Duration.ofSeconds(2), "calls",
 *         "external target https://staging.example.com");
 * }</pre>
 *
 * @param base the run: {@code users} is the ceiling, {@code duration} the time limit of the whole search
 *     (warm-up excluded); think time, warm-up time, seed, max duration, progress interval and generator
 *     lag limit apply as in any closed-model run. With {@code requests} per user set (a smoke run), each
 *     user stops after that many measured iterations, a step also ends when all its users are done, steps
 *     are judged whole (no settle time), a repeat gives every user of the level that many iterations
 *     more, and the search does not refine.
 * @param startUsers users of the first step, 1 to the ceiling
 * @param stepUsers users added at each step, at least 1
 * @param resolution the search refines until the highest level that held and the lowest confirmed
 *     breaking level are at most this many users apart; at least 1 ({@code stepUsers} or more: no refinement)
 * @param stepDuration how long each step lasts, settle time included; positive
 * @param settle the start of each step that is not judged (users joining, queues filling); zero or more,
 *     shorter than {@code stepDuration}
 * @param unit what one virtual user stands for in messages ({@code "calls"}: "held 60 concurrent calls")
 * @param setUp what was measured, for the headline ({@code "external target https://…"}); blank or null
 *     when not known
 * @param warmupUsers users during the warm-up ({@code base}'s warm-up time), when it is to run at a load of its
 *     own: a just-started system (its JIT compiler, caches and pools) reaches the speed it keeps only after some
 *     thousands of iterations, which the first step's few users would not run. 0 (the default): the first
 *     step's users; else 1 to the ceiling. Those above the first step's leave when the warm-up ends, before
 *     the first step is judged.
 */
public record CapacityPlan(
        LoadPlan base,
        int startUsers,
        int stepUsers,
        int resolution,
        Duration stepDuration,
        Duration settle,
        String unit,
        String setUp,
        int warmupUsers) {

    public static final String DEFAULT_UNIT = "users";

    /** The resolution {@link CapacitySearch} refines to unless told otherwise. */
    public static final int DEFAULT_RESOLUTION = 10;

    public CapacityPlan {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(stepDuration, "stepDuration");
        Objects.requireNonNull(settle, "settle");
        unit = unit == null || unit.isBlank() ? DEFAULT_UNIT : unit.strip();
        setUp = setUp == null ? "" : setUp.strip();
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
        if (base.workload() instanceof Workload.Closed c && (warmupUsers < 0 || warmupUsers > c.users())) {
            problems.add("warmupUsers = " + warmupUsers + ": must be 0 (the first step's users) or between 1 and"
                    + " the ceiling maxUsers = " + c.users());
        }
        if (resolution < 1) {
            problems.add("resolution = " + resolution + ": must be at least 1");
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

    /** A search whose warm-up (if any) runs the first step's users. */
    public CapacityPlan(
            LoadPlan base,
            int startUsers,
            int stepUsers,
            int resolution,
            Duration stepDuration,
            Duration settle,
            String unit,
            String setUp) {
        this(base, startUsers, stepUsers, resolution, stepDuration, settle, unit, setUp, 0);
    }

    /** A search refining to {@link #DEFAULT_RESOLUTION}, its set-up not stated. */
    public CapacityPlan(
            LoadPlan base, int startUsers, int stepUsers, Duration stepDuration, Duration settle, String unit) {
        this(base, startUsers, stepUsers, DEFAULT_RESOLUTION, stepDuration, settle, unit, null);
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

    /** Whether each user runs a fixed number of iterations ({@code requests}): a smoke run, steps judged whole. */
    public boolean isSmokeRun() {
        return workload().iterationsPerUser() > 0;
    }

    /** Whether a confirmed breach is followed by refinement: not in a smoke run, nor when the step is the resolution. */
    public boolean refines() {
        return !isSmokeRun() && stepUsers > resolution;
    }

    /** Concurrent users of each climbing step: start, start + step, …, the last one exactly the ceiling. */
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

    /**
     * How long a search takes at most when no breach is transient, warm-up excluded: {@link #longestSearchSteps}
     * steps of {@code stepDuration}, without refinement in a smoke run. A capacity test's time limit unless one is
     * configured.
     *
     * @param smokeRun whether each user runs a fixed number of iterations ({@link #isSmokeRun()}): no refinement
     */
    public static Duration longestSearch(
            int startUsers, int stepUsers, int maxUsers, int resolution, Duration stepDuration, boolean smokeRun) {
        return stepDuration.multipliedBy(
                longestSearchSteps(startUsers, stepUsers, maxUsers, smokeRun ? stepUsers : resolution));
    }

    /**
     * The steps a search needs at most when no breach is transient: one per climbing level, the repeat that
     * confirms the breach at the last of them, and each refinement step with its own repeat. Transient
     * breaches add one step each.
     *
     * @param resolution the resolution refined to; {@code step} or more for no refinement
     */
    public static int longestSearchSteps(int start, int step, int max, int resolution) {
        long climbing = 1 + ((long) Math.max(0, max - start) + step - 1) / step;
        return (int) Math.min(Integer.MAX_VALUE, climbing + 1 + 2L * halvings(step, resolution));
    }

    /** How many halvings take a gap of {@code step} users down to {@code resolution} at most (the larger half each time). */
    static int halvings(int step, int resolution) {
        int n = 0;
        for (int gap = step; gap > Math.max(1, resolution); gap -= gap / 2) {
            n++;
        }
        return n;
    }

    /**
     * {@code 10 → 80 concurrent calls, +10 every 10s (first 2s of each step not judged), 8 climbing steps; a breach is
     * repeated once to count, then refined to 5; time limit 1m30s}.
     */
    public String describe() {
        return startUsers + " → " + maxUsers() + " concurrent " + unit + ", +" + stepUsers + " every "
                + Durations.display(stepDuration)
                + (isSmokeRun()
                        ? " (steps judged whole), "
                        : " (first " + Durations.display(settle) + " of each step not judged), ")
                + levels().size() + (levels().size() == 1 ? " climbing step" : " climbing steps")
                + "; a breach is repeated once to count"
                + (refines() ? ", then refined to " + resolution : "")
                + "; time limit " + Durations.display(timeLimit())
                + (base.warmup().isNone() ? "" : ", warm-up " + base.warmup())
                + (base.warmup().isNone() || warmupUsers == 0 ? "" : " at " + warmupUsers + " " + unit)
                + (isSmokeRun() ? ", " + workload().iterationsPerUser() + " iterations per user" : "")
                + (setUp.isEmpty() ? "" : "; set-up: " + setUp);
    }
}
