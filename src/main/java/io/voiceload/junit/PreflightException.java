package io.voiceload.junit;

import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/**
 * A check before any load failed: the configuration, the target's readiness, or one test's plan. It carries no
 * stack trace and no cause: its message is the whole story (what is wrong, where it was set, what is allowed),
 * and a test report shows it as one entry rather than a page of the framework's frames.
 */
public final class PreflightException extends ExtensionConfigurationException {

    PreflightException(String message) {
        super(message);
    }

    /** No stack trace: the message names what to fix. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
