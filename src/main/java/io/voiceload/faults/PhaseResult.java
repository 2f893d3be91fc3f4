package io.voiceload.faults;

import io.voiceload.load.LoadResult;
import java.time.Duration;
import java.util.List;

/**
 * One stretch of a load with faults, with its exact statistics: the run's totals at its end minus those at its
 * start.
 *
 * @param name {@code before}, {@code during latency 800ms on "postgres"}, {@code after heal of latency 800ms on
 *     "postgres"}
 * @param kind {@link Phase#BEFORE}, {@link Phase#DURING} or {@link Phase#AFTER} (never {@link Phase#ALL})
 * @param faults the faults on during it; empty before and after
 * @param from its start, from the start of the measured phase
 * @param to its end, from the start of the measured phase
 * @param window what was recorded in it: per-request counts, errors by kind, percentiles, throughputs per second of
 *     the stretch; no time series
 */
public record PhaseResult(
        String name, Phase kind, List<FaultEvent> faults, Duration from, Duration to, LoadResult window) {

    public PhaseResult {
        faults = List.copyOf(faults);
    }

    /** {@code during latency 800ms on "postgres" (10.0s → 20.0s)}: how messages name it. */
    public String label() {
        return name + " (" + FaultRun.tenths(from) + " → " + FaultRun.tenths(to) + ")";
    }
}
