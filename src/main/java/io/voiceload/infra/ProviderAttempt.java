package io.voiceload.infra;

import java.time.Duration;
import java.util.Objects;

/**
 * One provider tried for one dependency, for logs and reports.
 *
 * @param dependency what was wanted
 * @param provider who was asked
 * @param outcome what happened
 * @param detail what was started, or why it was skipped or failed
 * @param took how long it took
 */
public record ProviderAttempt(
        Dependency dependency, ProviderKind provider, Outcome outcome, String detail, Duration took) {

    /** What came of asking a provider. */
    public enum Outcome {
        /** It provided the dependency. */
        SERVED,
        /** It did not apply (no address configured, Docker absent or not wanted). */
        SKIPPED,
        /** It tried and failed. */
        FAILED
    }

    public ProviderAttempt {
        Objects.requireNonNull(dependency, "dependency");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(took, "took");
    }

    /** E.g. {@code embedded: failed after 0.2 s: IOException: ...}. */
    @Override
    public String toString() {
        return switch (outcome) {
            case SERVED -> provider + ": served in " + Infrastructure.seconds(took) + ": " + detail;
            case SKIPPED -> provider + ": skipped: " + detail;
            case FAILED -> provider + ": failed after " + Infrastructure.seconds(took) + ": " + detail;
        };
    }
}
