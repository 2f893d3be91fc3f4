package io.voiceload.platform.pms;

import io.voiceload.platform.module.ModuleFaults;

/**
 * <b>Test-only fault injector</b> of the PMS connector: makes it misbehave on purpose, so a test can prove that
 * the load suite notices. Never set in production; {@link #NONE} is the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder().faults(new PmsFaults(true)).build();
 * }</pre>
 *
 * @param noTimeout when true, calls to the PMS have neither a connect nor a request timeout: a PMS that accepts
 *     connections and answers nothing (hung, black-holed) holds each request until the PMS comes back, instead
 *     of failing over after {@link PmsOptions#requestTimeout()}; requests and threads pile up behind it
 */
public record PmsFaults(boolean noTimeout) implements ModuleFaults {

    /** No fault: the connector behaves. */
    public static final PmsFaults NONE = new PmsFaults(false);

    @Override
    public boolean any() {
        return noTimeout;
    }
}
