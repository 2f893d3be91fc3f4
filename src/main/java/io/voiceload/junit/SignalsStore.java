package io.voiceload.junit;

import org.junit.jupiter.api.extension.ExtensionContext.Namespace;

/** Where {@link SystemSignals#register} keeps a registration: a store namespace of the framework's own. */
final class SignalsStore {
    static final Namespace NAMESPACE = Namespace.create(SystemSignals.class);
    static final String KEY = "signals";

    private SignalsStore() {}
}
