package io.voiceload.load;

import io.voiceload.config.Durations;
import java.util.List;
import java.util.Optional;

/**
 * What a capacity search found: every judged step, the highest step that held, and the breaking point.
 * {@link #run()} holds the statistics of the whole run (all steps together) and the generator's health.
 *
 * <p>Verdict ({@link #failureMessage(int)}): the search fails when no step could be judged, when no
 * iteration of the whole run succeeded, when the first step already broke (the system cannot hold the
 * minimum), or when the highest step that held is below a required number of users. Otherwise it passes
 * and states its figure, whether it broke at some step or reached the ceiling.
 */
public record CapacityResult(CapacityPlan plan, List<CapacityStep> steps, Ending ending, LoadResult run) {

    /** Why the search ended. */
    public enum Ending {
        /** A step breached an SLO (or had no successful iteration): that step is the breaking point. */
        BROKE,
        /** The ceiling step held: nothing broke. */
        CEILING_REACHED,
        /** The next step would not have ended within the search's time limit. */
        TIME_LIMIT,
        /** The run was stopped from outside (interrupted, or its hard maximum duration). */
        STOPPED
    }

    public CapacityResult {
        steps = List.copyOf(steps);
    }

    /** Concurrent users of the highest step that held; 0 when none did. */
    public int highestHeld() {
        int held = 0;
        for (CapacityStep s : steps) {
            if (s.held()) {
                held = s.users();
            }
        }
        return held;
    }

    /** The step that broke, if one did. */
    public Optional<CapacityStep> breakingPoint() {
        return ending == Ending.BROKE ? Optional.of(steps.getLast()) : Optional.empty();
    }

    /**
     * The headline: {@code held 60 concurrent calls; broke at 70 (p99 of voice.frame_rtt 212ms > 150ms)},
     * {@code held 80 concurrent calls: ceiling reached, nothing broke}.
     */
    public String headline() {
        String unit = " concurrent " + plan.unit();
        Optional<CapacityStep> broke = breakingPoint();
        if (broke.isPresent()) {
            String at = "broke at " + broke.get().users() + " (" + broke.get().reason() + ")";
            return highestHeld() == 0
                    ? "held nothing: the first step " + at
                    : "held " + highestHeld() + unit + "; " + at;
        }
        if (steps.isEmpty()) {
            return "no step completed (" + endingText() + ")";
        }
        return "held " + highestHeld() + unit + ": " + endingText();
    }

    private String endingText() {
        return switch (ending) {
            case BROKE -> "broke";
            case CEILING_REACHED -> "ceiling reached, nothing broke";
            case TIME_LIMIT ->
                "search stopped by its time limit of " + Durations.display(plan.timeLimit()) + ", nothing broke";
            case STOPPED -> "search stopped early (" + run.stopReason() + "), nothing broke";
        };
    }

    /** One line per judged step. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        for (CapacityStep s : steps) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(s.line());
        }
        return sb.toString();
    }

    /**
     * Why the search fails, or empty when it passes.
     *
     * @param requiredUsers the fewest concurrent users the highest held step must have; 0 for no requirement
     */
    public String failureMessage(int requiredUsers) {
        if (steps.isEmpty()) {
            return "no step of the capacity search completed (" + run.stopReason() + "): nothing was measured";
        }
        if (run.iterations().successes() == 0) {
            return "no iteration of the capacity search succeeded ("
                    + run.iterations().failures() + " failed)";
        }
        if (!steps.getFirst().held()) {
            return "the first step of " + steps.getFirst().users() + " concurrent " + plan.unit() + " already broke: "
                    + steps.getFirst().reason() + "\n"
                    + steps.getFirst().verdict().failureMessage();
        }
        if (highestHeld() < requiredUsers) {
            return "held " + highestHeld() + " concurrent " + plan.unit() + ", but at least " + requiredUsers
                    + " are required"
                    + breakingPoint()
                            .map(b -> "; broke at " + b.users() + ": " + b.reason())
                            .orElse("");
        }
        return "";
    }
}
