package io.voiceload.platform.routing;

import io.voiceload.platform.module.ModuleFaults;

/**
 * <b>Test-only fault injector</b> of routing and transfer: makes them misbehave on purpose, so a test can
 * prove that the load suite notices a misrouted transfer. Never set in production; {@link #NONE} is the
 * default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(new RoutingFaults(true))
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

    @Override
    public boolean any() {
        return misrouteTransfers;
    }
}
