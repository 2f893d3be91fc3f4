/**
 * Memory and GC of a JVM under load: {@link io.voiceload.memory.MemoryTarget} (another JVM over JMX, or this one),
 * {@link io.voiceload.memory.MemoryRecorder} (a JFR stream of it, with a barrier that waits for a requested GC's
 * own events) and {@link io.voiceload.memory.MemoryCapture} (what was captured, as the per-test JSON section
 * {@code memory}). Plain Java: no JUnit, no Jackson.
 *
 * <pre>{@code
 * try (MemoryTarget target = MemoryTarget.connect("service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi", null, null,
 *                 "the platform");
 *         MemoryRecorder recorder = MemoryRecorder.start(target, Path.of("target/memory.jfr"))) {
 *     long before = recorder.fullGc(Duration.ofSeconds(30)).orElseThrow().heapAfterBytes();
 *     MemoryCapture capture = recorder.stop();
 * }
 * }</pre>
 */
package io.voiceload.memory;
