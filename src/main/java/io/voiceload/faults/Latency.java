package io.voiceload.faults;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Delays data through a proxy: Toxiproxy's {@code latency} toxic, {@link #ms} ± {@link #jitter} milliseconds on
 * every chunk, in the given {@link #direction} (both ways by default: a round trip then gets twice the delay).
 *
 * <pre>{@code
 * @LoadTest(users = 20, duration = "40s")
 * @Latency(proxy = "postgres", ms = 800, jitter = 200, at = "10s", lasts = "20s")
 * void createCalls(VirtualUser user) {
 *     // one call through the platform, whose Postgres answers 800 ± 200 ms late from 10 s to 30 s
 * }
 * }</pre>
 *
 * <p>On a load test method or class (or on an annotation of your own that composes it), scheduled on the load's
 * timeline: from {@link #at} after the measured phase starts, for {@link #lasts}. Repeatable. Validated before any
 * load starts; always healed. The fault must bite: if no byte crossed the proxy during its window the test fails
 * (see {@link FaultSchedule}).
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(Latency.List.class)
public @interface Latency {

    /**
     * The Toxiproxy proxy the fault applies to: {@code postgres}, {@code redis}, {@code pms},
     * {@code pms_secondary}, or any proxy created with {@code RunningInfrastructure.proxyTo}. Checked against the
     * running Toxiproxy before any load; an unknown name fails the test with the names that exist.
     */
    String proxy();

    /** Which way the fault acts: client to server, server to client, or both (the default). */
    Direction direction() default Direction.BOTH;

    /**
     * When the fault starts, as an offset from the start of the measured phase (after the warm-up): {@code "10s"},
     * {@code "1.5s"}, {@code "500ms"}. Empty (the default): at the start of the measured phase.
     */
    String at() default "";

    /**
     * How long the fault lasts: {@code "20s"}, {@code "750ms"}; healed then. Empty (the default): until the end of
     * the measured phase. (Named {@code lasts} because {@code for}, the natural word, is a Java keyword.) Whatever
     * its length, the fault is healed when the test ends, fails or is aborted, and on JVM exit.
     */
    String lasts() default "";

    /** The delay in milliseconds, at least 1. */
    long ms();

    /** Random variation in milliseconds, uniform in [-jitter, +jitter); 0 (the default) to {@link #ms}. */
    long jitter() default 0;

    /** The container of repeated {@code @Latency}s. */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        Latency[] value();
    }
}
