package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;

/**
 * How healthy the load generator itself was. If the generator could not keep its schedule, the
 * latencies it measured describe the generator rather than the system under test, and the run is
 * marked {@link #saturated()}.
 *
 * @param schedulingLagP99 99th percentile of how late the generator started what it planned
 *     (open-model arrivals, ramp-up starts, pacing and think-time wake-ups)
 * @param schedulingLagMax the worst such lateness
 * @param gcPauseTime this JVM's stop-the-world GC time during the run
 * @param gcShare GC pause time over the run's wall time
 * @param cpuShare this JVM's CPU time over (wall time × available cores)
 * @param saturated whether the generator exceeded a limit (see {@link #reason()})
 * @param reason why the run is marked saturated, or empty
 */
public record GeneratorHealth(
        Duration schedulingLagP99,
        Duration schedulingLagMax,
        Duration gcPauseTime,
        double gcShare,
        double cpuShare,
        boolean saturated,
        String reason) {

    /**
     * Scheduling-lag samples needed before the lag can mark a run saturated: the p99 of fewer is just their
     * worst (a closed model without pacing or think time has only its users' ramp-up starts, often taken
     * while the JVM still compiles), too few to say the generator could not keep its schedule.
     */
    public static final long MIN_LAG_SAMPLES = 100;

    /** GC pauses above this share of the run mark the generator saturated. */
    public static final double MAX_GC_SHARE = 0.10;

    public String summary() {
        return String.format(
                java.util.Locale.ROOT,
                "lag p99 %s max %s, GC %s (%.1f%%), CPU %.0f%%%s",
                Durations.display(schedulingLagP99),
                Durations.display(schedulingLagMax),
                Durations.display(gcPauseTime),
                gcShare * 100,
                cpuShare * 100,
                saturated ? " — SATURATED: " + reason : "");
    }
}
