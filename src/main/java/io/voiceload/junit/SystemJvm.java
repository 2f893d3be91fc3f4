package io.voiceload.junit;

import io.voiceload.memory.MemoryTarget;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * The JVM of the system under test, for the tests that record its memory ({@link io.voiceload.memory.RecordMemory},
 * {@link io.voiceload.memory.NoLeak}). The framework knows no particular system: a bridge that starts one in a JVM of
 * its own (the reference platform's {@code @WithPlatform} in a child JVM) {@linkplain #register registers} how to reach
 * it over JMX. Without a registration a test records the JVM at {@code target.jmx_url}, else this JVM (labelled as
 * such: the load generator shares its heap).
 *
 * <pre>{@code
 * void beforeAll(ExtensionContext context) { // in the bridge's extension, which closes the target after all
 *     MemoryTarget shop = MemoryTarget.connect(
 *             "service:jmx:rmi:///jndi/rmi://127.0.0.1:9010/jmxrmi", null, null, "shop in its own JVM");
 *     SystemJvm.register(context, () -> shop);
 * }
 * }</pre>
 *
 * The target it gives belongs to the registrant, which closes it; the recording only uses it.
 */
@FunctionalInterface
public interface SystemJvm {

    /** The target JVM, connected (called once per test that records memory). */
    MemoryTarget target();

    /** Registers {@code jvm} for the tests below {@code context}; a later registration at the same level replaces it. */
    static void register(ExtensionContext context, SystemJvm jvm) {
        Objects.requireNonNull(jvm, "jvm");
        context.getStore(Store.NAMESPACE).put(Store.KEY, jvm);
    }

    /** Where a registration is kept. */
    final class Store {
        static final Namespace NAMESPACE = Namespace.create(SystemJvm.class);
        static final String KEY = "jvm";

        private Store() {}

        static Optional<SystemJvm> registered(ExtensionContext context) {
            return Optional.ofNullable(context.getStore(NAMESPACE).get(KEY, SystemJvm.class));
        }
    }
}
