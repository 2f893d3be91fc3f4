package io.voiceload.load;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import org.HdrHistogram.Recorder;

/**
 * What the drivers, the virtual users and the reporter share during one run: clocks, the stop
 * flag, and the metrics of the measured phase and of the warm-up.
 */
final class RunState {
    static final String ITERATION = "iteration";
    /** Distinct request names kept per run; more indicates ids in names instead of templates. */
    static final int MAX_REQUEST_NAMES = 500;

    static final String OTHER_REQUESTS = "(other requests)";

    final LoadPlan plan;
    final long seed;
    final long runStartNanos;
    /** Planned start of the measured phase: after a time-based warm-up. */
    final long plannedMeasureStartNanos;
    /** Actual start of the measured phase: the first measured iteration's start (set once). */
    private final AtomicLong measureStartNanos = new AtomicLong(Long.MIN_VALUE);

    final NamedMetrics iterations = new NamedMetrics(ITERATION);
    final NamedMetrics warmupIterations = new NamedMetrics(ITERATION);
    private final Map<String, NamedMetrics> requests = new ConcurrentHashMap<>();
    private final Map<String, NamedMetrics> warmupRequests = new ConcurrentHashMap<>();
    final Recorder schedulingLag = NamedMetrics.newRecorder();
    /** This JVM's heap, GC and CPU, sampled by the reporter with the metrics. */
    final JvmSampler jvm;

    final AtomicInteger activeUsers = new AtomicInteger();
    final LongAdder dropped = new LongAdder();
    final LongAdder arrivals = new LongAdder();
    private final AtomicReference<StopReason> stopReason = new AtomicReference<>();
    private volatile String abortReason = "";
    private volatile boolean stop;
    /** Threads parked in {@link #sleepUntil}: unparked when the run stops. */
    final Set<Thread> sleepers = ConcurrentHashMap.newKeySet();

    /** Told once when the measured phase starts ({@link RunOptions#measuredStart()}). */
    private final LongConsumer measuredStartListener;

    RunState(LoadPlan plan, long seed, long runStartNanos) {
        this(plan, seed, runStartNanos, nanos -> {});
    }

    RunState(LoadPlan plan, long seed, long runStartNanos, LongConsumer measuredStartListener) {
        this.measuredStartListener = measuredStartListener;
        this.plan = plan;
        this.seed = seed;
        this.runStartNanos = runStartNanos;
        this.plannedMeasureStartNanos = runStartNanos + plan.warmup().time().toNanos();
        this.jvm = new JvmSampler(runStartNanos);
    }

    NamedMetrics request(String name, boolean warmup) {
        Map<String, NamedMetrics> map = warmup ? warmupRequests : requests;
        NamedMetrics m = map.get(name);
        if (m != null) {
            return m;
        }
        String key = map.size() >= MAX_REQUEST_NAMES ? OTHER_REQUESTS : name;
        return map.computeIfAbsent(key, NamedMetrics::new);
    }

    Collection<NamedMetrics> requests() {
        return requests.values();
    }

    Collection<NamedMetrics> warmupRequests() {
        return warmupRequests.values();
    }

    boolean isWarmupTime(long nowNanos) {
        return nowNanos < plannedMeasureStartNanos;
    }

    void markMeasuredStart(long nanos) {
        if (measureStartNanos.get() == Long.MIN_VALUE && measureStartNanos.compareAndSet(Long.MIN_VALUE, nanos)) {
            measuredStartListener.accept(nanos);
        }
    }

    /** Start of the measured phase, or the planned one when no measured iteration started yet. */
    long measureStartNanos() {
        long v = measureStartNanos.get();
        return v == Long.MIN_VALUE ? plannedMeasureStartNanos : v;
    }

    boolean stopped() {
        return stop;
    }

    /** Stops the run (first reason wins) and wakes every sleeping user. */
    void stop(StopReason reason, String detail) {
        if (stopReason.compareAndSet(null, reason)) {
            if (detail != null) {
                abortReason = detail;
            }
        }
        stop = true;
        for (Thread t : sleepers) {
            LockSupport.unpark(t);
        }
    }

    StopReason stopReason() {
        StopReason r = stopReason.get();
        return r == null ? StopReason.COMPLETED : r;
    }

    String abortReason() {
        return abortReason;
    }

    /**
     * Parks until {@code deadlineNanos}, or until the run stops or the thread is interrupted.
     *
     * @param recordLag whether to record how late the wake-up was as scheduling lag
     * @return false if the run stopped or the thread was interrupted
     */
    boolean sleepUntil(long deadlineNanos, boolean recordLag) {
        Thread self = Thread.currentThread();
        long now = System.nanoTime();
        if (now < deadlineNanos) {
            sleepers.add(self);
            try {
                while (!stop && !self.isInterrupted() && (now = System.nanoTime()) < deadlineNanos) {
                    LockSupport.parkNanos(deadlineNanos - now);
                }
            } finally {
                sleepers.remove(self);
            }
        }
        if (stop || self.isInterrupted()) {
            return false;
        }
        if (recordLag) {
            schedulingLag.recordValue(NamedMetrics.clamp(now - deadlineNanos));
        }
        return true;
    }
}
