package io.voiceload.platform.calls;

import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.module.OptionChecks;

/**
 * <b>Test-only fault injector</b> of the calls module: makes it misbehave on purpose, so a test can prove
 * that the load suite notices (a wrong count, a wrong order, a write acknowledged and lost, a 500 when Redis
 * fails). Never set in production; {@link #NONE} is
 * the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(CallFaults.builder().loseEveryNthCall(10).build())
 *         .build();
 * }</pre>
 *
 * @param loseEveryNthCall 0: off; n &ge; 1: every n-th {@code POST /calls} of this platform answers 201 with
 *     a complete call (and caches it in Redis, so {@code GET /calls/{id}} still finds it) but stores nothing
 *     in Postgres: the call is lost
 * @param swapEventOrder when true, the third event of every call is stored before its second (their
 *     sequence numbers are swapped), so {@code GET /calls/{id}/events} lists them in the wrong order
 * @param answerBeforeCommit when true, {@code POST /calls} answers 201 (and caches the call) before its row is
 *     written: the write runs afterwards on a thread of its own, and a write that fails (Postgres down or
 *     partitioned, a connection cut) is dropped with a log line. An acknowledged call can be missing from
 *     Postgres; and with Postgres down the route answers 201 instead of 503
 * @param failOnCacheError when true, a Redis error in the calls' cache fails the request (a 500) instead of
 *     falling back to the database: with Redis down or slow, {@code POST /calls}, {@code GET /calls/{id}} and
 *     the event routes answer 500
 * @param transcriptLeak when true, every {@code POST /calls} leaves a {@link CallTranscriptCache.Entry} (about
 *     {@value CallTranscriptCache#ENTRY_BYTES} bytes) in a map that is never cleared: the heap grows with every call
 *     created, a leak a memory test names by that class
 */
public record CallFaults(
        int loseEveryNthCall,
        boolean swapEventOrder,
        boolean answerBeforeCommit,
        boolean failOnCacheError,
        boolean transcriptLeak)
        implements ModuleFaults {

    /** No fault: the calls module behaves. */
    public static final CallFaults NONE = new CallFaults(0, false, false, false, false);

    /** The first two switches only, the others off. */
    public CallFaults(int loseEveryNthCall, boolean swapEventOrder) {
        this(loseEveryNthCall, swapEventOrder, false, false, false);
    }

    public CallFaults {
        OptionChecks.offOrEveryNth("loseEveryNthCall", loseEveryNthCall);
    }

    /** A builder starting from {@link #NONE}. */
    public static Builder builder() {
        return NONE.toBuilder();
    }

    /** A builder starting from these faults. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean any() {
        return loseEveryNthCall > 0 || swapEventOrder || answerBeforeCommit || failOnCacheError || transcriptLeak;
    }

    /** Builds {@link CallFaults}; each setter checks its value. */
    public static final class Builder {
        private int loseEveryNthCall;
        private boolean swapEventOrder;
        private boolean answerBeforeCommit;
        private boolean failOnCacheError;
        private boolean transcriptLeak;

        private Builder(CallFaults base) {
            this.loseEveryNthCall = base.loseEveryNthCall;
            this.swapEventOrder = base.swapEventOrder;
            this.answerBeforeCommit = base.answerBeforeCommit;
            this.failOnCacheError = base.failOnCacheError;
            this.transcriptLeak = base.transcriptLeak;
        }

        /** Loses every {@code n}-th created call (0: off). */
        public Builder loseEveryNthCall(int n) {
            this.loseEveryNthCall = OptionChecks.offOrEveryNth("loseEveryNthCall", n);
            return this;
        }

        /** Stores the third event of every call before its second. */
        public Builder swapEventOrder(boolean swap) {
            this.swapEventOrder = swap;
            return this;
        }

        /** Answers {@code POST /calls} before its write, and drops a write that fails. */
        public Builder answerBeforeCommit(boolean on) {
            this.answerBeforeCommit = on;
            return this;
        }

        /** Fails a request (500) on a Redis error of the calls' cache instead of reading the database. */
        public Builder failOnCacheError(boolean on) {
            this.failOnCacheError = on;
            return this;
        }

        /** Keeps an entry of every created call in a cache that never evicts. */
        public Builder transcriptLeak(boolean on) {
            this.transcriptLeak = on;
            return this;
        }

        public CallFaults build() {
            return new CallFaults(
                    loseEveryNthCall, swapEventOrder, answerBeforeCommit, failOnCacheError, transcriptLeak);
        }
    }
}
