package io.voiceload.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Drives a {@link CapacityPlan}: adds virtual users step by step (each runs the closed model's user
 * loop, so think time and warm-up behave as in any closed-model run), judges each step's window with
 * the SLO rules, and stops at the first breach, the ceiling or the time limit. Runs on the calling thread.
 */
final class SteppedUsersDriver {
    /** How often a smoke run ({@code requests} per user) checks whether its users are all done. */
    private static final long DONE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final RunState run;
    private final IntervalReporter reporter;
    private final CapacityPlan plan;
    private final List<SloRule> rules;
    private final Consumer<CapacityStep> onStep;
    private final ClosedModelDriver users;
    private final LoadPlan seeded;
    private final AtomicInteger running = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    private final List<CapacityStep> steps = new ArrayList<>();
    private CapacityResult.Ending ending = CapacityResult.Ending.STOPPED;

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

    private void search() throws InterruptedException {
        long stepNanos = plan.stepDuration().toNanos();
        // A smoke run's users may be done within the settle time: its steps are judged whole.
        long settleNanos =
                plan.workload().iterationsPerUser() > 0 ? 0 : plan.settle().toNanos();
        long measureStart = run.plannedMeasureStartNanos;
        long deadline = Math.min(
                run.runStartNanos + run.plan.maxDuration().toNanos(),
                measureStart + plan.timeLimit().toNanos());
        List<Integer> levels = plan.levels();
        int started = 0;
        long stepStart = measureStart;
        for (int k = 0; k < levels.size(); k++) {
            int target = levels.get(k);
            if (stepStart + stepNanos > deadline) {
                ending = CapacityResult.Ending.TIME_LIMIT;
                return;
            }
            RunTotals from = settleNanos == 0 ? reporter.sampleTotals() : null;
            // The first users start with the run, spread over the warm-up if there is one (so that, say, their
            // logins do not all fall into the same second); later ones at their step.
            long spread = k == 0 ? Math.max(settleNanos / 2, measureStart - run.runStartNanos) : settleNanos / 2;
            join(started, target, k == 0 ? run.runStartNanos : stepStart, spread);
            started = target;
            if (settleNanos > 0) {
                if (!pauseUntil(stepStart + settleNanos)) {
                    return;
                }
                from = reporter.sampleTotals();
            }
            long stepEnd = stepStart + stepNanos;
            if (!awaitStepEnd(stepEnd)) {
                return;
            }
            RunTotals to = reporter.sampleTotals();
            LoadResult window = to.since(from, seeded, run.runStartNanos);
            CapacityStep step = new CapacityStep(k + 1, target, window, SloEvaluator.evaluate(window, rules));
            steps.add(step);
            onStep.accept(step);
            if (!step.held()) {
                ending = CapacityResult.Ending.BROKE;
                return;
            }
            if (target == plan.maxUsers()) {
                ending = CapacityResult.Ending.CEILING_REACHED;
                return;
            }
            stepStart = Math.min(stepEnd, to.nanos); // a smoke run's step may end early
        }
    }

    /** Starts users {@code from} to {@code to - 1}, spread evenly over {@code spreadNanos} from {@code at}. */
    private void join(int from, int to, long at, long spreadNanos) {
        int joining = to - from;
        for (int i = 0; i < joining; i++) {
            int id = from + i;
            long start = at + (joining == 1 ? 0 : spreadNanos * i / joining);
            Thread t = Thread.ofVirtual().name("vu-" + id).unstarted(() -> {
                try {
                    users.userLoop(id, start);
                } finally {
                    running.decrementAndGet();
                }
            });
            running.incrementAndGet();
            threads.add(t);
            t.start();
        }
    }

    /**
     * Waits for the end of the step; a smoke run whose users all finished their requests ends the step
     * early. False when the run was stopped.
     */
    private boolean awaitStepEnd(long stepEnd) throws InterruptedException {
        if (plan.workload().iterationsPerUser() == 0) {
            return pauseUntil(stepEnd);
        }
        while (System.nanoTime() < stepEnd && running.get() > 0) {
            if (!pauseUntil(Math.min(stepEnd, System.nanoTime() + DONE_POLL_NANOS))) {
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
}
