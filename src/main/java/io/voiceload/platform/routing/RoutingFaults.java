package io.voiceload.platform.routing;

import io.voiceload.platform.module.ModuleFaults;

/**
 * <b>Test-only fault injector</b> of routing and transfer: makes them misbehave on purpose, so a test can
 * prove that the load suite notices a misrouted transfer. Never set in production; {@link #NONE} is the
 * default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(RoutingFaults.builder().misrouteTransfers(true).build())
 *         .build();
 * }</pre>
 *
 * @param misrouteTransfers when true, {@code POST /calls/{id}/transfer} with a {@code department} resolves
 *     the rules for the next department of the list instead, so the transfer lands where the rules do not
 *     say
 */
public record RoutingFaults(boolean misrouteTransfers) implements ModuleFaults {

    /** No fault: routing behaves. */
    public static final RoutingFaults NONE = new RoutingFaults(false);

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
        return misrouteTransfers;
    }

    /** Builds {@link RoutingFaults}. */
    public static final class Builder {
        private boolean misrouteTransfers;

        private Builder(RoutingFaults base) {
            this.misrouteTransfers = base.misrouteTransfers;
        }

        /** Resolves every transfer to a department for the next department of the list. */
        public Builder misrouteTransfers(boolean misroute) {
            this.misrouteTransfers = misroute;
            return this;
        }

        public RoutingFaults build() {
            return new RoutingFaults(misrouteTransfers);
        }
    }
}
