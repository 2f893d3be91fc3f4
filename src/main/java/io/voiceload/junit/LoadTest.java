package io.voiceload.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated method as a load test: the method body is <b>one iteration of one virtual
 * user</b>, and many virtual users (virtual threads) run it concurrently. It stays one JUnit test:
 * {@code @BeforeEach} and {@code @AfterEach} run once around the whole load, and the test fails
 * when an SLO ({@link Slo @Slo}, or the thresholds of {@code load_test_config.json}) is breached
 * or when no iteration succeeded at all.
 *
 * <p>The method may declare a {@link io.voiceload.load.VirtualUser} parameter (the user running
 * the iteration); {@code @AfterEach} methods may declare a {@link io.voiceload.load.LoadResult}.
 * The test instance is shared by all virtual users: keep per-user state in
 * {@code user.attributes()} and fields thread-safe.
 *
 * <p><b>Workload model.</b> Without {@link #rate()} the test is a <i>closed</i> model
 * ({@link #users()} looping); with a rate it is an <i>open</i> model (arrivals per second,
 * latency from each arrival's intended start, dropped arrivals counted).
 *
 * <p><b>Where values come from</b>, highest first: {@code -Dloadtest.*} system properties, then
 * {@code LOADTEST_*} environment variables, then the selected profile, then this annotation, then
 * the test's category section and the defaults of {@code load_test_config.json}. Every test prints
 * its effective plan with the origin of each value. Unset attributes (the defaults below) defer
 * to the configuration.
 *
 * <p>Durations are written {@code 300} (seconds), {@code 300s}, {@code 5m}, {@code 250ms} or
 * ISO-8601 ({@code PT5M}). Composable: put it on your own annotation.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(LoadTestExtension.class)
public @interface LoadTest {

    /** Closed model: concurrent virtual users, at least 1. Default: from configuration. */
    int users() default -1;

    /** Closed model: measured iterations per user, at least 1. Default: from configuration. */
    int requests() default -1;

    /**
     * How long the measured phase runs (closed model: users stop when it elapses, even if
     * {@link #requests()} are not done; open model: how long the {@link #rate()} is held).
     */
    String duration() default "";

    /** Closed model: users start evenly spread over this time. Default none. */
    String rampUp() default "";

    /**
     * Closed model: pause after each iteration. {@code "500ms"} constant, {@code "100ms..500ms"}
     * uniform, {@code "exp(200ms)"} exponential with that mean, {@code "0"} none.
     */
    String thinkTime() default "";

    /**
     * Closed model: each user starts an iteration every this often (excludes {@link #thinkTime()}).
     * Latency counts from each iteration's scheduled start, so a user that falls behind its pacing
     * records the delay instead of hiding it (no coordinated omission).
     */
    String pacing() default "";

    /** Open model: arrivals per second (> 0); with {@link #stages()}, the starting rate (>= 0). */
    double rate() default -1;

    /**
     * Open model: linear ramps of the arrival rate, each {@code "<rate>/s in <duration>"}, e.g.
     * {@code {"100/s in 10s", "100/s in 30s", "0/s in 5s"}}. Starts from {@link #rate()} (0 if unset).
     */
    String[] stages() default {};

    /** Open model: users available to serve arrivals; an arrival finding none is dropped. */
    int maxConcurrency() default -1;

    /** Warm-up time before the measured phase (recorded apart, excluded from verdicts). */
    String warmup() default "";

    /** Warm-up iterations per user (closed) or first arrivals (open), instead of a warm-up time. */
    int warmupIterations() default -1;

    /** Profile of {@code load_test_config.json} to use unless {@code -Dloadtest.profile} selects another. */
    String profile() default "";

    /**
     * What one iteration is, in the plural, for the report: {@code "calls"} shows "15 calls", "1.8 calls/s" and
     * "Call latency over time" for a test whose iteration is one voice call. Letters, spaces and hyphens, at most
     * 30 characters. Default {@code "iterations"}.
     */
    String unit() default "iterations";

    /** Stop the run as soon as an SLO is breached, after {@link #abortGrace()}. */
    boolean abortOnBreach() default false;

    /** How long into the measured phase abort-on-breach starts to judge. */
    String abortGrace() default "10s";
}
