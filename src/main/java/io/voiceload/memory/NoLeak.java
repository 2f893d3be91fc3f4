package io.voiceload.memory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A leak verdict on a {@code @LoadTest} that runs for a duration: the measured phase is cut into {@link #cycles()}
 * cycles; at the end of each a full collection is requested in the system under test's JVM (over JMX) and the heap it
 * leaves is taken from that collection's own Flight Recorder events (the recorder waits until they have arrived), with
 * the metaspace, direct buffers, live threads and open file descriptors of that instant. After the first
 * {@link #warmupCycles()} cycles (class loading, JIT, caches filling), a least-squares line of each resource against
 * the iterations done and against time is fitted; the test fails when the lower end of the growth's 95 % confidence
 * interval exceeds its limit ({@code categories.memory.settings.leak}) and the last cycle exceeds the first by more
 * than the noise, naming the growth per 1,000 iterations and per minute with its interval, the cycles' values and the
 * top suspect classes with their allocation stacks. Growth that stops (a cache filling to its bound) is not a leak.
 *
 * <p>When the target ignores requested collections ({@code -XX:+DisableExplicitGC}) there is no retained heap to
 * judge: the verdict says so ("not judged") instead of guessing, and the test does not pass on it silently — it fails
 * naming the flag. Implies {@link RecordMemory}.
 *
 * <pre>{@code
 * @LoadTest(users = 8, duration = "90s")
 * @NoLeak(cycles = 12, warmupCycles = 3)
 * void sustainedMix(VirtualUser user) {
 *     http.get("/calls").expect(200).send();
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface NoLeak {

    /** How many cycles the measured phase is cut into, warm-up cycles included; at least {@code warmupCycles + 5}. */
    int cycles() default 12;

    /** How many first cycles are left out of the fit (growth while the target warms up); at least 1. */
    int warmupCycles() default 3;
}
