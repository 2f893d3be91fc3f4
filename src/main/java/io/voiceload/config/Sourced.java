package io.voiceload.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * A resolved value and where it came from, e.g. {@code 50} from {@code -Dloadtest.users} or
 * {@code @LoadTest × profile "heavy" scale 10}.
 *
 * @param value the value; may be null where the accessor documents what null means
 * @param origin where the value came from, for people to read
 */
public record Sourced<T>(T value, String origin) {

    public Sourced {
        Objects.requireNonNull(origin, "origin");
    }

    public static <T> Sourced<T> of(T value, String origin) {
        return new Sourced<>(value, origin);
    }

    /** The same origin with a transformed value. */
    public <R> Sourced<R> map(Function<? super T, ? extends R> f) {
        return new Sourced<>(value == null ? null : f.apply(value), origin);
    }

    public boolean isPresent() {
        return value != null;
    }

    @Override
    public String toString() {
        return value + "  (" + origin + ")";
    }
}
