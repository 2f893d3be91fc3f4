package io.voiceload.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Drives a {@link CapacityPlan}: sets the number of running virtual users step by step (each runs the
 * closed model's user loop, so think time and warm-up behave as in any closed-model run), judges each
 * step's window with the SLO rules, repeats a step that broke, and after a confirmed breach refines
 * between the highest level that held and the lowest that broke, until the resolution, the ceiling or the
 * time limit. Runs on the calling thread.
 */
final class SteppedUsersDriver {
    /** How often the driver checks whether a smoke run's users are done, or leaving users have left. */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RunState run;
    private final IntervalReporter reporter;
    private final CapacityPlan plan;
    private final List<SloRule> rules;
    private final Consumer<CapacityStep> onStep;
    private final ClosedModelDriver users;
    private final LoadPlan seeded;
    private final long stepNanos;
    /** The part of a step not judged; none in a smoke run, whose steps are judged whole. */
    private final long settleNanos;

    private final long deadline;
    private final AtomicInteger running = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    /** Every user's place by id; only the driver's thread adds to it. */
    private final List<UserSlot> slots = new ArrayList<>();

    private final List<CapacityStep> steps = new ArrayList<>();
    private CapacityResult.Ending ending = CapacityResult.Ending.STOPPED;
    /** Users asked to run now: ids 0 to level - 1. */
    private int level;

    private long stepStart;
    /** Whether users ran a warm-up at a level of their own ({@link CapacityPlan#warmupUsers()}). */
    private boolean warmedUp;

    SteppedUsersDriver(
            RunState run,
            IntervalReporter reporter,
            IterationBody body,
            CapacityPlan plan,
            List<SloRule> rules,
            Consumer<CapacityStep> onStep) {
        this.run = run;
        this.reporter = reporter;
        this.plan = plan;
        this.rules = List.copyOf(rules);
        this.onStep = onStep;
        this.users = new ClosedModelDriver(run, plan.workload(), body);
        this.seeded = run.plan.withSeed(run.seed);
        this.stepNanos = plan.stepDuration().toNanos();
        // A smoke run's users may be done within the settle time: its steps are judged whole.
        this.settleNanos = plan.isSmokeRun() ? 0 : plan.settle().toNanos();
        this.deadline = Math.min(
                run.runStartNanos + run.plan.maxDuration().toNanos(),
                run.plannedMeasureStartNanos + plan.timeLimit().toNanos());
        this.stepStart = run.plannedMeasureStartNanos;
    }

    void run() throws InterruptedException {
        boolean interrupted = false;
        try {
            search();
        } catch (InterruptedException e) {
            interrupted = true;
        }
        interrupted |= Thread.interrupted();
        run.stop(interrupted ? StopReason.INTERRUPTED : StopReason.COMPLETED, interrupted ? "interrupted" : null);
        Drivers.finish(run, () -> running.get() == 0, threads, interrupted);
        if (interrupted) {
            throw new InterruptedException("capacity search interrupted");
        }
    }

    List<CapacityStep> steps() {
        return List.copyOf(steps);
    }

    CapacityResult.Ending ending() {
        return ending;
    }

    /**
     * Climbs the planned levels; a breach is repeated once, and counts only when the repeat breaks too. After
     * the first confirmed breach, halves the gap between the highest level that held and the lowest confirmed
     * breaking level until it is at most the resolution (a bisection: keycloak-benchmark's incremental mode
     * halves its increment from the last success the same way). Levels are assumed monotonic: everything
     * below a level that held holds, everything above a confirmed breach breaks.
     */
    private void search() throws InterruptedException {
        if (plan.warmupUsers() > 0 && run.plannedMeasureStartNanos > run.runStartNanos) {
            // Its users join over the first half of the warm-up; those above the first step leave when it starts.
            setLevel(
                    plan.warmupUsers(),
                    run.runStartNanos,
                    (run.plannedMeasureStartNanos - run.runStartNanos) / 2,
                    false);
            warmedUp = true;
            if (!pauseUntil(run.plannedMeasureStartNanos)) {
                return;
            }
        }
        List<Integer> levels = plan.levels();
        int nextLevel = 0;
        int held = 0; // the highest level that held; 0 for none
        int broke = 0; // the lowest level whose breach repeated; 0 for none
        while (true) {
            int target;
            CapacityStep.Kind kind;
            if (broke == 0) {
                if (nextLevel == levels.size()) {
                    ending = CapacityResult.Ending.CEILING_REACHED;
                    return;
                }
                target = levels.get(nextLevel++);
                kind = CapacityStep.Kind.CLIMB;
            } else if (held == 0 || !plan.refines() || broke - held <= plan.resolution()) {
                ending = CapacityResult.Ending.BROKE;
                return;
            } else {
                target = held + (broke - held) / 2;
                kind = CapacityStep.Kind.REFINE;
            }
            CapacityStep step = step(kind, target);
            if (step == null) {
                return;
            }
            if (!step.held()) {
                step = step(CapacityStep.Kind.REPEAT, target);
                if (step == null) {
                    return;
                }
            }
            if (step.held()) {
                held = Math.max(held, target);
            } else {
                broke = target; // refinement stays below the lowest confirmed breach: this is lower still
            }
        }
    }

    /**
     * Runs one step at {@code target} users and judges it; null when it could not run or was cut short (the
     * time limit, or the run stopped), with {@link #ending} set.
     */
    private CapacityStep step(CapacityStep.Kind kind, int target) throws InterruptedException {
        if (stepStart + stepNanos > deadline) {
            ending = CapacityResult.Ending.TIME_LIMIT;
            return null;
        }
        RunTotals from = settleNanos == 0 ? reporter.sampleTotals() : null;
        boolean first = steps.isEmpty() && !warmedUp;
        // The first users start with the run, spread over the warm-up if there is one (so that, say, their
        // logins do not all fall into the same second); later ones at their step.
        long joinAt = first ? run.runStartNanos : stepStart;
        long spread =
                first ? Math.max(settleNanos / 2, run.plannedMeasureStartNanos - run.runStartNanos) : settleNanos / 2;
        // A smoke run's repeat gives every user of the level its iterations again.
        boolean again = kind == CapacityStep.Kind.REPEAT && plan.isSmokeRun();
        setLevel(target, joinAt, spread, again);
        long stepEnd = stepStart + stepNanos;
        if (settleNanos > 0) {
            if (!pauseUntil(stepStart + settleNanos)) {
                return null;
            }
            // Users who left finish their iteration first; judging starts when they have (at the latest
            // halfway through the judged part), so their last iterations under the higher load stay out.
            long latest = stepEnd - (stepNanos - settleNanos) / 2;
            while (!leftUsersGone() && System.nanoTime() < latest) {
                if (!pauseUntil(Math.min(latest, System.nanoTime() + POLL_NANOS))) {
                    return null;
                }
            }
            from = reporter.sampleTotals();
        }
        if (!awaitStepEnd(stepEnd)) {
            return null;
        }
        RunTotals to = reporter.sampleTotals();
        LoadResult window = to.since(from, seeded, run.runStartNanos);
        CapacityStep step =
                new CapacityStep(steps.size() + 1, target, kind, window, SloEvaluator.evaluate(window, rules));
        steps.add(step);
        onStep.accept(step);
        stepStart = Math.min(stepEnd, to.nanos); // a smoke run's step may end early
        return step;
    }

    /**
     * Makes users 0 to {@code target - 1} run: users above it leave after their current iteration; users
     * below it who are not running (or are leaving) join, spread evenly over {@code spreadNanos} from
     * {@code at}. With {@code again}, every user of the level gets its iterations once more (a smoke run).
     */
    private void setLevel(int target, long at, long spreadNanos, boolean again) {
        for (int id = target; id < Math.min(level, slots.size()); id++) {
            slots.get(id).leave();
        }
        int from = again ? 0 : Math.min(level, target);
        int joining = target - from;
        long more = plan.workload().iterationsPerUser();
        for (int id = from; id < target; id++) {
            if (id < slots.size() && slots.get(id).stay(again ? more : 0)) {
                continue; // still running: a user who was leaving stays
            }
            long start = at + (joining == 1 ? 0 : spreadNanos * (id - from) / joining);
            start(id, start, more);
        }
        level = target;
    }

    private void start(int id, long at, long iterations) {
        if (id == slots.size()) {
            slots.add(new UserSlot());
        }
        UserSlot slot = slots.get(id);
        long generation = slot.begin(iterations);
        Thread t = Thread.ofVirtual().name("vu-" + id).unstarted(() -> {
            try {
                users.userLoop(id, at, slot);
            } finally {
                slot.ended(generation);
                running.decrementAndGet();
            }
        });
        running.incrementAndGet();
        threads.add(t);
        t.start();
    }

    /** Whether every user above the level has finished its last iteration. */
    private boolean leftUsersGone() {
        for (int id = level; id < slots.size(); id++) {
            if (slots.get(id).running()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits for the end of the step; a smoke run whose users all finished their requests ends the step
     * early. False when the run was stopped.
     */
    private boolean awaitStepEnd(long stepEnd) throws InterruptedException {
        if (!plan.isSmokeRun()) {
            return pauseUntil(stepEnd);
        }
        while (System.nanoTime() < stepEnd && running.get() > 0) {
            if (!pauseUntil(Math.min(stepEnd, System.nanoTime() + POLL_NANOS))) {
                return false;
            }
        }
        return true;
    }

    private boolean pauseUntil(long deadline) throws InterruptedException {
        if (run.sleepUntil(deadline, false)) {
            return true;
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("capacity search interrupted");
        }
        return false; // stopped: the run's hard maximum duration
    }

    /**
     * One virtual user's place in the search, shared by the driver and the user's thread: whether the user
     * is running, whether it is to leave after its current iteration, and how many measured iterations it
     * may run (a smoke run). Not a hot path: asked once per iteration, so a monitor is simpler than
     * lock-free state and as fast in practice.
     */
    private static final class UserSlot implements ClosedModelDriver.Lease {
        private long generation;
        private boolean running;
        private boolean leaving;
        /** Measured iterations allowed to the running thread; 0 for no limit. */
        private long allowance;

        @Override
        public synchronized boolean mayContinue(long measured) {
            if (leaving || (allowance > 0 && measured >= allowance)) {
                running = false; // from here on the thread runs no iteration: the driver may start another
                return false;
            }
            return true;
        }

        /** A new thread takes this place; returns its generation for {@link #ended}. */
        synchronized long begin(long iterations) {
            running = true;
            leaving = false;
            allowance = iterations;
            return ++generation;
        }

        /** Asks the user to leave after its current iteration. */
        synchronized void leave() {
            leaving = true;
        }

        /**
         * Keeps the user running (a user that was leaving stays), with {@code more} measured iterations
         * allowed; false when its thread has run its last iteration, so that a new one must take its place.
         */
        synchronized boolean stay(long more) {
            if (!running) {
                return false;
            }
            leaving = false;
            if (allowance > 0) {
                allowance += more;
            }
            return true;
        }

        synchronized boolean running() {
            return running;
        }

        /** The thread of {@code generation} ended (also when the run stopped it). */
        synchronized void ended(long generation) {
            if (this.generation == generation) {
                running = false;
            }
        }
    }
}
