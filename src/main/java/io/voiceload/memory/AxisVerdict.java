package io.voiceload.memory;

import java.util.Objects;

/**
 * The verdict on one resource's growth against one axis: the fit over the cycles after warm-up, the fit over
 * their last half (the plateau check), the noise, and the first and last values.
 *
 * @param resource what was judged
 * @param axis what its growth was measured against
 * @param limit the growth allowed, in the resource's unit per axis unit
 * @param verdict {@link Verdict#LEAK} only when the lower 95 % bound of the slope exceeds the limit, the last value
 *     exceeds the first by more than the noise, and the slope over the last half still exceeds the limit
 * @param reason why it was not judged; for a flat verdict whose lower bound exceeds the limit, why that growth is
 *     forgiven (it stopped; it stays within the noise); else empty
 * @param fit the line through the cycles after warm-up; null when not judged
 * @param tail the line through the last half of them (at least 3 cycles); null when not judged or when its axis
 *     does not vary
 * @param noise twice the residual standard deviation of {@code fit} (0 when not judged)
 * @param first the value in the first cycle after warm-up
 * @param last the value in the last cycle
 * @param firstCycle the index of the first cycle after warm-up
 * @param tailFirstCycle the index of the first cycle of the last half
 * @param lastCycle the index of the last cycle
 */
public record AxisVerdict(
        LeakResource resource,
        Axis axis,
        double limit,
        Verdict verdict,
        String reason,
        GrowthFit fit,
        GrowthFit tail,
        double noise,
        long first,
        long last,
        int firstCycle,
        int tailFirstCycle,
        int lastCycle) {

    public AxisVerdict {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(axis, "axis");
        Objects.requireNonNull(verdict, "verdict");
        reason = reason == null ? "" : reason;
        if (verdict != Verdict.NOT_JUDGED && fit == null) {
            throw new IllegalArgumentException("a judged axis needs its fit");
        }
    }

    /** Whether this axis shows a leak. */
    public boolean isLeak() {
        return verdict == Verdict.LEAK;
    }

    /**
     * This axis alone, for a report's table: {@code grows 2.31 MiB per 1,000 iterations (95 % interval 1.90–2.72;
     * limit 1 MiB): a leak}, {@code flat: +0.02 MiB per minute (−0.10–0.14; limit 16 MiB)}, {@code not judged: …}.
     */
    public String message() {
        return LeakText.axisMessage(this);
    }

    /** The same verdict with the reason it was forgiven. */
    AxisVerdict withReason(String why) {
        return new AxisVerdict(
                resource,
                axis,
                limit,
                verdict,
                why,
                fit,
                tail,
                noise,
                first,
                last,
                firstCycle,
                tailFirstCycle,
                lastCycle);
    }
}
