package io.voiceload.memory;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Records the memory of the system under test's JVM over a load test ({@code @LoadTest}, {@code @CapacityTest}) with
 * JDK Flight Recorder, and judges it: the heap after each collection, the collections' pauses and CPU share, the
 * allocation rate and the allocation per iteration, the top allocation sites and old-object suspects, metaspace,
 * direct and mapped buffers, threads, file descriptors and the process's resident memory.
 *
 * <p>Whose JVM: the one the test's platform bridge registers (the reference platform in a JVM of its own, its events
 * streamed over JMX), else a deployment's at {@code target.jmx_url}, else — labelled as such everywhere — this JVM,
 * whose heap the load generator shares with anything embedded in it.
 *
 * <p>What it adds to the test: the {@code memory} section of the per-test JSON (1-second series and summaries), a
 * {@code .jfr} file next to it that opens in JDK Mission Control, and three SLOs in the test's SLO table, each failing
 * the test when breached: heap after GC ≤ {@code memory_threshold_mb}, GC pause p99 ≤
 * {@code categories.memory.settings.gc_pause_p99}, GC CPU share ≤ {@code categories.memory.settings.gc_cpu_share}.
 *
 * <pre>{@code
 * @LoadTest(users = 8, duration = "20s")
 * @RecordMemory
 * void audioUploads(VirtualUser user) {
 *     http.get("/calls").expect(200).send();
 * }
 * }</pre>
 *
 * On a method or a class (all its load tests), directly or through an annotation of your own. {@link NoLeak} implies
 * it.
 */
@Target({ElementType.METHOD, ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface RecordMemory {}
