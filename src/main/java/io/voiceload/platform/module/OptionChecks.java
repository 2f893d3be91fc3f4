package io.voiceload.platform.module;

import java.time.Duration;
import java.util.Objects;

/**
 * Checks shared by the modules' options and faults; each returns the value it checked and throws
 * {@link IllegalArgumentException} with a message that names the setting, what it allows and the value.
 *
 * <p>The option records check every component in their constructor, and their builders check each
 * value as it is set, with the same methods (Resilience4j's {@code CircuitBreakerConfig.Builder} model),
 * so a wrong value fails where it is written. The builders are hand-written rather than generated (as
 * RecordBuilder would): a generated builder cannot check in its setters.
 */
public final class OptionChecks {

    private OptionChecks() {}

    /**
     * @throws IllegalArgumentException "{@code name} must be between {@code min} and {@code max}, not
     *     {@code value}"
     */
    public static Duration between(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /**
     * @throws IllegalArgumentException "{@code name} must be between {@code min} and {@code max}, not
     *     {@code value}"
     */
    public static long between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /**
     * @throws IllegalArgumentException "{@code name} must be between {@code min} and {@code max}, not
     *     {@code value}"
     */
    public static int between(String name, int value, int min, int max) {
        return Math.toIntExact(between(name, (long) value, min, max));
    }

    /**
     * A fault's "every n-th" switch: 0 is off, n &ge; 1 hits every n-th occurrence.
     *
     * @throws IllegalArgumentException "{@code name} must be 0 (off) or at least 1, not {@code value}"
     */
    public static int offOrEveryNth(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be 0 (off) or at least 1, not " + value);
        }
        return value;
    }
}
