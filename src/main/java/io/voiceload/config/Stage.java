package io.voiceload.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One linear ramp of an open-model arrival rate, k6-style: over {@code duration} the rate moves
 * linearly from where the previous stage ended (the first stage: from the start rate) to {@code target}.
 *
 * @param target arrivals per second at the end of the stage, {@code >= 0}
 * @param duration how long the ramp lasts, {@code > 0}
 */
public record Stage(double target, Duration duration) {

    public Stage {
        Objects.requireNonNull(duration, "duration");
        if (!Double.isFinite(target)) {
            throw new IllegalArgumentException("stage target must be a finite number: " + target);
        }
    }

    /** This stage with its target multiplied by {@code factor}. */
    public Stage scaled(double factor) {
        return new Stage(target * factor, duration);
    }

    @Override
    public String toString() {
        return ResolvedSettings.formatNumber(target) + "/s over " + Durations.format(duration);
    }
}
