package io.voiceload.config;

import java.time.Duration;

/**
 * The top-level keys of {@code load_test_config.json} (the seed suite's settings); null when unset.
 *
 * @param description free text
 * @param concurrentUsers {@code concurrent_users}: virtual users of closed-model tests
 * @param requestsPerUser {@code requests_per_user}: iterations per user
 * @param testDuration {@code test_duration}: run length (bare number = seconds)
 * @param rampUp {@code ramp_up}
 * @param thinkTime {@code think_time}
 * @param warmup {@code warmup}: warm-up time
 * @param warmupIterations {@code warmup_iterations}
 * @param maxTestDuration {@code max_test_duration}: hard cap on any single load test
 * @param memoryThresholdMb {@code memory_threshold_mb}
 * @param maxResponseTime {@code max_response_time} (bare number = ms): supplies {@code thresholds.p95}
 * @param maxErrorRate {@code max_error_rate}: supplies {@code thresholds.error_rate}
 * @param seed {@code seed}: drives every random choice; null = the engine picks one
 * @param progressInterval {@code progress_interval}: live progress period
 * @param generatorLagLimit {@code generator_lag_limit}: scheduling lag above which the generator counts
 *     as saturated (bare number = ms)
 * @param profile {@code profile}: the profile used when none is selected; null = none
 * @param baselineMargin {@code baseline_margin}: how much worse than its baseline a figure may be, a fraction
 *     (0.10 = 10 %); null = 10 % (see {@code io.voiceload.report.BaselineRules})
 */
public record FileDefaults(
        String description,
        Integer concurrentUsers,
        Integer requestsPerUser,
        Duration testDuration,
        Duration rampUp,
        ThinkTime thinkTime,
        Duration warmup,
        Integer warmupIterations,
        Duration maxTestDuration,
        Integer memoryThresholdMb,
        Duration maxResponseTime,
        Double maxErrorRate,
        Long seed,
        Duration progressInterval,
        Duration generatorLagLimit,
        String profile,
        Double baselineMargin) {

    /** The plan settings these defaults supply (top-level keys have no rate, stages or max concurrency). */
    public WorkloadSettings workload() {
        return new WorkloadSettings(
                concurrentUsers,
                requestsPerUser,
                testDuration,
                rampUp,
                null,
                null,
                null,
                thinkTime,
                warmup,
                warmupIterations);
    }
}
