package io.voiceload.faults;

import java.time.Duration;
import java.util.Optional;

/**
 * How the system recovered from one healed fault ({@link Recovers @Recovers}).
 *
 * @param fault the fault
 * @param detection from the fault going on to the end of the first interval with a failed sample; empty when nothing
 *     failed while it was on
 * @param timeToRecover from the heal to the start of the first window in which the normal SLOs held again; empty
 *     when there was none within the budget
 * @param within the budget
 * @param problem why it did not recover (what was still breached, or why no window could be judged); empty when it
 *     did
 */
public record Recovery(
        FaultEvent fault,
        Optional<Duration> detection,
        Optional<Duration> timeToRecover,
        Duration within,
        String problem) {

    /** Whether it recovered within the budget. */
    public boolean recovered() {
        return timeToRecover.isPresent() && timeToRecover.get().compareTo(within) <= 0;
    }

    /** {@code latency 800ms on "postgres"}. */
    public String faultName() {
        return FaultRun.describe(fault);
    }

    /** {@code [recovery] latency 800ms on "postgres": recovered in 1.42s (detection 0.08s), budget 10s}. */
    public String line() {
        String detected = detection.map(d -> "detection " + FaultRun.seconds(d)).orElse("no failure detected");
        if (recovered()) {
            return "[recovery] " + faultName() + ": recovered in " + FaultRun.seconds(timeToRecover.get()) + " ("
                    + detected + "), budget " + FaultRun.seconds(within);
        }
        return "[recovery] " + faultName() + ": NOT recovered within " + FaultRun.seconds(within) + " (" + detected
                + "): " + problem;
    }
}
