package io.voiceload.load;

/** Why a run ended. */
public enum StopReason {
    /** Every user finished its iterations, or the open-model schedule ended. */
    COMPLETED,
    /** The planned duration elapsed. */
    DURATION_ELAPSED,
    /** The plan's hard cap ({@link LoadPlan#maxDuration()}) stopped a run that had not finished. */
    MAX_DURATION,
    /** An SLO was breached after its grace period and the run was set to abort on breach. */
    ABORTED_ON_BREACH,
    /** The thread running the load was interrupted. */
    INTERRUPTED
}
