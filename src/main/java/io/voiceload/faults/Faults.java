package io.voiceload.faults;

import io.voiceload.config.Durations;
import io.voiceload.faults.FaultEvent.HealReason;
import io.voiceload.infra.RunningInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Faults at a point in a scenario rather than on the load's timeline: {@link #inject} puts a fault in place now
 * and returns the handle that heals it.
 *
 * <pre>{@code
 * Faults faults = Faults.on(RunningInfrastructure.shared());
 * try (Faults.Injected cut = faults.inject(FaultSpec.cut("postgres"))) {
 *     // the step that must survive Postgres being unreachable
 * }   // healed here; fails if no byte crossed the proxy while it was on
 * }</pre>
 *
 * <p>The same guarantees as the annotations: only the toxics it added are removed and only a proxy it disabled is
 * re-enabled; a fault left open is healed on JVM exit (a shutdown hook, there only while a fault is on).
 * {@link FaultSpec#at()} and {@link FaultSpec#lasts()} do not apply here: the fault starts at {@code inject} and
 * ends at {@code close}.
 */
public final class Faults {
    private final ToxiproxyFaults toxiproxy;

    private Faults(ToxiproxyFaults toxiproxy) {
        this.toxiproxy = toxiproxy;
    }

    /** Faults through the Toxiproxy of {@code infrastructure}. */
    public static Faults on(RunningInfrastructure infrastructure) {
        return new Faults(new ToxiproxyFaults(Objects.requireNonNull(infrastructure, "infrastructure")));
    }

    /** Faults through the Toxiproxy API at {@code url} (tests of this package, on a server of their own). */
    static Faults through(String url, eu.rekawek.toxiproxy.ToxiproxyClient client) {
        return new Faults(new ToxiproxyFaults(url, client));
    }

    ToxiproxyFaults toxiproxy() {
        return toxiproxy;
    }

    /**
     * Applies {@code spec} now.
     *
     * @throws IllegalArgumentException the proxy does not exist (the message lists those that do)
     * @throws IllegalStateException the Toxiproxy serves no metrics, or refused the fault
     */
    public Injected inject(FaultSpec spec) {
        FaultPlan.of(java.util.List.of(spec)).checkProxies(toxiproxy.proxyNames());
        long before = toxiproxy.traffic(spec);
        ToxiproxyFaults.Applied applied = toxiproxy.apply(spec);
        return new Injected(applied, before, System.nanoTime(), Instant.now());
    }

    /** An injected fault; {@link #close} heals it. */
    public final class Injected implements AutoCloseable {
        private final ToxiproxyFaults.Applied applied;
        private final long bytesBefore;
        private final long startNanos;
        private final Instant start;
        private FaultEvent event;

        private Injected(ToxiproxyFaults.Applied applied, long bytesBefore, long startNanos, Instant start) {
            this.applied = applied;
            this.bytesBefore = bytesBefore;
            this.startNanos = startNanos;
            this.start = start;
        }

        /**
         * Heals the fault (idempotent) and judges it.
         *
         * @throws IllegalStateException when no byte crossed the proxy while it was on (a CUT excepted: nothing can
         *     cross it), or healing failed
         */
        @Override
        public synchronized void close() {
            if (event != null) {
                return;
            }
            long endNanos = System.nanoTime();
            Instant end = Instant.now();
            FaultSpec spec = applied.spec;
            String problem = "";
            try {
                applied.heal();
            } catch (RuntimeException e) {
                problem = e.getMessage();
            }
            long bytes = -1;
            if (!spec.kind().blocksTraffic()) {
                bytes = toxiproxy.traffic(spec) - bytesBefore;
                if (problem.isEmpty() && bytes == 0) {
                    problem = noEffect(
                            spec,
                            "its injection",
                            Durations.display(Duration.ofNanos(endNanos - startNanos)) + " later");
                }
            }
            event = new FaultEvent(
                    spec.kind(),
                    spec.proxy(),
                    spec.direction(),
                    spec.describeAmount(),
                    null,
                    null,
                    start,
                    end,
                    Duration.ZERO,
                    Duration.ofNanos(endNanos - startNanos),
                    bytes,
                    HealReason.CLOSED,
                    problem);
            if (!problem.isEmpty()) {
                throw new IllegalStateException(problem);
            }
        }

        /** What the fault did; null until closed. */
        public synchronized FaultEvent event() {
            return event;
        }
    }

    /** The message of a fault whose link carried no traffic in its window. */
    static String noEffect(FaultSpec spec, String from, String to) {
        return "fault " + spec.kind().label() + " on \"" + spec.proxy() + "\" had no effect: "
                + (spec.kind().byServiceControl() ? "no request reached the service" : "no traffic crossed it")
                + " between " + from + " and " + to;
    }
}
