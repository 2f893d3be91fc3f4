package io.voiceload.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a closed-model workload ({@link Workload.Closed}): {@code users} virtual threads, started evenly over the ramp-up, each
 * looping until its iterations are done, the duration has elapsed, or the run is stopped.
 */
final class ClosedModelDriver {
    private final RunState run;
    private final Workload.Closed workload;
    private final IterationBody body;

    ClosedModelDriver(RunState run, Workload.Closed workload, IterationBody body) {
        this.run = run;
        this.workload = workload;
        this.body = body;
    }

    void run() throws InterruptedException {
        CountDownLatch done = new CountDownLatch(workload.users());
        List<Thread> threads = new ArrayList<>(workload.users());
        for (int i = 0; i < workload.users(); i++) {
            int id = i;
            threads.add(Thread.ofVirtual().name("vu-" + id).unstarted(() -> {
                try {
                    userLoop(id);
                } finally {
                    done.countDown();
                }
            }));
        }
        threads.forEach(Thread::start);

        long hardStop = run.runStartNanos + run.plan.maxDuration().toNanos();
        long durationEnd = workload.duration() == null
                ? Long.MAX_VALUE
                : run.plannedMeasureStartNanos + workload.duration().toNanos();
        long deadline = Math.min(hardStop, durationEnd);
        boolean interrupted = false;
        try {
            if (!awaitUntil(done, deadline)) {
                run.stop(deadline == hardStop ? StopReason.MAX_DURATION : StopReason.DURATION_ELAPSED, null);
            }
        } catch (InterruptedException e) {
            run.stop(StopReason.INTERRUPTED, "interrupted");
            interrupted = true;
        }
        Drivers.finish(run, () -> done.getCount() == 0, threads, interrupted);
        if (interrupted) {
            throw new InterruptedException("load run interrupted");
        }
    }

    private void userLoop(int id) {
        int users = workload.users();
        long iterations = workload.iterationsPerUser();
        userLoop(
                id,
                run.runStartNanos + (users == 1 ? 0 : workload.rampUp().toNanos() * id / users),
                measured -> iterations == 0 || measured < iterations);
    }

    /**
     * Whether a virtual user goes on to another measured iteration, asked before each one (and right after
     * one, so that the last is not followed by a pause). The plain closed model's users run until their
     * {@code requests} are done; a capacity search's also leave when their step is over.
     */
    @FunctionalInterface
    interface Lease {
        /** @param measured measured iterations this user has run so far */
        boolean mayContinue(long measured);
    }

    /**
     * One virtual user's life: waits until {@code start}, then loops over iterations until its
     * {@code lease} ends or the run stops. Also used by {@link SteppedUsersDriver}, whose users join
     * and leave at step boundaries.
     */
    void userLoop(int id, long start, Lease lease) {
        Warmup warmup = run.plan.warmup();
        VirtualUser user = new VirtualUser(id, run.seed, run);
        if (!run.sleepUntil(start, true)) {
            return;
        }
        run.activeUsers.incrementAndGet();
        try {
            long warmupDone = 0;
            long measured = 0;
            long pacing = workload.pacing() == null ? 0 : workload.pacing().toNanos();
            long scheduled = System.nanoTime();
            while (!run.stopped()) {
                long now = System.nanoTime();
                boolean warm = warmup.isWarm(warmupDone, run.isWarmupTime(now));
                if (!warm && !lease.mayContinue(measured)) {
                    break;
                }
                if (!warm) {
                    run.markMeasuredStart(now);
                }
                // With pacing, latency counts from the scheduled start: a user that fell behind its
                // pacing records the delay instead of hiding it (no coordinated omission), and
                // every sample is a real iteration.
                Drivers.iterate(run, body, user, warm, pacing > 0 ? Math.min(scheduled, now) : now);
                if (warm) {
                    warmupDone++;
                } else if (!lease.mayContinue(++measured)) {
                    break; // done: no pause after the last iteration
                }
                if (pacing > 0) {
                    scheduled += pacing;
                    run.sleepUntil(scheduled, true);
                } else {
                    // The user's own think time (a user type's, say) wins over the plan's.
                    long think = user.thinkTimeOr(workload.thinkTime()).nextNanos(user.random());
                    if (think > 0) {
                        run.sleepUntil(System.nanoTime() + think, true);
                    }
                }
            }
        } finally {
            run.activeUsers.decrementAndGet();
        }
    }

    private static boolean awaitUntil(CountDownLatch latch, long deadlineNanos) throws InterruptedException {
        long wait = deadlineNanos - System.nanoTime();
        return wait > 0 ? latch.await(wait, TimeUnit.NANOSECONDS) : latch.getCount() == 0;
    }
}
