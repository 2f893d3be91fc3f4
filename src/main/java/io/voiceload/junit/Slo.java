package io.voiceload.junit;

import io.voiceload.faults.Phase;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Service-level objectives a {@link LoadTest} must meet; a breach fails the test with one message
 * listing every breached objective (required, actual, sample count). Repeatable: one {@code @Slo}
 * for whole iterations and one per request name, e.g.
 *
 * <pre>{@code
 * @Slo(p95 = "300ms", errorRate = 0.01)
 * @Slo(request = "POST /calls", p99 = "500ms")
 * }</pre>
 *
 * <p>On a class, it applies to every load test of the class. Metrics left unset fall back to the
 * {@code thresholds} of {@code load_test_config.json} (for whole iterations). Latencies concern
 * successful samples and are written like {@code "250ms"}, {@code "1.5s"}.
 *
 * <p>On a test with faults, an {@code @Slo} may judge one {@link #phase} of the run instead of the whole: "p99 ≤ 2 s
 * while Postgres is slow, ≤ 300 ms before and after" is
 *
 * <pre>{@code
 * @Slo(phase = Phase.DURING, p99 = "2s")
 * @Slo(phase = Phase.BEFORE, p99 = "300ms")
 * @Slo(phase = Phase.AFTER, p99 = "300ms")
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Slo.List.class)
public @interface Slo {

    /** The request name these objectives concern ({@code user.time(name, …)}); empty: whole iterations. */
    String request() default "";

    /** Upper bound of the mean latency. */
    String avg() default "";

    /** Upper bound of the median latency. */
    String p50() default "";

    String p90() default "";

    String p95() default "";

    String p99() default "";

    /** Upper bound of the 99.9th percentile latency. */
    String p999() default "";

    /** Upper bound of the slowest successful sample. */
    String max() default "";

    /** Upper bound of failed samples over all samples, 0–1 (0.01 = 1 %). */
    double errorRate() default -1;

    /** Lower bound of successful samples per second over the measured phase. */
    double minThroughput() default -1;

    /** Upper bound of dropped open-model arrivals (whole run only). */
    long maxDropped() default -1;

    /**
     * Which stretch of a test with faults these objectives judge: {@link Phase#ALL} (the default) the whole measured
     * phase, as without faults; {@link Phase#BEFORE}, {@link Phase#DURING} (each fault's stretch on its own) or
     * {@link Phase#AFTER} a phase, each judged on its exact statistics. Other than {@code ALL} only on a test with a
     * fault annotation, else the test fails before any load; {@code maxDropped} is for {@code ALL} only.
     */
    Phase phase() default Phase.ALL;

    /** Container of repeated {@link Slo}s. */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        Slo[] value();
    }
}
