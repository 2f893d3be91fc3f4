package io.voiceload.load;

/**
 * The verdict on one {@link SloRule}.
 *
 * @param actual the measured value in the rule's unit, or NaN when it could not be measured
 * @param samples how many samples the actual value rests on
 * @param note why the value could not be measured, or empty
 */
public record SloOutcome(SloRule rule, double actual, long samples, boolean passed, String note) {

    /**
     * How much of its limit the measured value uses: {@code actual / threshold} for upper bounds,
     * {@code threshold / actual} for lower bounds (1.0 = exactly at the limit, above 1 = breached); NaN when
     * the value was not measured or the ratio has no meaning (a limit of zero, a lower bound met by zero).
     */
    public double usage() {
        if (Double.isNaN(actual)) {
            return Double.NaN;
        }
        if (rule.metric().isLowerBound()) {
            return actual > 0 ? rule.threshold() / actual : Double.NaN;
        }
        return rule.threshold() > 0 ? actual / rule.threshold() : Double.NaN;
    }

    /** {@code p95 of iterations: required ≤ 300ms, actual 412ms (997 samples) [@Slo]}. */
    public String describe() {
        String actualText = Double.isNaN(actual) ? note : SloRule.formatValue(rule.metric(), actual);
        return rule.subject() + ": required " + rule.requirement() + ", actual " + actualText + " (" + samples
                + (samples == 1 ? " sample)" : " samples)")
                + (rule.origin().isEmpty() ? "" : " [" + rule.origin() + "]");
    }
}
