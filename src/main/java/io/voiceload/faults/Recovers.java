package io.voiceload.faults;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The system must recover from every healed fault within a budget: the time to recover, from the heal to the start
 * of the first {@link #window} in which the test's normal SLOs hold again, is measured for each fault healed during
 * the run, printed and written to the reports, and a fault not recovered from within {@link #within} fails the test,
 * naming the fault and what was still breached.
 *
 * <pre>{@code
 * @LoadTest(users = 20, duration = "40s")
 * @Slo(request = "POST /calls", p99 = "300ms", errorRate = 0.01)
 * @Latency(proxy = "postgres", ms = 800, at = "10s", lasts = "10s")
 * @Recovers(within = "10s", request = "POST /calls")
 * void createCalls(VirtualUser user) {
 *     // one call through the platform, whose Postgres answers 800 ms late from 10 s to 20 s
 * }
 * }</pre>
 *
 * <p><b>Back within the normal SLOs</b> means: the {@code @Slo}s (and configuration thresholds) of phase {@link
 * Phase#ALL}, {@link Phase#BEFORE} or {@link Phase#AFTER} that concern {@link #request} and bound its error rate or
 * a latency percentile (p50, p90, p95, p99, p999, max) all hold over the window, with at least {@link #minRequests}
 * samples in it. The mean ({@code avg}) and the throughput are not judged for recovery. At least one such SLO must
 * exist; the test is refused before any load otherwise.
 *
 * <p><b>Resolution.</b> A test with {@code @Recovers} is sampled every 100 ms, and its time series is cut exactly at
 * each heal; windows start on sample boundaries, so the time to recover is measured to within one interval. A
 * window's percentile is taken, conservatively, as the largest of its intervals' percentiles (a percentile of a
 * union is never above the largest of its parts'), its error rate exactly. No sample is kept per request.
 *
 * <p><b>Detection latency</b> is reported beside: from the fault going on to the end of the first interval with a
 * failed sample of {@link #request} (empty when nothing failed during the fault).
 *
 * <p>Every fault must have a {@code lasts} (a fault on until the end of the run is never healed during it), and the
 * test needs the room: a window that the end of the run, or the next fault going on, cuts short does not count.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Recovers {

    /** The recovery budget: the time to recover of every healed fault must be at most this. {@code "10s"}. */
    String within();

    /**
     * The length of the window in which the normal SLOs must hold again, at least 100 ms and at most {@link
     * #within}. Default {@code "2s"}.
     */
    String window() default "2s";

    /** The fewest samples a window must hold to count as recovered, at least 1. Default 20. */
    int minRequests() default 20;

    /** The request name whose recovery is judged ({@code user.time(name, …)}); empty (the default): iterations. */
    String request() default "";
}
