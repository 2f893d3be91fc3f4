package io.voiceload.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The pause a closed-model virtual user takes after each iteration: none, constant, uniform in a range, or
 * exponentially distributed around a mean (a Poisson-like arrival pattern per user). Random draws come from
 * the virtual user's seeded generator, so a seed replays the same pauses.
 *
 * <p>Text forms ({@link #parse}; {@link #toString()} writes them back):
 *
 * <ul>
 *   <li>{@code none} or {@code 0}: no pause ({@link None});
 *   <li>{@code 500ms}: always that long ({@link Constant});
 *   <li>{@code 100ms..500ms}: uniformly distributed between the two, inclusive ({@link Uniform});
 *   <li>{@code exp(200ms)}: exponentially distributed with that mean ({@link Exponential}).
 * </ul>
 *
 * Durations need a unit ({@code 500} alone is rejected): see {@link Durations}.
 */
public sealed interface ThinkTime {

    /** No pause between iterations. */
    ThinkTime NONE = new None();

    /** The next pause in nanoseconds, drawn from {@code random}. */
    long nextNanos(RandomGenerator random);

    /** The mean pause: zero, the constant, the middle of the range, or the exponential mean. */
    Duration mean();

    /** The pause for consoles and reports ({@link Durations#display}); {@link #toString()} parses back. */
    String display();

    static ThinkTime constant(Duration pause) {
        return pause.isZero() ? NONE : new Constant(pause);
    }

    static ThinkTime uniform(Duration min, Duration max) {
        return new Uniform(min, max);
    }

    static ThinkTime exponential(Duration mean) {
        return new Exponential(mean);
    }

    /**
     * Parses the text forms above.
     *
     * @param where where the text comes from, quoting it; starts every error message
     * @throws ConfigException naming {@code where}, the problem and the accepted forms
     */
    static ThinkTime parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(where + ": empty; " + forms());
        }
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("none") || t.equals("0")) {
            return NONE;
        }
        if (t.startsWith("exp(") && t.endsWith(")")) {
            Duration mean = duration(t.substring(4, t.length() - 1), where);
            if (mean.isZero()) {
                throw new ConfigException(where + ": the mean of exp(...) must be greater than 0");
            }
            return exponential(mean);
        }
        int dots = t.indexOf("..");
        if (dots >= 0) {
            Duration min = duration(t.substring(0, dots), where);
            Duration max = duration(t.substring(dots + 2), where);
            if (min.compareTo(max) > 0) {
                throw new ConfigException(where + ": the minimum must not exceed the maximum; " + forms());
            }
            if (max.isZero()) {
                return NONE;
            }
            return uniform(min, max);
        }
        return constant(duration(t, where));
    }

    record None() implements ThinkTime {
        @Override
        public long nextNanos(RandomGenerator random) {
            return 0;
        }

        @Override
        public Duration mean() {
            return Duration.ZERO;
        }

        @Override
        public String display() {
            return "none";
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
        public Duration mean() {
            return pause;
        }

        @Override
        public String display() {
            return Durations.display(pause);
        }

        @Override
        public String toString() {
            return Durations.format(pause);
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
        public Duration mean() {
            return min.plus(max).dividedBy(2);
        }

        @Override
        public String display() {
            return Durations.display(min) + ".." + Durations.display(max);
        }

        @Override
        public String toString() {
            return Durations.format(min) + ".." + Durations.format(max);
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
        public String display() {
            return "exp(" + Durations.display(mean) + ")";
        }

        @Override
        public String toString() {
            return "exp(" + Durations.format(mean) + ")";
        }
    }

    private static String forms() {
        return "use none, 500ms (constant), 100ms..500ms (uniform) or exp(200ms) (exponential with that mean)";
    }

    private static Duration duration(String part, String where) {
        try {
            return Durations.parse(part, where, null);
        } catch (ConfigException e) {
            throw new ConfigException(where + ": not a think time; " + forms() + " (durations need a unit)");
        }
    }

    private static void requireNonNegative(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative()) {
            throw new IllegalArgumentException("think time " + what + " must not be negative: " + d);
        }
    }
}
