package io.voiceload.config;

import java.time.Duration;
import java.util.List;

/**
 * The plan settings a profile, a category section, the annotation or the overrides can each set; every
 * field is null when that source leaves it unset.
 *
 * @param users virtual users of a closed-model test
 * @param requests iterations per virtual user (closed model) or in total (open model); with
 *     {@code duration}, the stop condition: the run ends at whichever comes first
 * @param duration how long the load runs
 * @param rampUp time over which users start (closed) or the rate climbs to its first value (open)
 * @param rate arrivals per second of an open-model test; with {@code stages}, the start rate
 * @param stages linear ramps of the arrival rate (open model)
 * @param maxConcurrency most iterations in flight at once (open model)
 * @param thinkTime pause between iterations (closed model)
 * @param warmup warm-up time, excluded from verdicts
 * @param warmupIterations warm-up iterations per user, excluded from verdicts
 */
public record WorkloadSettings(
        Integer users,
        Integer requests,
        Duration duration,
        Duration rampUp,
        Double rate,
        List<Stage> stages,
        Integer maxConcurrency,
        ThinkTime thinkTime,
        Duration warmup,
        Integer warmupIterations) {

    /** Sets nothing. */
    public static final WorkloadSettings EMPTY =
            new WorkloadSettings(null, null, null, null, null, null, null, null, null, null);

    public WorkloadSettings {
        stages = stages == null ? null : List.copyOf(stages);
    }
}
