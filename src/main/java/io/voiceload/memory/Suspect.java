package io.voiceload.memory;

import java.util.List;
import java.util.Objects;

/**
 * A class suspected of leaking, as the caller found it (old-object or allocation samples), for a leak's message.
 *
 * @param className the class, as JFR names it ({@code java.util.HashMap$Node}, {@code byte[]})
 * @param samples how many samples named it
 * @param stack its allocation stack, innermost frame first ({@code io.example.Cache.put(Cache.java:42)}); may be
 *     empty
 */
public record Suspect(String className, long samples, List<String> stack) {

    public Suspect {
        Objects.requireNonNull(className, "className");
        if (className.isBlank()) {
            throw new IllegalArgumentException("a suspect's className must not be blank");
        }
        if (samples < 0) {
            throw new IllegalArgumentException("suspect " + className + ": samples must be ≥ 0, not " + samples);
        }
        stack = List.copyOf(stack == null ? List.of() : stack);
    }
}
