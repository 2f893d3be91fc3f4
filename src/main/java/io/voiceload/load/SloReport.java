package io.voiceload.load;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * All SLO verdicts of one run. The run fails if any SLO is breached or if it had no successful
 * iteration at all: a load test that did nothing never passes quietly.
 */
public record SloReport(List<SloOutcome> outcomes, long successfulIterations, long failedIterations) {

    public SloReport {
        outcomes = List.copyOf(outcomes);
    }

    public List<SloOutcome> breaches() {
        return outcomes.stream().filter(o -> !o.passed()).toList();
    }

    /**
     * The met SLO closest to its limit (highest {@link SloOutcome#usage()}), if any has a usage: where
     * the headroom is smallest.
     */
    public Optional<SloOutcome> tightest() {
        return outcomes.stream()
                .filter(o -> o.passed() && !Double.isNaN(o.usage()))
                .max(Comparator.comparingDouble(SloOutcome::usage));
    }

    public boolean noSuccess() {
        return successfulIterations == 0;
    }

    public boolean passed() {
        return !noSuccess() && breaches().isEmpty();
    }

    /** One message listing every breach (and the zero-success failure), or empty when passed. */
    public String failureMessage() {
        if (passed()) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        List<SloOutcome> breaches = breaches();
        if (noSuccess()) {
            sb.append(
                    failedIterations == 0
                            ? "no iteration ran at all"
                            : "no successful iteration: " + failedIterations
                                    + (failedIterations == 1 ? " iteration" : " iterations") + " ran and all failed");
            if (!breaches.isEmpty()) {
                sb.append("; and ");
            }
        }
        if (!breaches.isEmpty()) {
            sb.append(breaches.size())
                    .append(" of ")
                    .append(outcomes.size())
                    .append(outcomes.size() == 1 ? " SLO" : " SLOs")
                    .append(" breached:");
            for (SloOutcome o : breaches) {
                sb.append("\n  ✗ ").append(o.describe());
            }
        }
        return sb.toString();
    }
}
