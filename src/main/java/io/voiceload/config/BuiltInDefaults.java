package io.voiceload.config;

import java.time.Duration;

/**
 * The lowest-precedence values: used when neither the overrides, the profile, the annotation, the
 * category section nor the file's top-level keys set a value. Origins name them {@value #ORIGIN}.
 */
public final class BuiltInDefaults {

    public static final String ORIGIN = "built-in default";

    public static final int DEFAULT_USERS = 1;
    public static final int DEFAULT_REQUESTS = 10;
    public static final Duration DEFAULT_DURATION = Duration.ofSeconds(30);
    public static final Duration DEFAULT_RAMP_UP = Duration.ZERO;
    /** Open model: most iterations in flight at once; later arrivals are counted as dropped. */
    public static final int DEFAULT_MAX_CONCURRENCY = 1000;

    public static final ThinkTime DEFAULT_THINK_TIME = ThinkTime.NONE;
    public static final Duration DEFAULT_WARMUP = Duration.ZERO;
    public static final int DEFAULT_WARMUP_ITERATIONS = 0;
    /** Hard cap on the length of any single load test. */
    public static final Duration DEFAULT_MAX_TEST_DURATION = Duration.ofMinutes(15);

    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_GENERATOR_LAG_LIMIT = Duration.ofMillis(100);
    public static final int DEFAULT_MEMORY_THRESHOLD_MB = 512;

    private BuiltInDefaults() {}

    static WorkloadSettings workload() {
        return new WorkloadSettings(
                DEFAULT_USERS,
                DEFAULT_REQUESTS,
                DEFAULT_DURATION,
                DEFAULT_RAMP_UP,
                null,
                null,
                DEFAULT_MAX_CONCURRENCY,
                DEFAULT_THINK_TIME,
                DEFAULT_WARMUP,
                DEFAULT_WARMUP_ITERATIONS);
    }
}
