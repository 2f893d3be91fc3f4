package io.voiceload.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GrowthFitTest {

    /**
     * Worked by hand: x = 0…9, y = 2x ± 1 (+1 at even x, −1 at odd). x̄ = 4.5, Sxx = 82.5, Σ(x − x̄)·r = −5, so the
     * slope is 2 − 5 / 82.5 = 1.939394 and the intercept 9 − 1.939394 · 4.5 = 0.272727; SSE = Σr² − 5² / 82.5 =
     * 9.696970, s² = SSE / 8 = 1.212121, the slope's standard error √(s² / Sxx) = 0.121212; with t(0.975, 8) =
     * 2.306004 the half-width is 0.279516.
     */
    @Test
    void slopeAndIntervalMatchAHandComputedExampleWithEightDegreesOfFreedom() {
        double[] x = new double[10];
        double[] y = new double[10];
        for (int i = 0; i < 10; i++) {
            x[i] = i;
            y[i] = 2 * i + (i % 2 == 0 ? 1 : -1);
        }
        GrowthFit fit = GrowthFit.of(x, y);
        assertThat(fit.points()).isEqualTo(10);
        assertThat(fit.slope()).isCloseTo(1.939394, within(1e-6));
        assertThat(fit.intercept()).isCloseTo(0.272727, within(1e-6));
        assertThat(fit.residualStandardDeviation()).isCloseTo(Math.sqrt(1.212121), within(1e-6));
        assertThat(fit.halfWidth()).isCloseTo(2.306004 * 0.121212, within(1e-5));
        assertThat(fit.lower()).isCloseTo(1.939394 - 0.279516, within(1e-5));
        assertThat(fit.upper()).isCloseTo(1.939394 + 0.279516, within(1e-5));
    }

    @Test
    void anExactLineHasANullInterval() {
        GrowthFit fit = GrowthFit.of(new double[] {1, 2, 3, 4}, new double[] {10, 13, 16, 19});
        assertThat(fit.slope()).isCloseTo(3, within(1e-12));
        assertThat(fit.halfWidth()).isCloseTo(0, within(1e-9));
        assertThat(fit.intercept()).isCloseTo(7, within(1e-12));
    }

    @Test
    void valuesThatAreAllEqualGiveAnExactFlatFit() {
        GrowthFit fit = GrowthFit.of(new double[] {0.1, 0.2, 0.7}, new double[] {1e9 + 7, 1e9 + 7, 1e9 + 7});
        assertThat(fit).isEqualTo(new GrowthFit(3, 0, 0, 0, 1e9 + 7, 0));
    }

    @Test
    void fewerThanThreePointsIsAnError() {
        assertThatThrownBy(() -> GrowthFit.of(new double[] {1, 2}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a growth fit needs at least 3 points (a line has two parameters, and its interval needs"
                        + " one more), not 2");
    }

    @Test
    void anXThatDoesNotVaryIsAnError() {
        assertThatThrownBy(() -> GrowthFit.of(new double[] {5, 5, 5}, new double[] {1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x does not vary (every x is 5.0): no slope can be fitted against it");
    }

    @Test
    void mismatchedOrNonFiniteValuesAreErrors() {
        assertThatThrownBy(() -> GrowthFit.of(new double[] {1, 2, 3}, new double[] {1, 2}))
                .hasMessage("x and y must have as many values: 3 x and 2 y");
        assertThatThrownBy(() -> GrowthFit.of(new double[] {1, 2, 3}, new double[] {1, Double.NaN, 2}))
                .hasMessageStartingWith("a growth fit needs finite values");
        assertThatThrownBy(() -> new GrowthFit(3, 2, 3, 4, 0, 0))
                .hasMessageStartingWith("a growth fit needs lower ≤ slope ≤ upper");
    }
}
