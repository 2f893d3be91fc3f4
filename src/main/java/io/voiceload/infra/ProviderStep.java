package io.voiceload.infra;

import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * One provider in a dependency's chain.
 *
 * @param kind who provides
 * @param skipReason why it does not apply, or null when it does
 * @param noFallback when non-null, a failure ends the chain instead of trying the next provider, and
 *     this says why (e.g. an address was configured)
 * @param start starts or finds the dependency
 * @param describe what was provided, for the log
 */
record ProviderStep<T>(
        ProviderKind kind, String skipReason, String noFallback, Callable<T> start, Function<T, String> describe) {

    ProviderStep {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(describe, "describe");
    }

    static <T> ProviderStep<T> skipped(ProviderKind kind, String reason) {
        return new ProviderStep<>(kind, reason, null, () -> null, t -> "");
    }
}
