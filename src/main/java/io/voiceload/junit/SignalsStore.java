package io.voiceload.junit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/**
 * Where {@link SystemSignals#register} keeps a registration, a store namespace of the framework's own, and how
 * the load pipeline reads it.
 */
final class SignalsStore {
    static final Namespace NAMESPACE = Namespace.create(SystemSignals.class);
    static final String KEY = "signals";

    private SignalsStore() {}

    /** The signals registered for {@code context} or one of its ancestors. */
    static Optional<SystemSignals> registered(ExtensionContext context) {
        return Optional.ofNullable(context.getStore(NAMESPACE).get(KEY, SystemSignals.class));
    }

    /**
     * Takes the snapshot of the signals registered for {@code context}; {@link SystemSignals.Probe#NONE} when
     * none are, or when taking it failed. The probe it returns never throws either.
     */
    static SystemSignals.Probe probe(ExtensionContext context) {
        Optional<SystemSignals> signals = registered(context);
        if (signals.isEmpty()) {
            return SystemSignals.Probe.NONE;
        }
        try {
            SystemSignals.Probe probe = signals.get().before();
            if (probe == null) {
                return SystemSignals.Probe.NONE;
            }
            return () -> {
                try {
                    Optional<ObjectNode> after = probe.after();
                    return after == null ? Optional.empty() : after;
                } catch (RuntimeException e) {
                    return Optional.empty();
                }
            };
        } catch (RuntimeException e) {
            return SystemSignals.Probe.NONE;
        }
    }
}
