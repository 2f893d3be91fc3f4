package io.voiceload.faults;

import io.voiceload.config.Durations;
import io.voiceload.faults.FaultEvent.HealReason;
import io.voiceload.load.RunMarks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link FaultPlan} on a load's timeline: each fault is applied {@code at} after the measured phase starts
 * and healed after {@code lasts}, on a daemon thread of its own; whatever is still on is healed by {@link #finish}
 * (the run ended, failed or was aborted), by {@link #close} and, should the JVM exit first, by a shutdown hook.
 *
 * <pre>{@code
 * FaultPlan plan = FaultPlan.of(List.of(FaultSpec.latency("postgres", 200)
 *         .withAt(Duration.ofSeconds(5))
 *         .withLasts(Duration.ofSeconds(10))));
 * try (FaultSchedule schedule = FaultSchedule.prepare(plan, Faults.on(RunningInfrastructure.shared()))) {
 *     LoadResult result = LoadRunner.run(
 *             LoadPlan.closed(10).duration(Duration.ofSeconds(30)).build(),
 *             user -> {}, // one iteration, through the postgres proxy
 *             RunOptions.defaults().withMeasuredStart(schedule::start));
 *     FaultSchedule.Result faults = schedule.finish(FaultEvent.HealReason.RUN_ENDED);
 *     faults.lines().forEach(System.out::println); // scheduled vs actual start and end, bytes received
 *     assertThat(faults.failure()).isEmpty(); // empty when every fault bit
 * }
 * }</pre>
 *
 * <p><b>The fault must bite.</b> The proxy's received-bytes counter ({@code toxiproxy_proxy_received_bytes_total},
 * served with {@code -proxy-metrics}) is read when a fault starts and when it ends; a fault whose link received no
 * byte in its window fails the test: a client that bypasses the proxy (a wrong address, a pool opened before the
 * proxy) must not give a green run. A CUT (or a service down REFUSED) lets nothing through by design, so its traffic
 * is counted over the whole measured phase: the clients used the link before or after it. A service down ERRORS
 * counts the requests its {@link ServiceControl} received in its window instead of bytes.
 */
public final class FaultSchedule implements AutoCloseable {
    private final Faults faults;
    private final List<Slot> slots = new ArrayList<>();
    private final ScheduledExecutorService timer;
    private final Object lock = new Object();
    private long measuredStartNanos; // guarded by lock
    private Instant measuredStart; // guarded by lock
    private boolean started; // guarded by lock
    private boolean finished; // guarded by lock
    private Result result; // guarded by lock
    private RunMarks marks; // guarded by lock; null: no phases
    private Duration settle; // guarded by lock

    /** One fault of the plan and what happened to it; guarded by the schedule's lock. */
    private static final class Slot {
        final FaultSpec spec;
        ToxiproxyFaults.Applied applied;
        long baselineBytes = -1;
        long endBytes = -1;
        Instant actualStart;
        Instant actualEnd;
        long startNanos;
        long endNanos;
        HealReason healed;
        String problem = "";
        RunMarks.Mark on; // the run's totals when it went on (phases); null without marks
        RunMarks.Mark off; // … when it was healed
        RunMarks.Mark settled; // … its settle time after a heal on time (the AFTER phase with @Recovers)

        Slot(FaultSpec spec) {
            this.spec = spec;
        }
    }

    private FaultSchedule(FaultPlan plan, Faults faults) {
        this.faults = faults;
        for (FaultSpec spec : plan.faults()) {
            slots.add(new Slot(spec));
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("voiceload-faults").daemon(true).factory());
    }

    /**
     * Checks the plan against the Toxiproxy before any load (its proxies exist, it serves the byte counters), then
     * waits for {@link #start}.
     *
     * @throws IllegalArgumentException a proxy the Toxiproxy does not have, naming those it has
     * @throws IllegalStateException the Toxiproxy serves no metrics, saying how to enable them
     */
    public static FaultSchedule prepare(FaultPlan plan, Faults faults) {
        plan.checkProxies(faults.toxiproxy().proxyNames());
        if (!plan.isEmpty()) {
            faults.toxiproxy().checkMetrics();
        }
        return new FaultSchedule(plan, faults);
    }

    /**
     * Takes a mark of {@code marks} (the run's exact totals) each time a fault goes on or is healed, and {@code
     * settle} after each heal on time, for the statistics of each phase ({@link FaultRun}). Call before the run.
     *
     * @param settle how long after a heal the system is given to recover (zero for none)
     */
    public void recordPhases(RunMarks marks, Duration settle) {
        synchronized (lock) {
            this.marks = java.util.Objects.requireNonNull(marks);
            this.settle = java.util.Objects.requireNonNull(settle);
        }
    }

    /** A mark now, or null without marks; never throws (a fault's timeline must not depend on it). Holds the lock. */
    private RunMarks.Mark mark() {
        if (marks == null) {
            return null;
        }
        try {
            return marks.mark();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Starts the timeline: the measured phase began at {@code measuredStartNanos} ({@link System#nanoTime()}).
     * Cheap and non-blocking (it runs on a virtual user's thread, as the engine's measured-start hook); only the
     * first call counts.
     */
    public void start(long measuredStartNanos) {
        synchronized (lock) {
            if (started || finished) {
                return;
            }
            started = true;
            this.measuredStartNanos = measuredStartNanos;
            this.measuredStart = Instant.now().minusNanos(System.nanoTime() - measuredStartNanos);
            for (Slot slot : slots) {
                long delay = measuredStartNanos + slot.spec.at().toNanos() - System.nanoTime();
                timer.schedule(() -> apply(slot), Math.max(0, delay), TimeUnit.NANOSECONDS);
                if (slot.spec.kind().blocksTraffic()) {
                    timer.execute(() -> baselineOfCut(slot));
                }
            }
        }
    }

    private void baselineOfCut(Slot slot) {
        long bytes = readBytes(slot);
        synchronized (lock) {
            if (slot.baselineBytes < 0) {
                slot.baselineBytes = bytes;
            }
        }
    }

    private void apply(Slot slot) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            // The phase boundary is taken before the fault is applied: what fails while it goes on (a CUT resets open
            // connections at once) belongs to the fault's phase, not to the one before.
            RunMarks.Mark on = mark();
            try {
                slot.applied = faults.toxiproxy().apply(slot.spec);
            } catch (RuntimeException e) {
                slot.problem = "fault " + slot.spec.kind().label() + " on \"" + slot.spec.proxy() + "\" could not be"
                        + " applied: " + e.getMessage();
                return;
            }
            slot.startNanos = System.nanoTime();
            slot.actualStart = Instant.now();
            slot.on = on;
            if (slot.spec.lasts() != null) {
                long delay = measuredStartNanos
                        + slot.spec.at().plus(slot.spec.lasts()).toNanos()
                        - System.nanoTime();
                timer.schedule(() -> healOnTime(slot), Math.max(0, delay), TimeUnit.NANOSECONDS);
            }
            // Read once the fault is on, so that reading does not delay it: what reaches the proxy in the
            // milliseconds between is not counted, which can only make the proof stricter.
            if (!slot.spec.kind().blocksTraffic()) {
                slot.baselineBytes = readBytesQuietly(slot);
            }
        }
    }

    private void healOnTime(Slot slot) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            heal(slot, HealReason.LASTS_ELAPSED);
        }
    }

    /** Heals {@code slot} if it is on and reads the bytes at its end; holds the lock. */
    private void heal(Slot slot, HealReason reason) {
        if (slot.applied == null || slot.healed != null) {
            return;
        }
        slot.endNanos = System.nanoTime();
        slot.actualEnd = Instant.now();
        slot.healed = reason;
        slot.off = mark();
        if (marks != null && reason == HealReason.LASTS_ELAPSED && !settle.isZero()) {
            timer.schedule(() -> settled(slot), settle.toNanos(), TimeUnit.NANOSECONDS);
        }
        try {
            slot.applied.heal();
        } catch (RuntimeException e) {
            slot.problem = e.getMessage();
        }
        if (!slot.spec.kind().blocksTraffic()) {
            slot.endBytes = readBytesQuietly(slot);
        }
    }

    /**
     * Ends the schedule: no fault starts any more, every fault still on is healed (for {@code reason}), and the
     * traffic proof is judged. Idempotent: later calls return the first result.
     */
    public Result finish(HealReason reason) {
        synchronized (lock) {
            if (finished) {
                return result;
            }
            finished = true;
            for (Slot slot : slots) {
                heal(slot, reason);
            }
        }
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (lock) {
            for (Slot slot : slots) {
                if (slot.spec.kind().blocksTraffic() && slot.applied != null) {
                    slot.endBytes = readBytesQuietly(slot); // the phase after the cut counts for a cut
                }
            }
            long endNanos = System.nanoTime();
            List<FaultEvent> events = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (Slot slot : slots) {
                FaultEvent event = event(slot, endNanos);
                events.add(event);
                if (event.failed()) {
                    problems.add(event.problem());
                }
            }
            result = new Result(List.copyOf(events), String.join("\n", problems));
            return result;
        }
    }

    private FaultEvent event(Slot slot, long runEndNanos) {
        FaultSpec spec = slot.spec;
        Duration scheduledEnd = spec.lasts() == null ? null : spec.at().plus(spec.lasts());
        if (slot.applied == null) {
            String problem = slot.problem.isEmpty()
                    ? "fault " + spec.kind().label() + " on \"" + spec.proxy() + "\" never started: "
                            + (started
                                    ? "the measured phase ended after "
                                            + Durations.display(Duration.ofNanos(runEndNanos - measuredStartNanos))
                                    : "the measured phase never started")
                            + ", before its at = " + Durations.display(spec.at())
                    : slot.problem;
            return new FaultEvent(
                    spec.kind(),
                    spec.proxy(),
                    spec.direction(),
                    spec.describeAmount(),
                    spec.at(),
                    scheduledEnd,
                    null,
                    null,
                    null,
                    null,
                    -1,
                    HealReason.NEVER_STARTED,
                    problem);
        }
        Duration startOffset = Duration.ofNanos(slot.startNanos - measuredStartNanos);
        Duration endOffset = Duration.ofNanos(slot.endNanos - measuredStartNanos);
        long bytes = slot.baselineBytes < 0 || slot.endBytes < 0 ? -1 : slot.endBytes - slot.baselineBytes;
        String problem = slot.problem;
        if (problem.isEmpty() && bytes == 0) {
            problem = Faults.noEffect(spec, Durations.display(startOffset), Durations.display(endOffset));
        } else if (problem.isEmpty() && bytes < 0) {
            problem = "fault " + spec.kind().label() + " on \"" + spec.proxy() + "\": its traffic could not be read"
                    + " from the Toxiproxy's /metrics";
        }
        return new FaultEvent(
                spec.kind(),
                spec.proxy(),
                spec.direction(),
                spec.describeAmount(),
                spec.at(),
                scheduledEnd,
                slot.actualStart,
                slot.actualEnd,
                startOffset,
                endOffset,
                bytes,
                slot.healed,
                problem);
    }

    private void settled(Slot slot) {
        synchronized (lock) {
            if (!finished) {
                slot.settled = mark();
            }
        }
    }

    /** The marks of the fault at {@code index} of the plan: on, off, settled (each null when not taken). */
    RunMarks.Mark[] marksOf(int index) {
        synchronized (lock) {
            Slot slot = slots.get(index);
            return new RunMarks.Mark[] {slot.on, slot.off, slot.settled};
        }
    }

    /** The result of {@link #finish}; throws before it. */
    Result finished() {
        synchronized (lock) {
            if (result == null) {
                throw new IllegalStateException("the schedule has not finished");
            }
            return result;
        }
    }

    /** The marks this schedule took, or null. */
    RunMarks marks() {
        synchronized (lock) {
            return marks;
        }
    }

    private long readBytes(Slot slot) {
        return faults.toxiproxy().traffic(slot.spec);
    }

    private long readBytesQuietly(Slot slot) {
        try {
            return readBytes(slot);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The start of the measured phase on the wall clock, or null before {@link #start}. */
    public Instant measuredStart() {
        synchronized (lock) {
            return measuredStart;
        }
    }

    /** Heals whatever is still on, as a failed or aborted run: {@link #finish} with {@link HealReason#RUN_FAILED}. */
    @Override
    public void close() {
        finish(HealReason.RUN_FAILED);
    }

    /**
     * The schedule's outcome.
     *
     * @param events one per fault of the plan, in its order
     * @param failure why the faults fail the test (one line a fault); empty when they all bit
     */
    public record Result(List<FaultEvent> events, String failure) {

        /** One line per event for the console: {@code [fault] latency 800ms on "pms" both: 10.0s → 30.0s, …}. */
        public List<String> lines() {
            List<String> lines = new ArrayList<>();
            for (FaultEvent e : events) {
                StringBuilder b = new StringBuilder("[fault] ").append(e.kind().label());
                if (!e.amount().isEmpty()) {
                    b.append(' ').append(e.amount());
                }
                b.append(" on \"")
                        .append(e.proxy())
                        .append("\" ")
                        .append(e.direction().name().toLowerCase(java.util.Locale.ROOT))
                        .append(": scheduled ")
                        .append(Durations.display(e.scheduledStart()))
                        .append(" → ")
                        .append(e.scheduledEnd() == null ? "end" : Durations.display(e.scheduledEnd()));
                if (e.actualStartOffset() != null) {
                    b.append(", actual ")
                            .append(Durations.display(e.actualStartOffset()))
                            .append(" → ")
                            .append(Durations.display(e.actualEndOffset()))
                            .append(", ")
                            .append(e.receivedBytes())
                            .append(e.kind().byServiceControl() ? " requests received" : " bytes received");
                }
                b.append(", healed: ").append(e.healed().text());
                if (e.failed()) {
                    b.append(" — ").append(e.problem());
                }
                lines.add(b.toString());
            }
            return lines;
        }
    }
}
