package io.voiceload.faults;

/**
 * Which stretch of a load with faults an {@code @Slo} judges ({@code @Slo(phase = DURING, p99 = "2s")}). The
 * stretches are cut where a fault goes on or is healed, and each one's statistics are exact: the run's totals are
 * taken at those instants and subtracted (see {@link FaultRun}).
 */
public enum Phase {
    /** The whole measured phase, faults or not: what an {@code @Slo} without a phase judges. */
    ALL,
    /** From the start of the measured phase to the first fault going on. */
    BEFORE,
    /**
     * Each stretch while a fault (or a set of overlapping faults) is on, judged on its own, so that a breach names
     * the fault: {@code during latency 800ms on "postgres" (10.0s → 20.0s): p99 of POST /calls required ≤ 2s, actual
     * 2.41s}.
     */
    DURING,
    /**
     * From the last heal to the end of the measured phase; when the test has {@link Recovers @Recovers}, from the
     * last heal plus its recovery budget ({@link Recovers#within()}), so that the recovery itself is judged by
     * {@code @Recovers} and the settled system by this phase.
     */
    AFTER
}
