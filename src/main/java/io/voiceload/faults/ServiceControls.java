package io.voiceload.faults;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The registry of this JVM's {@link ServiceControl}s by name, the seam through which
 * {@link ServiceDown @ServiceDown(mode = ERRORS)} reaches a service that is not ours to stop:
 *
 * <pre>{@code
 * ServiceControl billing = new ServiceControl() {
 *     private final java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
 *     private final java.util.concurrent.atomic.LongAdder requests = new java.util.concurrent.atomic.LongAdder();
 *
 *     public void down(ServiceDown.Mode mode) { down.set(true); } // the stub answers 503 while set
 *     public void up() { down.set(false); }
 *     public long requestsReceived() { return requests.sum(); }   // the stub counts each request
 * };
 * try (ServiceControls.Registration r = ServiceControls.register("billing", billing)) {
 *     // load tests with @ServiceDown(service = "billing", mode = ServiceDown.Mode.ERRORS)
 * }
 * }</pre>
 *
 * <p>A name is held by one control at a time; the {@link Registration} removes it (and only it) when closed.
 */
public final class ServiceControls {
    private static final Map<String, ServiceControl> CONTROLS = new TreeMap<>();

    private ServiceControls() {}

    /**
     * Registers {@code control} under {@code name} until the registration is closed.
     *
     * @throws IllegalArgumentException a blank name
     * @throws IllegalStateException the name is held by another control
     */
    public static Registration register(String name, ServiceControl control) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(control, "control");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a service control needs a name");
        }
        synchronized (CONTROLS) {
            ServiceControl held = CONTROLS.putIfAbsent(name, control);
            if (held != null && held != control) {
                throw new IllegalStateException(
                        "service \"" + name + "\" has a control registered already; close" + " its registration first");
            }
        }
        return new Registration(name, control);
    }

    /** The control registered under {@code name}, if any. */
    public static Optional<ServiceControl> find(String name) {
        synchronized (CONTROLS) {
            return Optional.ofNullable(CONTROLS.get(name));
        }
    }

    /** The names registered now, sorted. */
    public static Set<String> names() {
        synchronized (CONTROLS) {
            return new TreeSet<>(CONTROLS.keySet());
        }
    }

    /** A control's place in the registry; {@link #close} removes it. */
    public static final class Registration implements AutoCloseable {
        private final String name;
        private final ServiceControl control;

        private Registration(String name, ServiceControl control) {
            this.name = name;
            this.control = control;
        }

        public String name() {
            return name;
        }

        /** Removes the control if it is still the one registered under its name. Idempotent. */
        @Override
        public void close() {
            synchronized (CONTROLS) {
                CONTROLS.remove(name, control);
            }
        }
    }
}
