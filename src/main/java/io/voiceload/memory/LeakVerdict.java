package io.voiceload.memory;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The leak verdict on a run's cycles ({@link LeakJudge#judge}): a leak when any resource leaks; not judged when
 * the heap could not be judged (too few cycles after warm-up, or a reason the caller gives, such as a target whose
 * forced GC is disabled); else flat.
 *
 * @param verdict the verdict
 * @param reason why it was not judged, else empty
 * @param warmupCycles how many of the first cycles were excluded as warm-up
 * @param cycles every cycle read, warm-up included
 * @param resources the verdict on each resource, in {@link LeakResource} order; empty when not judged as a whole
 * @param suspects the classes the caller suspects, for a leak's message
 */
public record LeakVerdict(
        Verdict verdict,
        String reason,
        int warmupCycles,
        List<Cycle> cycles,
        List<ResourceVerdict> resources,
        List<Suspect> suspects) {

    public LeakVerdict {
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason.strip();
        if (verdict == Verdict.NOT_JUDGED && reason.isEmpty()) {
            throw new IllegalArgumentException("a verdict not judged needs its reason");
        }
        if (warmupCycles < 0) {
            throw new IllegalArgumentException("warmupCycles must be ≥ 0, not " + warmupCycles);
        }
        cycles = List.copyOf(cycles);
        resources = List.copyOf(resources);
        suspects = List.copyOf(suspects == null ? List.of() : suspects);
    }

    /**
     * A verdict not judged for a reason the caller knows: {@code "the target runs with -XX:+DisableExplicitGC: the
     * forced GC between cycles does nothing, so heap after GC is not the live set"}. The cycles are kept for the
     * report's chart.
     */
    public static LeakVerdict notJudged(List<Cycle> cycles, int warmupCycles, String reason) {
        Objects.requireNonNull(reason, "reason");
        return new LeakVerdict(Verdict.NOT_JUDGED, reason, warmupCycles, cycles, List.of(), List.of());
    }

    /** Whether any resource leaks. */
    public boolean isLeak() {
        return verdict == Verdict.LEAK;
    }

    /** The verdict on one resource; empty when nothing was judged. */
    public Optional<ResourceVerdict> resource(LeakResource resource) {
        return resources.stream().filter(r -> r.resource() == resource).findFirst();
    }

    /**
     * What a test failure or a passing run's line says. A leak: for each leaking resource its growth on each axis
     * with the 95 % interval and the limit, which axis leaks, and the cycles' values; then the top suspects with
     * their first stack frames, and the resources that are flat. Flat: one line, the heap's growth with its
     * interval and the others flat. Not judged: one line with the reason.
     */
    public String message() {
        return LeakText.verdictMessage(this);
    }

    /** The shape the report writes as its {@code "leak"} section (records a JSON mapper writes as they are). */
    public LeakVerdictJson json() {
        return LeakVerdictJson.of(this);
    }
}
