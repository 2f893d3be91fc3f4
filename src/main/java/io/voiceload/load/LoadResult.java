package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a load run measured, immutable. {@link #iterations()} covers whole iterations (the unit SLOs
 * apply to unless they name a request); {@link #requests()} each named request. Warm-up is kept
 * apart in {@link #warmupIterations()} and never enters verdicts.
 */
public final class LoadResult {
    private final LoadPlan plan;
    private final Instant startedAt;
    private final Duration measuredDuration;
    private final Duration totalDuration;
    private final RequestStats iterations;
    private final Map<String, RequestStats> requests;
    private final RequestStats warmupIterations;
    private final long dropped;
    private final long arrivals;
    private final GeneratorHealth generatorHealth;
    private final StopReason stopReason;
    private final String abortReason;
    private final JvmSeries jvm;

    private LoadResult(
            LoadPlan plan,
            Instant startedAt,
            Duration measuredDuration,
            Duration totalDuration,
            RequestStats iterations,
            Map<String, RequestStats> requests,
            RequestStats warmupIterations,
            long dropped,
            long arrivals,
            GeneratorHealth generatorHealth,
            StopReason stopReason,
            String abortReason,
            JvmSeries jvm) {
        this.plan = plan;
        this.startedAt = startedAt;
        this.measuredDuration = measuredDuration;
        this.totalDuration = totalDuration;
        this.iterations = iterations;
        this.requests = requests;
        this.warmupIterations = warmupIterations;
        this.dropped = dropped;
        this.arrivals = arrivals;
        this.generatorHealth = generatorHealth;
        this.stopReason = stopReason;
        this.abortReason = abortReason;
        this.jvm = jvm;
    }

    /** Statistics of everything sampled so far in {@code run}. */
    static LoadResult snapshot(RunState run, GeneratorHealth health, long endNanos) {
        long measureStart = run.measureStartNanos();
        double measuredSeconds = Math.max(0, endNanos - measureStart) / 1e9;
        Map<String, RequestStats> requests = new TreeMap<>();
        for (NamedMetrics m : run.requests()) {
            requests.put(m.name, m.snapshot(measuredSeconds));
        }
        RequestStats iterations = run.iterations.snapshot(measuredSeconds);
        // The open model counts its arrivals (dropped ones too); in the closed model every iteration arrived.
        long arrivals =
                switch (run.plan.workload()) {
                    case Workload.Open open -> run.arrivals.sum();
                    case Workload.Closed closed -> iterations.count();
                };
        return new LoadResult(
                run.plan.withSeed(run.seed),
                Instant.now().minusNanos(System.nanoTime() - run.runStartNanos),
                Duration.ofNanos(Math.max(0, endNanos - measureStart)),
                Duration.ofNanos(endNanos - run.runStartNanos),
                iterations,
                Collections.unmodifiableMap(requests),
                run.warmupIterations.snapshot(Math.max(0, measureStart - run.runStartNanos) / 1e9),
                run.dropped.sum(),
                arrivals,
                health,
                run.stopReason(),
                run.abortReason(),
                run.jvm.series());
    }

    /**
     * The statistics of one window of a run (a capacity-search step), for SLO evaluation and reports.
     *
     * @param totalDuration from the start of the run to the end of the window
     */
    static LoadResult window(
            LoadPlan plan,
            Instant startedAt,
            Duration length,
            Duration totalDuration,
            RequestStats iterations,
            Map<String, RequestStats> requests) {
        return new LoadResult(
                plan,
                startedAt,
                length,
                totalDuration,
                iterations,
                Collections.unmodifiableMap(new TreeMap<>(requests)),
                RequestStats.empty(iterations.name(), 0),
                0,
                iterations.count(),
                null,
                StopReason.COMPLETED,
                "",
                JvmSeries.EMPTY);
    }

    /** The plan as run, with the seed that was used. */
    public LoadPlan plan() {
        return plan;
    }

    public long seed() {
        return plan.seed();
    }

    public Instant startedAt() {
        return startedAt;
    }

    /** Length of the measured phase (after warm-up). */
    public Duration measuredDuration() {
        return measuredDuration;
    }

    /** Length of the whole run, warm-up included. */
    public Duration totalDuration() {
        return totalDuration;
    }

    /** Whole iterations of the measured phase. */
    public RequestStats iterations() {
        return iterations;
    }

    /** Named requests of the measured phase, by name. */
    public Map<String, RequestStats> requests() {
        return requests;
    }

    /** The named request, or an exception naming the recorded ones. */
    public RequestStats request(String name) {
        RequestStats stats = requests.get(name);
        if (stats == null) {
            throw new IllegalArgumentException(
                    "no request named '" + name + "' was recorded; recorded: " + requests.keySet());
        }
        return stats;
    }

    public RequestStats warmupIterations() {
        return warmupIterations;
    }

    /** Open-model arrivals dropped because every user was busy (0 in the closed model). */
    public long dropped() {
        return dropped;
    }

    /** Open model: arrivals scheduled in the measured phase; closed model: iterations run. */
    public long arrivals() {
        return arrivals;
    }

    /** The generator's own health; {@code null} only in partial snapshots taken during a run. */
    public GeneratorHealth generatorHealth() {
        return generatorHealth;
    }

    public StopReason stopReason() {
        return stopReason;
    }

    /** For {@link StopReason#ABORTED_ON_BREACH}, the breach that stopped the run. */
    public String abortReason() {
        return abortReason;
    }

    /**
     * This JVM's heap, GC pauses and CPU, one point per sample interval (the points of
     * {@link #timeSeries()}); empty for a window of a run.
     */
    public JvmSeries jvm() {
        return jvm;
    }

    /** Iterations' time series, one point per sample interval. */
    public List<IntervalStats> timeSeries() {
        return iterations.timeSeries();
    }

    /** One line for consoles, CI logs and failure messages. */
    public String summaryLine() {
        StringBuilder sb = new StringBuilder("[load] ").append(plan.name()).append(": ");
        sb.append(iterations.summary());
        sb.append(String.format(Locale.ROOT, " | %s measured", Durations.display(round(measuredDuration))));
        if (plan.workload() instanceof Workload.Open) {
            sb.append(" | dropped ").append(dropped).append(" of ").append(arrivals);
        }
        if (warmupIterations.count() > 0) {
            sb.append(" | warm-up ").append(warmupIterations.count()).append(" excluded");
        }
        sb.append(" | seed ").append(seed());
        if (stopReason != StopReason.COMPLETED && stopReason != StopReason.DURATION_ELAPSED) {
            sb.append(" | stopped: ").append(stopReason);
            if (!abortReason.isEmpty()) {
                sb.append(" (").append(abortReason).append(')');
            }
        }
        if (generatorHealth != null && generatorHealth.saturated()) {
            sb.append(" | GENERATOR SATURATED: ").append(generatorHealth.reason());
        }
        return sb.toString();
    }

    private static Duration round(Duration d) {
        return Duration.ofMillis(d.toMillis());
    }

    @Override
    public String toString() {
        return summaryLine();
    }
}
