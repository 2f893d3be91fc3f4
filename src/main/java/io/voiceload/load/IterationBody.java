package io.voiceload.load;

/**
 * One iteration of one virtual user. Throwing marks the iteration failed (the error is classified
 * and counted); the run goes on.
 */
@FunctionalInterface
public interface IterationBody {
    void run(VirtualUser user) throws Throwable;
}
