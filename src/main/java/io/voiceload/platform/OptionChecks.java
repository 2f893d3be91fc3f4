package io.voiceload.platform;

import java.time.Duration;
import java.util.Objects;

/** Range checks shared by the modules' options records; messages name the option, the range and the value. */
public final class OptionChecks {

    private OptionChecks() {}

    /**
     * @throws IllegalArgumentException "{@code name} must be between {@code min} and {@code max}, not
     *     {@code value}"
     */
    public static void between(String name, Duration value, Duration min, Duration max) {
        Objects.requireNonNull(value, name);
        if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
    }

    /**
     * @throws IllegalArgumentException "{@code name} must be between {@code min} and {@code max}, not
     *     {@code value}"
     */
    public static void between(String name, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", not " + value);
        }
    }
}
