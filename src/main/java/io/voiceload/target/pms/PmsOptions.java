package io.voiceload.target.pms;

/** Options of the platform's pms module. */
public record PmsOptions() {

    public static PmsOptions defaults() {
        return new PmsOptions();
    }
}
