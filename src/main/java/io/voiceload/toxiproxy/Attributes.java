package io.voiceload.toxiproxy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A toxic's attribute values, in the order its JSON lists them. Values are {@link Long} (Go {@code int64}) except
 * the packet-loss probability, a {@link Double}. Immutable; {@link #with} returns a copy.
 */
final class Attributes {
    private final Map<String, Number> values;

    Attributes(Map<String, Number> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    long getLong(String name) {
        Number n = values.get(name);
        return n == null ? 0 : n.longValue();
    }

    double getDouble(String name) {
        Number n = values.get(name);
        return n == null ? 0 : n.doubleValue();
    }

    Attributes with(Map<String, Number> changes) {
        Map<String, Number> copy = new LinkedHashMap<>(values);
        copy.putAll(changes);
        return new Attributes(copy);
    }

    Map<String, Number> asMap() {
        return values;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes a && a.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return values.toString();
    }
}
