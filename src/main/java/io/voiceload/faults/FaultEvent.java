package io.voiceload.faults;

import java.time.Duration;
import java.time.Instant;

/**
 * What one fault did: when it was meant to start and end, when it actually did, how it was healed, and the bytes
 * the proxy received while it was on (the proof it bit). Offsets are from the start of the measured phase; for a
 * fault injected in the scenario ({@link Faults#inject}) they are from its injection, and the scheduled ones are
 * null. A fault that never started has null actual times.
 *
 * <p>The timestamps are what phase statistics and time-to-recover are measured from: a fault's window is
 * [{@link #actualStart}, {@link #actualEnd}], its heal at {@link #actualEnd}.
 *
 * @param scheduledEnd null for a fault that lasts until the end of the measured phase
 * @param receivedBytes bytes the proxy received in the fault's direction(s) over its window; for a CUT (which lets
 *     nothing through, as a service down REFUSED) over the whole measured phase; for a service down ERRORS the
 *     requests its {@link ServiceControl} received in the window; -1 when not read
 * @param healed why it ended
 * @param problem why the fault failed the test ("had no effect", "never started", a heal error); empty if none
 */
public record FaultEvent(
        FaultKind kind,
        String proxy,
        Direction direction,
        String amount,
        Duration scheduledStart,
        Duration scheduledEnd,
        Instant actualStart,
        Instant actualEnd,
        Duration actualStartOffset,
        Duration actualEndOffset,
        long receivedBytes,
        HealReason healed,
        String problem) {

    /** Why a fault ended. */
    public enum HealReason {
        /** Its {@code lasts} elapsed. */
        LASTS_ELAPSED("lasts elapsed"),
        /** The measured phase ended with the fault on (a fault without {@code lasts}, or a run cut short). */
        RUN_ENDED("the run ended"),
        /** The run failed or was aborted with the fault on. */
        RUN_FAILED("the run failed or was aborted"),
        /** An injected fault's {@code close()}. */
        CLOSED("closed"),
        /** The JVM exited with the fault on (the shutdown hook). */
        JVM_EXIT("JVM exit"),
        /** It never started: the measured phase ended (or never began) before its {@code at}. */
        NEVER_STARTED("never started");

        private final String text;

        HealReason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /** Whether the fault made the test fail. */
    public boolean failed() {
        return !problem.isEmpty();
    }
}
