package io.voiceload.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The pause a virtual user takes between iterations of a closed-model test.
 *
 * <p>Text forms ({@link #parse}, {@link #toString()} round-trips):
 *
 * <ul>
 *   <li>{@code none} or {@code 0}: no pause ({@link Kind#NONE});
 *   <li>{@code 500ms}: always that long ({@link Kind#CONSTANT});
 *   <li>{@code 100ms..500ms}: uniformly distributed between the two, inclusive ({@link Kind#UNIFORM});
 *   <li>{@code exp(200ms)}: exponentially distributed with that mean ({@link Kind#EXPONENTIAL}).
 * </ul>
 *
 * Durations need a unit ({@code 500} alone is rejected): see {@link Durations}.
 *
 * @param kind the distribution
 * @param first the constant pause, the lower bound (uniform) or the mean (exponential); null for none
 * @param second the upper bound of a uniform pause; null otherwise
 */
public record ThinkTimeSpec(Kind kind, Duration first, Duration second) {

    /** The distribution of a think time. */
    public enum Kind {
        NONE,
        CONSTANT,
        UNIFORM,
        EXPONENTIAL
    }

    /** No pause between iterations. */
    public static final ThinkTimeSpec NONE = new ThinkTimeSpec(Kind.NONE, null, null);

    private static final String FORMS =
            "use none, 500ms (constant), 100ms..500ms (uniform) or exp(200ms) (exponential with that mean)";

    public ThinkTimeSpec {
        Objects.requireNonNull(kind, "kind");
        switch (kind) {
            case NONE -> require(first == null && second == null, "none takes no durations");
            case CONSTANT, EXPONENTIAL ->
                require(
                        first != null && first.compareTo(Duration.ZERO) > 0 && second == null,
                        kind + " takes one duration > 0");
            case UNIFORM ->
                require(
                        first != null
                                && second != null
                                && !first.isNegative()
                                && first.compareTo(second) <= 0
                                && second.compareTo(Duration.ZERO) > 0,
                        "uniform takes 0 <= min <= max, max > 0");
        }
    }

    public static ThinkTimeSpec constant(Duration pause) {
        return pause.isZero() ? NONE : new ThinkTimeSpec(Kind.CONSTANT, pause, null);
    }

    public static ThinkTimeSpec uniform(Duration min, Duration max) {
        return new ThinkTimeSpec(Kind.UNIFORM, min, max);
    }

    public static ThinkTimeSpec exponential(Duration mean) {
        return new ThinkTimeSpec(Kind.EXPONENTIAL, mean, null);
    }

    /**
     * Parses the text forms above.
     *
     * @param where where the text comes from, quoting it; starts every error message
     * @throws ConfigException naming {@code where}, the problem and the accepted forms
     */
    public static ThinkTimeSpec parse(String text, String where) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(where + ": empty; " + FORMS);
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
                throw new ConfigException(where + ": the minimum must not exceed the maximum; " + FORMS);
            }
            if (max.isZero()) {
                return NONE;
            }
            return uniform(min, max);
        }
        return constant(duration(t, where));
    }

    private static Duration duration(String part, String where) {
        try {
            return Durations.parse(part, where, null);
        } catch (ConfigException e) {
            throw new ConfigException(where + ": not a think time; " + FORMS + " (durations need a unit)");
        }
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException("think time: " + message);
        }
    }

    /** The mean pause: zero, the constant, the middle of the range, or the exponential mean. */
    public Duration mean() {
        return switch (kind) {
            case NONE -> Duration.ZERO;
            case CONSTANT, EXPONENTIAL -> first;
            case UNIFORM -> first.plus(second).dividedBy(2);
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case NONE -> "none";
            case CONSTANT -> Durations.format(first);
            case UNIFORM -> Durations.format(first) + ".." + Durations.format(second);
            case EXPONENTIAL -> "exp(" + Durations.format(first) + ")";
        };
    }
}
