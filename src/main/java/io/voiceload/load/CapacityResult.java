package io.voiceload.load;

import io.voiceload.config.Durations;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * What a capacity search found: every judged step (climbing, repeats, refinement), the highest level that
 * held, and the breaking point with its resolution and whether a repeat confirmed it. {@link #run()} holds
 * the statistics of the whole run (all steps together) and the generator's health.
 *
 * <p>Verdict ({@link #failureMessage(int)}): the search fails when no step could be judged, when no
 * iteration of the whole run succeeded, when nothing held (the first step broke, and again when repeated),
 * or when the highest level that held is below a required number of users. Otherwise it passes and states
 * its figure, whether it broke at some level or reached the ceiling.
 */
public record CapacityResult(CapacityPlan plan, List<CapacityStep> steps, Ending ending, LoadResult run) {

    /** Why the search ended. */
    public enum Ending {
        /**
         * A breach repeated (or had no successful iteration twice) and the refinement reached the resolution:
         * {@link #breakingPoint()} is the lowest level that broke.
         */
        BROKE,
        /** The ceiling held: nothing broke. */
        CEILING_REACHED,
        /**
         * The next step would not have ended within the search's time limit: the search may have found no
         * breach, an unrepeated one, or a confirmed one not refined to the resolution.
         */
        TIME_LIMIT,
        /** The run was stopped from outside (interrupted, or its hard maximum duration). */
        STOPPED
    }

    public CapacityResult {
        steps = List.copyOf(steps);
    }

    /** Concurrent users of the highest level that held (a repeat that held counts); 0 when none did. */
    public int highestHeld() {
        int held = 0;
        for (CapacityStep s : steps) {
            if (s.held()) {
                held = Math.max(held, s.users());
            }
        }
        return held;
    }

    /**
     * The breaking point: the lowest level whose breach a repeat confirmed (that repeat), else a breach the
     * search ended before repeating (the last step); empty when nothing broke for good.
     */
    public Optional<CapacityStep> breakingPoint() {
        Optional<CapacityStep> confirmed =
                steps.stream().filter(CapacityStep::confirmsBreach).min(Comparator.comparingInt(CapacityStep::users));
        if (confirmed.isPresent() || steps.isEmpty()) {
            return confirmed;
        }
        CapacityStep last = steps.getLast();
        return last.held() ? Optional.empty() : Optional.of(last);
    }

    /** Whether a repeat confirmed the breaking point. */
    public boolean isConfirmed() {
        return breakingPoint().map(CapacityStep::confirmsBreach).orElse(false);
    }

    /**
     * How precise the figure is: the breaking point's users minus the highest level that held; empty when
     * nothing broke or nothing held.
     */
    public OptionalInt resolution() {
        int held = highestHeld();
        return breakingPoint()
                .filter(b -> held > 0)
                .map(b -> OptionalInt.of(b.users() - held))
                .orElse(OptionalInt.empty());
    }

    /** The steps whose breach did not repeat: each is followed by a repeat that held. */
    public List<CapacityStep> transientBreaches() {
        List<CapacityStep> transients = new ArrayList<>();
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).showsTransient()) {
                transients.add(steps.get(i - 1));
            }
        }
        return transients;
    }

    /**
     * The headline, with what set-up it measured when the plan says:
     *
     * <ul>
     *   <li>{@code held 400 concurrent calls, broke at 410 (resolution 10, repeat-confirmed: p99 of
     *       voice.frame_rtt 612ms > 500ms); set-up: external target http://10.0.0.5:8080}
     *   <li>{@code held 80 concurrent calls: ceiling reached, nothing broke (transient breach at 40)}
     *   <li>{@code held nothing: the first step broke at 20 (repeat-confirmed: error rate of iterations 4.00% >
     *       1.00%)}
     * </ul>
     */
    public String headline() {
        String setUp = plan.setUp().isEmpty() ? "" : "; set-up: " + plan.setUp();
        Optional<CapacityStep> broke = breakingPoint();
        if (broke.isPresent()) {
            CapacityStep b = broke.get();
            List<String> about = new ArrayList<>();
            resolution().ifPresent(r -> about.add("resolution " + r + refinementNote(r)));
            about.add(isConfirmed() ? "repeat-confirmed" : "not repeated: " + endedBy());
            transientNote().ifPresent(about::add);
            String detail = " (" + String.join(", ", about) + ": " + b.reason() + ")";
            return (highestHeld() == 0
                            ? "held nothing: the first step broke at " + b.users()
                            : "held " + highestHeld() + " concurrent " + plan.unit() + ", broke at " + b.users())
                    + detail
                    + setUp;
        }
        if (steps.isEmpty()) {
            return "no step completed (" + endingText() + ")" + setUp;
        }
        return "held " + highestHeld() + " concurrent " + plan.unit() + ": " + endingText()
                + transientNote().map(t -> " (" + t + ")").orElse("") + setUp;
    }

    /**
     * Why the resolution is coarser than the plan's, if it is: {@code ", refinement to 10 cut by the time limit
     * of 1m24s"}, {@code ", no refinement in a smoke run"}.
     */
    private String refinementNote(int reached) {
        if (reached <= plan.resolution()) {
            return "";
        }
        if (!plan.refines()) {
            return plan.isSmokeRun() ? ", no refinement in a smoke run" : "";
        }
        return ", refinement to " + plan.resolution() + " cut by " + endedBy();
    }

    /** {@code transient breach at 100}, {@code transient breaches at 100, 180}. */
    private Optional<String> transientNote() {
        List<CapacityStep> transients = transientBreaches();
        if (transients.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of((transients.size() == 1 ? "transient breach at " : "transient breaches at ")
                + transients.stream().map(s -> String.valueOf(s.users())).collect(Collectors.joining(", ")));
    }

    /** What ended a search early: {@code the time limit of 1m24s}, {@code the run stopping (…)}. */
    private String endedBy() {
        return ending == Ending.STOPPED
                ? "the run stopping (" + run.stopReason() + ")"
                : "the time limit of " + Durations.display(plan.timeLimit());
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
     * @param requiredUsers the fewest concurrent users the highest level held must have; 0 for no requirement
     */
    public String failureMessage(int requiredUsers) {
        if (steps.isEmpty()) {
            return "no step of the capacity search completed (" + run.stopReason() + "): nothing was measured";
        }
        if (run.iterations().successes() == 0) {
            return "no iteration of the capacity search succeeded ("
                    + run.iterations().failures() + " failed)";
        }
        if (highestHeld() == 0) {
            CapacityStep b = breakingPoint().orElse(steps.getLast());
            return "the first step of " + b.users() + " concurrent " + plan.unit() + " already broke"
                    + (isConfirmed()
                            ? " (repeat-confirmed): "
                            : ", and the search ended before repeating it (" + endedBy() + "): ")
                    + b.reason() + "\n" + b.verdict().failureMessage();
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
