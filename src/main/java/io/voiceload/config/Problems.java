package io.voiceload.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** Collects every problem of one configuration source so that the user sees them all at once. */
final class Problems {

    private final List<String> messages = new ArrayList<>();

    void add(String message) {
        messages.add(message);
    }

    /** The supplier's value, or null after recording the problem it threw. */
    <T> T guard(Supplier<T> check) {
        try {
            return check.get();
        } catch (ConfigException e) {
            messages.addAll(e.problems());
            return null;
        }
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    void throwIfAny() {
        if (!messages.isEmpty()) {
            throw ConfigException.of(messages);
        }
    }
}
