package io.voiceload.infra;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a dependency's providers in order and records each attempt. The first that starts wins; a
 * failure falls through to the next provider unless the step forbids it; when none serves, the
 * error lists every attempt and how to point the suite at an existing server.
 */
final class ProviderChain {

    private static final Logger LOG = LoggerFactory.getLogger(RunningInfrastructure.class);

    private ProviderChain() {}

    /**
     * @param attempts receives every attempt, in order
     * @param howToUseExisting ends the error message, e.g. "set infrastructure.redis.url ..."
     */
    static <T> T run(
            Dependency dependency,
            List<ProviderStep<T>> steps,
            List<ProviderAttempt> attempts,
            String howToUseExisting) {
        List<ProviderAttempt> mine = new ArrayList<>();
        Throwable lastFailure = null;
        for (ProviderStep<T> step : steps) {
            if (step.skipReason() != null) {
                record(
                        attempts,
                        mine,
                        new ProviderAttempt(
                                dependency,
                                step.kind(),
                                ProviderAttempt.Outcome.SKIPPED,
                                step.skipReason(),
                                Duration.ZERO));
                continue;
            }
            long start = System.nanoTime();
            try {
                T started = step.start().call();
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                record(
                        attempts,
                        mine,
                        new ProviderAttempt(
                                dependency,
                                step.kind(),
                                ProviderAttempt.Outcome.SERVED,
                                step.describe().apply(started),
                                took));
                return started;
            } catch (Exception | LinkageError e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                lastFailure = e;
                record(
                        attempts,
                        mine,
                        new ProviderAttempt(
                                dependency, step.kind(), ProviderAttempt.Outcome.FAILED, CauseChain.describe(e), took));
                if (step.noFallback() != null) {
                    throw new InfrastructureException(
                            dependency.displayName() + ": " + step.kind() + " failed and " + step.noFallback() + "."
                                    + tried(mine) + "\n  " + capitalize(howToUseExisting) + ".",
                            mine,
                            e);
                }
                LOG.warn(
                        "{}: {} failed ({}); trying the next provider",
                        dependency.key(),
                        step.kind(),
                        CauseChain.describe(e));
            }
        }
        throw new InfrastructureException(
                "No " + dependency.displayName() + " for the tests: no provider could serve." + tried(mine)
                        + "\n  To use an existing " + dependency.displayName() + ", " + howToUseExisting + ".",
                mine,
                lastFailure);
    }

    private static void record(List<ProviderAttempt> all, List<ProviderAttempt> mine, ProviderAttempt attempt) {
        all.add(attempt);
        mine.add(attempt);
    }

    private static String tried(List<ProviderAttempt> attempts) {
        StringBuilder sb = new StringBuilder("\n  Tried, in order:");
        int i = 1;
        for (ProviderAttempt attempt : attempts) {
            sb.append("\n    ").append(i++).append(". ").append(attempt);
        }
        return sb.toString();
    }

    private static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
