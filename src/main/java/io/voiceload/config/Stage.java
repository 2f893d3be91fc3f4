package io.voiceload.config;

import java.time.Duration;
import java.util.Objects;

/**
 * One linear ramp of an open-model arrival rate, k6-style: over {@code duration} the rate moves
 * linearly from where the previous stage ended (the first stage: from the start rate) to
 * {@code targetPerSecond}. Written {@code "100/s in 30s"} in {@code @LoadTest(stages)} and
 * {@code {"target": 100, "duration": "30s"}} in {@code load_test_config.json}. Where the values come from
 * checks them with the source named; the engine's {@code RateSchedule} checks them again.
 *
 * @param targetPerSecond arrivals per second at the end of the stage, {@code >= 0}
 * @param duration how long the ramp lasts, {@code > 0}
 */
public record Stage(double targetPerSecond, Duration duration) {

    public Stage {
        Objects.requireNonNull(duration, "duration");
        if (!Double.isFinite(targetPerSecond)) {
            throw new IllegalArgumentException("stage target must be a finite number: " + targetPerSecond);
        }
    }

    /** This stage with its target multiplied by {@code factor}. */
    public Stage scaled(double factor) {
        return new Stage(targetPerSecond * factor, duration);
    }

    @Override
    public String toString() {
        return ResolvedSettings.formatNumber(targetPerSecond) + "/s over " + Durations.format(duration);
    }
}
