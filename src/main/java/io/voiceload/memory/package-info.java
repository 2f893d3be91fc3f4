/**
 * Memory of the system under test: JFR capture, the heap-after-GC series and leak verdicts.
 *
 * <p>The leak verdict is plain statistics over the cycles of a workload: after each cycle a full GC is forced
 * in the target and a {@link io.voiceload.memory.Cycle} is read (heap after that GC, metaspace, direct buffers,
 * live threads, open file descriptors); {@link io.voiceload.memory.LeakJudge#judge} fits each resource's growth
 * against work done and time ({@link io.voiceload.memory.GrowthFit}) and gives a
 * {@link io.voiceload.memory.LeakVerdict} against {@link io.voiceload.memory.LeakLimits}.
 *
 * <pre>{@code
 * void assertNoLeak(List<Cycle> cycles, List<Suspect> suspects) {
 *     LeakVerdict verdict = LeakJudge.judge(cycles, 2, LeakLimits.DEFAULTS, suspects);
 *     if (verdict.isLeak()) {
 *         throw new AssertionError(verdict.message());
 *     }
 * }
 * }</pre>
 *
 * <p>Plain Java with no JUnit inside.
 */
package io.voiceload.memory;
