package io.voiceload.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs the annotated method as a <b>stepped capacity search</b>: the body is one iteration of one
 * virtual user (as with {@link LoadTest}), and the number of concurrent users starts at
 * {@link #startUsers()} and grows by {@link #stepUsers()} every {@link #stepDuration()} up to
 * {@link #maxUsers()}, in one continuous run (users already running keep running). Each step is judged
 * on its own window (after {@link #settle()}) with the {@link Slo @Slo}s and the configuration's
 * thresholds. A step that breaks one (or has no successful iteration) is repeated at once with the same
 * users: a breach counts only when the repeat breaks too; one that does not repeat is reported as
 * transient and the search climbs on. After the first confirmed breach the search halves its step from the
 * highest level that held until it is within {@link #resolution()} users of the lowest confirmed breaking
 * level; it also stops at the ceiling or at its time limit. The result names the highest level that held,
 * the breaking point, the resolution, and the set-up measured (the embedded platform in the generator's JVM,
 * or the external target of {@code -Dloadtest.target.baseUrl}):
 *
 * <pre>{@code
 * @CapacityTest(startUsers = 10, stepUsers = 20, stepDuration = "10s", maxUsers = 90, resolution = 5, unit = "calls")
 * @Slo(request = "voice.frame_rtt", p99 = "150ms")
 * void concurrentCalls(VirtualUser user) {
 *     // one call
 * }
 * // [capacity] CallCapacityIT.concurrentCalls: held 60 concurrent calls, broke at 65 (resolution 5, repeat-confirmed:
 * //     p99 of voice.frame_rtt 212ms > 150ms); set-up: embedded platform in the generator's JVM
 * }</pre>
 *
 * <p><b>Verdict.</b> The test fails when nothing held (the first step broke, and again when repeated: the
 * system cannot hold the minimum), when no iteration succeeded, or when the highest level that held is
 * below {@link #minHeld()}; otherwise it passes and states its figure, also when a later step broke:
 * finding the breaking point is the purpose of the search.
 *
 * <p><b>Configuration.</b> A profile's {@code scale} multiplies start, step, ceiling and resolution
 * (rounded up); {@code -Dloadtest.users=N} (or a profile's own {@code users}) caps the ceiling at N, and
 * the first step at N too. The search's time limit is its longest course without transient breaches (one
 * step duration per climbing step, one for the repeat that confirms the breach, two per halving of the
 * refinement); a profile's or an override's {@code duration} replaces it, and steps that would not end
 * within it are not started (the headline then says how far the refinement got).
 * {@code -Dloadtest.requests=N} makes each user stop after N measured iterations and a step end early when
 * all its users are done, judged whole (a smoke run: a repeat gives every user N iterations more, and the
 * search does not refine). Think time, seed, profile selection and thresholds resolve as
 * for {@link LoadTest}; ramp-up does not apply (users join at their step). {@code @AfterEach} methods may
 * declare a {@link io.voiceload.load.CapacityResult} or a {@link io.voiceload.load.LoadResult} (the
 * whole run). Durations are written {@code 10} (seconds), {@code 10s}, {@code 500ms}, {@code PT10S}.
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(CapacityTestExtension.class)
public @interface CapacityTest {

    /** Concurrent users of the first step; at least 1, at most {@link #maxUsers()}. */
    int startUsers() default 10;

    /** Users added at each step; at least 1. */
    int stepUsers() default 10;

    /** The ceiling: the most concurrent users tried; at least {@link #startUsers()}. */
    int maxUsers() default 100;

    /**
     * How precise the figure is to be: after the first confirmed breach, the search halves its step until
     * the highest level that held and the lowest confirmed breaking level are at most this many users
     * apart. At least 1; {@link #stepUsers()} or more means no refinement. Default 10.
     */
    int resolution() default 10;

    /** How long each step lasts, settle time included; positive. */
    String stepDuration() default "10s";

    /**
     * The start of each step that is not judged (new users join spread over its first half); zero or more,
     * shorter than {@link #stepDuration()}. Default: a fifth of the step duration.
     */
    String settle() default "";

    /**
     * Warm-up before the first step, with the first step's users unless {@link #warmupUsers()} says otherwise;
     * recorded apart, not judged. Default none.
     */
    String warmup() default "";

    /**
     * Users during the {@link #warmup()}: 0 (default) for the first step's. A just-started system reaches the
     * speed it keeps (its JIT compiler done, caches and pools filled) only after some thousands of iterations;
     * a warm-up at a load near the expected capacity gets it there before the first step is judged, so the
     * figure does not depend on how far a cold start had got. At most {@link #maxUsers()}; scaled with the
     * other levels by a profile's scale.
     */
    int warmupUsers() default 0;

    /** Pause after each iteration, as {@link LoadTest#thinkTime()}. Default: from configuration. */
    String thinkTime() default "";

    /**
     * The fewest concurrent users the highest held step must have ("the platform must hold at least N
     * calls"); 0 (default) for no requirement beyond the first step. At most {@link #maxUsers()}; when the
     * ceiling is capped below it ({@code -Dloadtest.users}), the requirement is capped too, with a note.
     */
    int minHeld() default 0;

    /** What one virtual user stands for in messages: {@code "calls"} prints "held 60 concurrent calls". */
    String unit() default "users";

    /** Profile of {@code load_test_config.json} to use unless {@code -Dloadtest.profile} selects another. */
    String profile() default "";
}
