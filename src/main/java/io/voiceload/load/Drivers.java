package io.voiceload.load;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What both workload drivers do the same way: run one iteration, and wind down. */
final class Drivers {
    /** How long in-flight iterations may finish after the run stopped before they are interrupted. */
    static final long DRAIN_NANOS = TimeUnit.SECONDS.toNanos(10);

    private Drivers() {}

    /**
     * Runs one iteration on the calling thread and records it. Latency counts from
     * {@code intendedStartNanos}: the actual start in the closed model, the scheduled arrival in
     * the open one (so a stall's queueing shows). An interruption caused by stopping is not a failure.
     */
    static void iterate(RunState run, IterationBody body, VirtualUser user, boolean warm, long intendedStartNanos) {
        NamedMetrics metrics = warm ? run.warmupIterations : run.iterations;
        user.begin(warm);
        Throwable failure = null;
        try {
            body.run(user);
        } catch (Throwable t) {
            failure = t;
        } finally {
            user.end();
        }
        long latency = System.nanoTime() - intendedStartNanos;
        boolean stopping = run.stopped();
        if (!stopping) {
            Thread.interrupted(); // a body that left its interrupt flag set must not break the next pause
        }
        if (failure == null) {
            metrics.recordSuccess(latency);
        } else if (!(stopping && isInterruption(failure))) {
            metrics.recordFailure(latency, ErrorClassifier.classify(failure), failure);
        }
    }

    private static boolean isInterruption(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof InterruptedException || c instanceof java.io.InterruptedIOException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /**
     * Waits for in-flight iterations, then interrupts stragglers and waits a little more. Not
     * interruptible: the samples of iterations still running must not be lost; when the caller
     * was interrupted, the drain is skipped and stragglers are interrupted at once.
     */
    static void finish(RunState run, BooleanSupplier allDone, List<Thread> threads, boolean callerInterrupted) {
        if (!callerInterrupted && awaitTrue(allDone, DRAIN_NANOS)) {
            return;
        }
        run.stop(callerInterrupted ? StopReason.INTERRUPTED : StopReason.MAX_DURATION, null);
        threads.forEach(Thread::interrupt);
        if (!awaitTrue(allDone, TimeUnit.SECONDS.toNanos(5))) {
            System.err.println("[load] " + run.activeUsers.get() + " virtual users did not stop after interruption");
        }
    }

    private static boolean awaitTrue(BooleanSupplier condition, long timeoutNanos) {
        long end = System.nanoTime() + timeoutNanos;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= end) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        return true;
    }
}
