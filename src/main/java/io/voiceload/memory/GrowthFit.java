package io.voiceload.memory;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * A least-squares line through a resource's values, {@code y = intercept + slope · x}, with the slope's 95 %
 * confidence interval from Student's t with n − 2 degrees of freedom (Apache Commons Math's {@link
 * SimpleRegression}, whose t quantiles are exact, rather than a hand-written table).
 *
 * <p>Degenerate inputs are handled explicitly: fewer than {@link #MIN_POINTS} points (no interval can be
 * given) and an x that does not vary (no slope) are errors the caller must avoid; values that are all equal
 * give an exact flat fit (slope 0, interval 0–0, no residual), not one that rounding makes slightly off.
 *
 * @param points how many points the line was fitted to
 * @param slope growth of y per unit of x
 * @param lower the slope's lower 95 % bound
 * @param upper the slope's upper 95 % bound
 * @param intercept y at x = 0 on the line
 * @param residualStandardDeviation the standard deviation of the points around the line, {@code √(SSE / (n − 2))}
 */
public record GrowthFit(
        int points, double slope, double lower, double upper, double intercept, double residualStandardDeviation) {

    /** The confidence of the slope's interval. */
    public static final double CONFIDENCE = 0.95;

    /** A line has two parameters; a third point leaves one degree of freedom for the interval. */
    public static final int MIN_POINTS = 3;

    public GrowthFit {
        if (points < MIN_POINTS) {
            throw new IllegalArgumentException(
                    "a growth fit rests on at least " + MIN_POINTS + " points, not " + points);
        }
        if (!(Double.isFinite(slope)
                && Double.isFinite(lower)
                && Double.isFinite(upper)
                && Double.isFinite(intercept)
                && Double.isFinite(residualStandardDeviation))) {
            throw new IllegalArgumentException("a growth fit's numbers must be finite: slope " + slope + " (" + lower
                    + " to " + upper + "), intercept " + intercept + ", residual sd " + residualStandardDeviation);
        }
        if (lower > slope || slope > upper || residualStandardDeviation < 0) {
            throw new IllegalArgumentException("a growth fit needs lower ≤ slope ≤ upper and a residual sd ≥ 0, not "
                    + lower + " ≤ " + slope + " ≤ " + upper + ", " + residualStandardDeviation);
        }
    }

    /**
     * Fits the line to the points {@code (x[i], y[i])}.
     *
     * @throws IllegalArgumentException for arrays of different lengths, fewer than {@link #MIN_POINTS} points, a
     *     value that is not finite, or an x that does not vary
     */
    public static GrowthFit of(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException(
                    "x and y must have as many values: " + x.length + " x and " + y.length + " y");
        }
        int n = x.length;
        if (n < MIN_POINTS) {
            throw new IllegalArgumentException("a growth fit needs at least " + MIN_POINTS
                    + " points (a line has two parameters, and its interval needs one more), not " + n);
        }
        if (!Arrays.stream(x).allMatch(Double::isFinite) || !Arrays.stream(y).allMatch(Double::isFinite)) {
            throw new IllegalArgumentException(
                    "a growth fit needs finite values: x " + Arrays.toString(x) + ", y " + Arrays.toString(y));
        }
        if (Arrays.stream(x).allMatch(v -> v == x[0])) {
            throw new IllegalArgumentException(
                    "x does not vary (every x is " + x[0] + "): no slope can be fitted against it");
        }
        if (Arrays.stream(y).allMatch(v -> v == y[0])) {
            return new GrowthFit(n, 0, 0, 0, y[0], 0);
        }
        SimpleRegression regression = new SimpleRegression(true);
        for (int i = 0; i < n; i++) {
            regression.addData(x[i], y[i]);
        }
        double slope = regression.getSlope();
        double halfWidth = regression.getSlopeConfidenceInterval(1 - CONFIDENCE);
        return new GrowthFit(
                n,
                slope,
                slope - halfWidth,
                slope + halfWidth,
                regression.getIntercept(),
                Math.sqrt(regression.getMeanSquareError()));
    }

    /** Half the width of the slope's interval: t(0.975, n − 2) times the slope's standard error. */
    public double halfWidth() {
        return (upper - lower) / 2;
    }
}
