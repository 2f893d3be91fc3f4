package io.voiceload.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs a closed-model plan: {@code users} virtual threads, started evenly over the ramp-up, each
 * looping until its iterations are done, the duration has elapsed, or the run is stopped.
 */
final class ClosedModelDriver {
    private final RunState run;
    private final IterationBody body;

    ClosedModelDriver(RunState run, IterationBody body) {
        this.run = run;
        this.body = body;
    }

    void run() throws InterruptedException {
        LoadPlan plan = run.plan;
        CountDownLatch done = new CountDownLatch(plan.users());
        List<Thread> threads = new ArrayList<>(plan.users());
        for (int i = 0; i < plan.users(); i++) {
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

        long hardStop = run.runStartNanos + plan.maxDuration().toNanos();
        long durationEnd = plan.duration() == null
                ? Long.MAX_VALUE
                : run.plannedMeasureStartNanos + plan.duration().toNanos();
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
        LoadPlan plan = run.plan;
        userLoop(id, run.runStartNanos + (plan.users() == 1 ? 0 : plan.rampUp().toNanos() * id / plan.users()));
    }

    /**
     * One virtual user's life: waits until {@code start}, then loops over iterations until its
     * requests are done or the run stops. Also used by {@link SteppedUsersDriver}, whose users join
     * at step boundaries.
     */
    void userLoop(int id, long start) {
        LoadPlan plan = run.plan;
        VirtualUser user = new VirtualUser(id, run.seed, run);
        if (!run.sleepUntil(start, true)) {
            return;
        }
        run.activeUsers.incrementAndGet();
        try {
            long warmupDone = 0;
            long measured = 0;
            long pacing = plan.pacing() == null ? 0 : plan.pacing().toNanos();
            long scheduled = System.nanoTime();
            while (!run.stopped()) {
                long now = System.nanoTime();
                boolean warm = plan.warmup().isWarm(warmupDone, run.isWarmupTime(now));
                if (!warm && plan.requestsPerUser() > 0 && measured >= plan.requestsPerUser()) {
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
                } else if (++measured >= plan.requestsPerUser() && plan.requestsPerUser() > 0) {
                    break; // done: no pause after the last iteration
                }
                if (pacing > 0) {
                    scheduled += pacing;
                    run.sleepUntil(scheduled, true);
                } else {
                    // The user's own think time (a user type's, say) wins over the plan's.
                    long think = user.thinkTimeOr(plan.thinkTime()).nextNanos(user.random());
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
