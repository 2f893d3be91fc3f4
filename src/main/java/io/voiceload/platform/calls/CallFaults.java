package io.voiceload.platform.calls;

import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.module.OptionChecks;

/**
 * <b>Test-only fault injector</b> of the calls module: makes it misbehave on purpose, so a test can prove
 * that the load suite notices (a wrong count, a wrong order). Never set in production; {@link #NONE} is
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
 */
public record CallFaults(int loseEveryNthCall, boolean swapEventOrder) implements ModuleFaults {

    /** No fault: the calls module behaves. */
    public static final CallFaults NONE = new CallFaults(0, false);

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
        return loseEveryNthCall > 0 || swapEventOrder;
    }

    /** Builds {@link CallFaults}; each setter checks its value. */
    public static final class Builder {
        private int loseEveryNthCall;
        private boolean swapEventOrder;

        private Builder(CallFaults base) {
            this.loseEveryNthCall = base.loseEveryNthCall;
            this.swapEventOrder = base.swapEventOrder;
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

        public CallFaults build() {
            return new CallFaults(loseEveryNthCall, swapEventOrder);
        }
    }
}
