package io.voiceload.config;

import java.util.Locale;

/** How load is generated; the test's annotation decides. */
public enum WorkloadModel {
    /** A fixed number of virtual users each loop over iterations: {@code users}, {@code requests}. */
    CLOSED("the annotation sets no rate or stages: users loop over iterations"),
    /** Iterations start on an arrival schedule whether or not earlier ones finished: {@code rate}, {@code stages}. */
    OPEN("the annotation sets rate or stages: arrivals start on schedule");

    private final String reason;

    WorkloadModel(String reason) {
        this.reason = reason;
    }

    /** Why a test has this model, as the effective plan gives the origin of {@code model}. */
    public String reason() {
        return reason;
    }

    /** {@code closed-model test}, {@code open-model test}: how notes and origins name the test. */
    public String testName() {
        return name().toLowerCase(Locale.ROOT) + "-model test";
    }
}
