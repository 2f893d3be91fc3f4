package io.voiceload.faults;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A dependency is down: its process is gone ({@link Mode#REFUSED}), hangs ({@link Mode#HUNG}) or answers errors
 * ({@link Mode#ERRORS}). Reported as {@code service-down-refused}, {@code service-down-hung} or
 * {@code service-down-errors}.
 *
 * <p>For example {@code @ServiceDown(service = "pms", mode = ServiceDown.Mode.ERRORS, at = "10s", lasts = "10s")}
 * on a {@code @LoadTest} makes the primary PMS answer 503 from 10 s into the measured phase for 10 s.
 *
 * <p>REFUSED and HUNG act on the Toxiproxy proxy of that name, so they work for any dependency behind one
 * ({@code postgres}, {@code redis}, {@code pms}, {@code pms_secondary}, a proxy of your own): REFUSED disables the
 * proxy (open connections are closed, new ones refused, as when the process has died), HUNG adds a {@code timeout}
 * toxic of 0 each way (connections are accepted and kept, nothing is ever answered). They are the Toxiproxy
 * operations of {@link Partition} ({@code CUT}, {@code BLACKHOLE}), named for what the test means. ERRORS needs the
 * service's cooperation: a running service registers a {@link ServiceControl} under the name in
 * {@link ServiceControls} (the reference platform's PMS simulators do, under their proxies' names), and while the
 * fault is on it answers every request with an error of its own ({@code 503} with {@code Retry-After} for an HTTP
 * service).
 *
 * <p>On a load test method or class (or on an annotation of your own that composes it), scheduled on the load's
 * timeline: from {@link #at} after the measured phase starts, for {@link #lasts}. Repeatable. Validated before any
 * load starts (an unknown proxy, or a service without a registered control, fails the test with the names that
 * exist); always healed. The fault must bite: REFUSED must see bytes on the proxy over the measured phase (nothing
 * can cross it while it is on), HUNG bytes during its window, ERRORS requests counted by the service's control
 * during its window; otherwise the test fails (see {@link FaultSchedule}).
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Repeatable(ServiceDown.List.class)
public @interface ServiceDown {

    /**
     * The dependency: the name of its Toxiproxy proxy ({@code postgres}, {@code redis}, {@code pms},
     * {@code pms_secondary}, or one created with {@code RunningInfrastructure.proxyTo}) for REFUSED and HUNG; the
     * name its {@link ServiceControl} is registered under for ERRORS.
     */
    String service();

    /** How it is down: {@link Mode#REFUSED} (the default), {@link Mode#HUNG} or {@link Mode#ERRORS}. */
    Mode mode() default Mode.REFUSED;

    /**
     * When the fault starts, as an offset from the start of the measured phase (after the warm-up): {@code "10s"},
     * {@code "1.5s"}, {@code "500ms"}. Empty (the default): at the start of the measured phase.
     */
    String at() default "";

    /**
     * How long the service stays down: {@code "20s"}, {@code "750ms"}; up again then. Empty (the default): until
     * the end of the measured phase. Whatever its length, the fault is healed when the test ends, fails or is
     * aborted, and on JVM exit.
     */
    String lasts() default "";

    /** The ways a service is down. */
    enum Mode {
        /** The process is gone: connections refused, open ones closed (the proxy disabled). */
        REFUSED,
        /** The process accepts connections and answers nothing (a {@code timeout} toxic of 0 each way). */
        HUNG,
        /**
         * The process answers every request with an error ({@code 503} with {@code Retry-After} for an HTTP
         * service): through its {@link ServiceControl}.
         */
        ERRORS
    }

    /** The container of repeated {@code @ServiceDown}s. */
    @Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
    @Retention(RetentionPolicy.RUNTIME)
    @Documented
    @interface List {
        ServiceDown[] value();
    }
}
