package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What the system under test says about itself over one load run (its connection-pool waits, cache hits,
 * ...), as opposed to what the load generator measured. The framework knows no particular system: a bridge
 * for one (the reference platform's {@code @WithPlatform}) {@linkplain #register registers} its signals for
 * the tests it serves, and every load-running extension ({@link LoadTest @LoadTest},
 * {@link CapacityTest @CapacityTest}) takes a {@link #before()} snapshot as the run starts, before its
 * warm-up, and asks it for the change {@link Probe#after() after} the run ends: the signals cover the whole
 * run, warm-up (and every step of a search) included. The change becomes the {@code signals} section of the
 * per-test JSON and of the run report.
 *
 * <pre>{@code
 * import org.junit.jupiter.api.extension.BeforeEachCallback;
 * import com.fasterxml.jackson.databind.node.JsonNodeFactory;
 *
 * final class ShopExtension implements BeforeEachCallback {
 *     @Override
 *     public void beforeEach(ExtensionContext context) {
 *         SystemSignals.register(context, () -> {
 *             long before = ordersPlaced();
 *             return () -> Optional.of(JsonNodeFactory.instance.objectNode()
 *                     .set("shop", JsonNodeFactory.instance.objectNode().put("orders", ordersPlaced() - before)));
 *         });
 *     }
 *
 *     private static long ordersPlaced() {
 *         return 0; // ask the shop, e.g. its metrics endpoint
 *     }
 * }
 * }</pre>
 *
 * <p>Signals are best-effort: a system that does not answer gives none, and never fails the test: an exception
 * from either method is treated as "no signals".
 */
@FunctionalInterface
public interface SystemSignals {

    /** Takes the snapshot before a run. Called on the test's thread, inside the generator lock. */
    Probe before();

    /** The snapshot taken before a run. */
    @FunctionalInterface
    interface Probe {
        /** No signals: the system is silent. */
        Probe NONE = Optional::empty;

        /**
         * The change since the snapshot, as the {@code signals} section: an object keyed by the source
         * (e.g. {@code {"platform": {"dbPool": {...}}}}); empty when there is none to give.
         */
        Optional<ObjectNode> after();
    }

    /**
     * Registers {@code signals} for the tests below {@code context} (a class context serves every test of
     * the class, a method context one test); a later registration at the same level replaces it.
     */
    static void register(ExtensionContext context, SystemSignals signals) {
        Objects.requireNonNull(signals, "signals");
        context.getStore(SignalsStore.NAMESPACE).put(SignalsStore.KEY, signals);
    }
}
