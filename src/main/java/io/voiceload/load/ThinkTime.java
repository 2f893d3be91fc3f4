package io.voiceload.load;

import io.voiceload.config.Durations;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The pause a closed-model virtual user takes after each iteration: none, constant, uniform in a
 * range, or exponentially distributed around a mean (a Poisson-like arrival pattern per user).
 * Random draws come from the virtual user's seeded generator, so a seed replays the same pauses.
 */
public sealed interface ThinkTime {

    /** No pause between iterations. */
    ThinkTime NONE = new None();

    /** The next pause in nanoseconds, drawn from {@code random}. */
    long nextNanos(RandomGenerator random);

    static ThinkTime none() {
        return NONE;
    }

    static ThinkTime constant(Duration pause) {
        return pause.isZero() ? NONE : new Constant(pause);
    }

    static ThinkTime uniform(Duration min, Duration max) {
        return new Uniform(min, max);
    }

    static ThinkTime exponential(Duration mean) {
        return new Exponential(mean);
    }

    record None() implements ThinkTime {
        @Override
        public long nextNanos(RandomGenerator random) {
            return 0;
        }

        @Override
        public String toString() {
            return "none";
        }
    }

    record Constant(Duration pause) implements ThinkTime {
        public Constant {
            requireNonNegative(pause, "pause");
        }

        @Override
        public long nextNanos(RandomGenerator random) {
            return pause.toNanos();
        }

        @Override
        public String toString() {
            return Durations.display(pause);
        }
    }

    record Uniform(Duration min, Duration max) implements ThinkTime {
        public Uniform {
            requireNonNegative(min, "min");
            requireNonNegative(max, "max");
            if (max.compareTo(min) < 0) {
                throw new IllegalArgumentException("uniform think time: max " + Durations.display(max)
                        + " is below min " + Durations.display(min));
            }
        }

        @Override
        public long nextNanos(RandomGenerator random) {
            long lo = min.toNanos();
            long hi = max.toNanos();
            return lo == hi ? lo : random.nextLong(lo, hi + 1);
        }

        @Override
        public String toString() {
            return Durations.display(min) + ".." + Durations.display(max);
        }
    }

    record Exponential(Duration mean) implements ThinkTime {
        public Exponential {
            requireNonNegative(mean, "mean");
        }

        @Override
        public long nextNanos(RandomGenerator random) {
            return (long) (random.nextExponential() * mean.toNanos());
        }

        @Override
        public String toString() {
            return "exp(" + Durations.display(mean) + ")";
        }
    }

    private static void requireNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException("think time " + what + " must not be negative: " + d);
        }
    }
}
