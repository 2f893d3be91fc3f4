package io.voiceload.load;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * Runs an open-model workload ({@link Workload.Open}). The calling (platform) thread is the scheduler: it waits for each
 * arrival's intended time and hands it to a free virtual user from a pool of
 * {@code maxConcurrency}, each iteration on a fresh virtual thread. If no user is free the arrival
 * is <i>dropped</i> and counted. Iteration latency counts from the intended time, so queueing
 * behind a stall is measured instead of hidden; how late the scheduler itself was is recorded as
 * scheduling lag.
 *
 * <p>A time-based warm-up runs before the schedule at the schedule's starting rate (or its first
 * target when it starts from zero), cut short by a warm-up iteration count if one is also set; an
 * iteration-only warm-up takes the schedule's first arrivals.
 */
final class OpenModelDriver {
    private final RunState run;
    private final Workload.Open workload;
    private final IterationBody body;

    OpenModelDriver(RunState run, Workload.Open workload, IterationBody body) {
        this.run = run;
        this.workload = workload;
        this.body = body;
    }

    void run() throws InterruptedException {
        LoadPlan plan = run.plan;
        RateSchedule rate = workload.rate();
        int size = workload.maxConcurrency();
        ArrayBlockingQueue<VirtualUser> pool = new ArrayBlockingQueue<>(size);
        for (int i = 0; i < size; i++) {
            pool.add(new VirtualUser(i, run.seed, run));
        }
        List<Thread> started = new ArrayList<>();
        long hardStop = run.runStartNanos + plan.maxDuration().toNanos();
        long warmupNanos = plan.warmup().time().toNanos();
        double warmupRate = rate.startPerSecond() > 0
                ? rate.startPerSecond()
                : rate.stages().getFirst().targetPerSecond();
        long warmupInterval = warmupRate > 0 ? (long) (1e9 / warmupRate) : Long.MAX_VALUE;

        long warmupArrivals = 0;
        int pruneAt = 4096;
        long k = 0;
        while (!run.stopped()) {
            long intended;
            boolean warm;
            if (warmupNanos > 0
                    && (warmupArrivals + 1) * warmupInterval <= warmupNanos
                    && plan.warmup().isWarm(warmupArrivals, true)) {
                intended = run.runStartNanos + ++warmupArrivals * warmupInterval;
                warm = true;
            } else {
                long due = rate.arrivalNanos(k);
                if (due < 0) {
                    break;
                }
                intended = run.plannedMeasureStartNanos + due;
                // Iteration-only warm-up takes the schedule's first arrivals.
                warm = warmupNanos == 0 && plan.warmup().isWarm(k, true);
                k++;
            }
            if (intended > hardStop) {
                run.stop(StopReason.MAX_DURATION, null);
                break;
            }
            if (!run.sleepUntil(intended, false)) {
                break;
            }
            if (!warm) {
                if (workload.maxArrivals() > 0 && run.arrivals.sum() >= workload.maxArrivals()) {
                    break;
                }
                run.markMeasuredStart(intended);
                run.arrivals.increment();
            }
            VirtualUser user = pool.poll();
            if (user == null) {
                if (!warm) {
                    run.dropped.increment();
                }
                continue;
            }
            run.activeUsers.incrementAndGet();
            started.add(Thread.ofVirtual().start(() -> {
                // Lag where the iteration really starts: a saturated scheduler or busy carriers show.
                run.schedulingLag.recordValue(NamedMetrics.clamp(System.nanoTime() - intended));
                try {
                    Drivers.iterate(run, body, user, warm, intended);
                } finally {
                    run.activeUsers.decrementAndGet();
                    pool.add(user);
                }
            }));
            if (started.size() >= pruneAt) {
                started.removeIf(t -> !t.isAlive());
                pruneAt = Math.max(4096, started.size() * 2);
            }
        }
        boolean interrupted = Thread.currentThread().isInterrupted();
        if (interrupted) {
            run.stop(StopReason.INTERRUPTED, "interrupted");
        }
        Drivers.finish(run, () -> run.activeUsers.get() == 0, started, interrupted);
        if (interrupted) {
            throw new InterruptedException("load run interrupted");
        }
    }
}
