package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;

/**
 * The warm-up that precedes the measured phase: a time span, a number of iterations per user (first
 * arrivals in the open model), or both, in which case it ends with whichever comes first. What runs
 * during warm-up is recorded apart and excluded from verdicts.
 *
 * @param time warm-up time from the start of the run; zero for none
 * @param iterations warm-up iterations per virtual user (closed model) or arrivals (open model)
 */
public record Warmup(Duration time, long iterations) {
    public static final Warmup NONE = new Warmup(Duration.ZERO, 0);

    public Warmup {
        if (time == null || time.isNegative()) {
            throw new IllegalArgumentException("warm-up time must be zero or positive: " + time);
        }
        if (iterations < 0) {
            throw new IllegalArgumentException("warm-up iterations must be zero or positive: " + iterations);
        }
    }

    public static Warmup of(Duration time) {
        return new Warmup(time, 0);
    }

    public static Warmup iterations(long iterations) {
        return new Warmup(Duration.ZERO, iterations);
    }

    public boolean isNone() {
        return time.isZero() && iterations == 0;
    }

    /** Whether an iteration is still warm-up, given the user's warm-up iterations so far and the clock. */
    boolean isWarm(long warmupIterationsDone, boolean withinWarmupTime) {
        if (isNone()) {
            return false;
        }
        return (iterations == 0 || warmupIterationsDone < iterations) && (time.isZero() || withinWarmupTime);
    }

    @Override
    public String toString() {
        if (isNone()) {
            return "none";
        }
        String counted = iterations + (iterations == 1 ? " iteration" : " iterations");
        if (iterations > 0 && !time.isZero()) {
            return counted + " or " + Durations.display(time) + ", whichever ends first";
        }
        return iterations > 0 ? counted : Durations.display(time);
    }
}
