package io.voiceload.config;

/** How load is generated; the test's annotation decides. */
public enum WorkloadModel {
    /** A fixed number of virtual users each loop over iterations: {@code users}, {@code requests}. */
    CLOSED,
    /** Iterations start on an arrival schedule whether or not earlier ones finished: {@code rate}, {@code stages}. */
    OPEN
}
