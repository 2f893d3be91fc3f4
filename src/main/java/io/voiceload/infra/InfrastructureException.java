package io.voiceload.infra;

import java.util.List;

/**
 * The infrastructure could not be provided. The message lists every provider tried, why each was
 * skipped or failed, and the setting that points the suite at an existing server.
 */
public final class InfrastructureException extends RuntimeException {

    private final List<ProviderAttempt> attempts;

    InfrastructureException(String message, List<ProviderAttempt> attempts, Throwable cause) {
        super(message, cause);
        this.attempts = List.copyOf(attempts);
    }

    InfrastructureException(String message, Throwable cause) {
        this(message, List.of(), cause);
    }

    /** The providers tried before giving up, in order. */
    public List<ProviderAttempt> attempts() {
        return attempts;
    }
}
