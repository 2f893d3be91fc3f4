/**
 * Memory and GC of a JVM under load, and the verdicts on it. Plain Java: no JUnit, no Jackson.
 *
 * <ul>
 *   <li>{@link io.voiceload.memory.MemoryTarget} (another JVM over JMX, or this one), {@link
 *       io.voiceload.memory.MemoryRecorder} (a JFR stream of it, with a barrier that waits for a requested GC's own
 *       events) and {@link io.voiceload.memory.MemoryCapture} (what was captured, as the per-test JSON section {@code
 *       memory});
 *   <li>the leak verdict, plain statistics over the cycles of a workload: after each cycle a full GC is forced in the
 *       target and a {@link io.voiceload.memory.Cycle} is read (heap after that GC, metaspace, direct buffers, live
 *       threads, open file descriptors); {@link io.voiceload.memory.LeakJudge#judge} fits each resource's growth
 *       against work done and time ({@link io.voiceload.memory.GrowthFit}) and gives a {@link
 *       io.voiceload.memory.LeakVerdict} against {@link io.voiceload.memory.LeakLimits};
 *   <li>the annotations a load test carries, {@link io.voiceload.memory.RecordMemory} and {@link
 *       io.voiceload.memory.NoLeak}, and what the test learns, {@link io.voiceload.memory.MemoryRun}.
 * </ul>
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
