package io.voiceload.memory;

import java.util.List;
import java.util.Objects;

/**
 * The verdict on one resource: a leak when it leaks on any of its axes; flat when every axis is flat; else not
 * judged.
 *
 * @param resource what was judged
 * @param verdict the verdict
 * @param reason why it was not judged, else empty
 * @param axes the verdict on each of its axes ({@link LeakResource#axes()}); empty when not judged as a whole
 * @param values its value in each cycle after warm-up, in its unit
 * @param firstCycle the index of the first cycle after warm-up
 */
public record ResourceVerdict(
        LeakResource resource,
        Verdict verdict,
        String reason,
        List<AxisVerdict> axes,
        List<Long> values,
        int firstCycle) {

    public ResourceVerdict {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
        axes = List.copyOf(axes);
        values = List.copyOf(values);
    }

    /** Whether it leaks. */
    public boolean isLeak() {
        return verdict == Verdict.LEAK;
    }

    /** The verdict on one of its axes. */
    public AxisVerdict axis(Axis axis) {
        return axes.stream()
                .filter(a -> a.axis() == axis)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(resource.label() + " was not judged " + axis.label()));
    }

    /**
     * One line for a flat or not judged resource; for a leak, the line that states the growth on each axis with
     * its interval and limit and which axis leaks, and a second line with the cycles' values.
     */
    public String message() {
        return LeakText.resourceMessage(this);
    }
}
