package io.voiceload.faults;

import io.voiceload.config.ConfigException;
import io.voiceload.config.Durations;
import java.lang.annotation.Annotation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The faults of one test, read from its annotations and validated before any load: every attribute is checked here
 * ({@link #of}), the proxy names against the running Toxiproxy ({@link #checkProxies}). Errors are
 * {@link IllegalArgumentException}s naming the annotation, the attribute, the value and what is allowed, e.g.
 * {@code @Latency(ms = 0) on CallsIT.create: ms must be at least 1}.
 */
public final class FaultPlan {
    /** The fault annotations, in the order a plan lists them. */
    public static final List<Class<? extends Annotation>> ANNOTATIONS = List.of(
            Latency.class,
            PacketLoss.class,
            Bandwidth.class,
            Partition.class,
            ResetPeer.class,
            Timeout.class,
            ServiceDown.class);

    private final List<FaultSpec> faults;

    private FaultPlan(List<FaultSpec> faults) {
        this.faults = List.copyOf(faults);
    }

    public static FaultPlan of(List<FaultSpec> faults) {
        return new FaultPlan(faults);
    }

    /**
     * Reads and validates fault annotations ({@link #ANNOTATIONS}; others are ignored).
     *
     * @param where the test, {@code Class.method}, for messages
     * @throws IllegalArgumentException naming the annotation, attribute, value and the allowed values
     */
    public static FaultPlan fromAnnotations(List<? extends Annotation> annotations, String where) {
        List<FaultSpec> specs = new ArrayList<>();
        for (Annotation a : annotations) {
            FaultSpec spec = toSpec(a, where);
            if (spec != null) {
                specs.add(spec);
            }
        }
        return new FaultPlan(specs);
    }

    public List<FaultSpec> faults() {
        return faults;
    }

    public boolean isEmpty() {
        return faults.isEmpty();
    }

    /**
     * Why this plan cannot run on this machine: it asks for real packet loss and the kernel's drops are not
     * available here ({@link NftPacketLoss#availability()}); empty when it can. Callers skip the test with it.
     */
    public Optional<String> unavailableHere() {
        if (faults.stream().noneMatch(f -> f.kind() == FaultKind.REAL_PACKET_LOSS)) {
            return Optional.empty();
        }
        NftPacketLoss.Availability a = NftPacketLoss.availability();
        return a.available() ? Optional.empty() : Optional.of(a.skipMessage());
    }

    /**
     * Fails when a fault names a proxy the Toxiproxy does not have, listing those it has.
     *
     * @throws IllegalArgumentException naming the fault and the proxies that exist
     */
    public void checkProxies(Collection<String> existing) {
        for (FaultSpec f : faults) {
            if (f.kind().byServiceControl()) {
                checkControl(f);
            } else if (!existing.contains(f.proxy())) {
                throw new IllegalArgumentException(f.origin() + ": proxy \"" + f.proxy()
                        + "\" does not exist; the Toxiproxy has "
                        + (existing.isEmpty() ? "no proxy" : String.join(", ", new TreeSet<>(existing)))
                        + " (create one with RunningInfrastructure.proxyTo)");
            }
        }
    }

    /**
     * Fails when a fault played by a service's control ({@code @ServiceDown(mode = ERRORS)}) names a service with no
     * control registered, listing those registered.
     */
    private static void checkControl(FaultSpec f) {
        if (ServiceControls.find(f.proxy()).isEmpty()) {
            var names = ServiceControls.names();
            throw new IllegalArgumentException(f.origin() + ": service \"" + f.proxy() + "\" has no control"
                    + " registered, so it cannot be made to answer errors; registered: "
                    + (names.isEmpty() ? "none" : String.join(", ", names))
                    + " (a service registers one with ServiceControls.register; REFUSED and HUNG need only its"
                    + " Toxiproxy proxy)");
        }
    }

    private static FaultSpec toSpec(Annotation a, String where) {
        checkProxyNamed(a, where);
        return switch (a) {
            case Latency l -> {
                Origin o = new Origin("Latency", l.proxy(), where);
                atLeast(o, "ms", l.ms(), 1);
                atLeast(o, "jitter", l.jitter(), 0);
                yield timed(
                        o,
                        FaultSpec.latency(l.proxy(), l.ms()).withJitter(l.jitter()),
                        l.direction(),
                        l.at(),
                        l.lasts());
            }
            case PacketLoss p -> {
                Origin o = new Origin("PacketLoss", p.proxy(), where);
                if (!(p.probability() > 0 && p.probability() <= 1)) {
                    throw o.error("probability", String.valueOf(p.probability()), "must be above 0 and at most 1");
                }
                atLeast(o, "retransmitMs", p.retransmitMs(), 1);
                yield timed(
                        o,
                        p.mode() == PacketLoss.Mode.REAL
                                ? FaultSpec.realPacketLoss(p.proxy(), p.probability())
                                : FaultSpec.packetLoss(p.proxy(), p.probability())
                                        .withJitter(p.retransmitMs()),
                        p.direction(),
                        p.at(),
                        p.lasts());
            }
            case Bandwidth b -> {
                Origin o = new Origin("Bandwidth", b.proxy(), where);
                atLeast(o, "kbps", b.kbps(), 0);
                yield timed(o, FaultSpec.bandwidth(b.proxy(), b.kbps()), b.direction(), b.at(), b.lasts());
            }
            case Partition p -> {
                Origin o = new Origin("Partition", p.proxy(), where);
                if (p.kind() == Partition.Kind.CUT && p.direction() != Direction.BOTH) {
                    throw o.error(
                            "direction",
                            p.direction().name(),
                            "must be BOTH: a CUT acts both ways (use kind = BLACKHOLE for one direction)");
                }
                FaultSpec spec =
                        p.kind() == Partition.Kind.CUT ? FaultSpec.cut(p.proxy()) : FaultSpec.blackhole(p.proxy());
                yield timed(o, spec, p.direction(), p.at(), p.lasts());
            }
            case ResetPeer r -> {
                Origin o = new Origin("ResetPeer", r.proxy(), where);
                atLeast(o, "afterMs", r.afterMs(), 0);
                yield timed(o, FaultSpec.resetPeer(r.proxy(), r.afterMs()), r.direction(), r.at(), r.lasts());
            }
            case Timeout t -> {
                Origin o = new Origin("Timeout", t.proxy(), where);
                atLeast(o, "ms", t.ms(), 1);
                yield timed(o, FaultSpec.timeout(t.proxy(), t.ms()), t.direction(), t.at(), t.lasts());
            }
            case ServiceDown d -> {
                Origin o = new Origin("ServiceDown", d.service(), where, "service", d.mode());
                yield timed(o, FaultSpec.serviceDown(d.service(), d.mode()), Direction.BOTH, d.at(), d.lasts());
            }
            default -> null;
        };
    }

    private static void checkProxyNamed(Annotation a, String where) {
        String proxy =
                switch (a) {
                    case Latency l -> l.proxy();
                    case PacketLoss p -> p.proxy();
                    case Bandwidth b -> b.proxy();
                    case Partition p -> p.proxy();
                    case ResetPeer r -> r.proxy();
                    case Timeout t -> t.proxy();
                    case ServiceDown d -> d.service();
                    default -> "ignored";
                };
        if (proxy.isBlank()) {
            boolean service = a instanceof ServiceDown;
            throw new Origin(a.annotationType().getSimpleName(), proxy, where)
                    .error(
                            service ? "service" : "proxy",
                            "\"" + proxy + "\"",
                            (service ? "must name a service: its Toxiproxy proxy (" : "must name a Toxiproxy proxy: ")
                                    + "postgres, redis, pms, pms_secondary, or one created with"
                                    + " RunningInfrastructure.proxyTo"
                                    + (service ? "), or for ERRORS the name of its registered control" : ""));
        }
    }

    /** Names a fault in messages: {@code @Latency(proxy = "pms") on CallsIT.create}. */
    private record Origin(String annotation, String proxy, String where, String attribute, Object mode) {
        Origin(String annotation, String proxy, String where) {
            this(annotation, proxy, where, "proxy", null);
        }

        IllegalArgumentException error(String attribute, String value, String rule) {
            return new IllegalArgumentException("@" + annotation + "(" + attribute + " = " + value + ") on " + where
                    + ": " + attribute + " " + rule);
        }

        String text() {
            return "@" + annotation + "(" + attribute + " = \"" + proxy + "\""
                    + (mode == null ? "" : ", mode = " + mode) + ") on " + where;
        }
    }

    private static void atLeast(Origin o, String attribute, long value, long min) {
        if (value < min) {
            throw o.error(
                    attribute, String.valueOf(value), min == 0 ? "must not be negative" : "must be at least " + min);
        }
    }

    private static FaultSpec timed(Origin o, FaultSpec spec, Direction direction, String at, String lasts) {
        Duration start = at.isBlank() ? Duration.ZERO : duration(o, "at", at, false);
        Duration length = lasts.isBlank() ? null : duration(o, "lasts", lasts, true);
        return spec.withDirection(direction).withAt(start).withLasts(length).withOrigin(o.text());
    }

    private static Duration duration(Origin o, String attribute, String text, boolean positive) {
        String where = "@" + o.annotation() + "(" + attribute + " = \"" + text + "\") on " + o.where();
        try {
            return positive ? Durations.parsePositive(text, where, null) : Durations.parse(text, where, null);
        } catch (ConfigException e) {
            throw new IllegalArgumentException(
                    e.getMessage() + " (a duration such as \"10s\", \"1.5s\" or"
                            + " \"500ms\"; empty for "
                            + (positive ? "until the end of the measured phase)" : "the measured" + " start)"),
                    e);
        }
    }
}
