package io.voiceload.load;

/**
 * The verdict on one {@link SloRule}.
 *
 * @param actual the measured value in the rule's unit, or NaN when it could not be measured
 * @param samples how many samples the actual value rests on
 * @param note why the value could not be measured, or empty
 */
public record SloOutcome(SloRule rule, double actual, long samples, boolean passed, String note) {

    /** {@code p95 of iterations: required ≤ 300ms, actual 412ms (997 samples) [@Slo]}. */
    public String describe() {
        String actualText = Double.isNaN(actual) ? note : SloRule.formatValue(rule.metric(), actual);
        return rule.subject() + ": required " + rule.requirement() + ", actual " + actualText + " (" + samples
                + (samples == 1 ? " sample)" : " samples)")
                + (rule.origin().isEmpty() ? "" : " [" + rule.origin() + "]");
    }
}
