package io.voiceload.faults;

import java.time.Duration;
import java.util.Objects;

/**
 * One fault, validated: what it does ({@link #kind} and its {@link #amount}s), where ({@link #proxy},
 * {@link #direction}) and when ({@link #at} after the measured start, for {@link #lasts}; {@code null} lasts until
 * the end). Built from an annotation by {@link FaultPlan}, or directly for {@link Faults#inject}:
 *
 * <pre>{@code
 * Faults faults = Faults.on(RunningInfrastructure.shared());
 * try (var slow = faults.inject(FaultSpec.latency("pms", 800).withJitter(200))) {
 *     // the scenario step that runs while the PMS is slow
 * }
 * }</pre>
 *
 * @param amount the kind's main figure: latency ms, loss probability, bandwidth KB/s, timeout or reset ms; 0 for a
 *     partition
 * @param jitter latency jitter ms, or the packet loss's retransmission timeout ms; 0 otherwise
 * @param origin how the fault was written, for messages (the annotation, or the factory call)
 */
public record FaultSpec(
        FaultKind kind,
        String proxy,
        Direction direction,
        double amount,
        long jitter,
        Duration at,
        Duration lasts,
        String origin) {

    public FaultSpec {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(direction, "direction");
        at = at == null ? Duration.ZERO : at;
        origin = origin == null ? kind.label() + " on \"" + proxy + "\"" : origin;
        if (proxy.isBlank()) {
            throw new IllegalArgumentException(origin + ": proxy must name a Toxiproxy proxy");
        }
        if (at.isNegative() || (lasts != null && (lasts.isNegative() || lasts.isZero()))) {
            throw new IllegalArgumentException(origin + ": at must not be negative and lasts must be positive");
        }
        if (kind == FaultKind.PARTITION_CUT && direction != Direction.BOTH) {
            throw new IllegalArgumentException(origin + ": a CUT partition acts both ways; direction must be BOTH");
        }
        if (kind.name().startsWith("SERVICE_DOWN") && direction != Direction.BOTH) {
            throw new IllegalArgumentException(origin + ": a service is down both ways; direction must be BOTH");
        }
    }

    /** Latency of {@code ms} milliseconds both ways. */
    public static FaultSpec latency(String proxy, long ms) {
        if (ms < 1) {
            throw new IllegalArgumentException("latency ms must be at least 1, was " + ms);
        }
        return new FaultSpec(FaultKind.LATENCY, proxy, Direction.BOTH, ms, 0, null, null, null);
    }

    /** Emulated packet loss with {@code probability} (0 < p ≤ 1) both ways, retransmission timeout 200 ms. */
    public static FaultSpec packetLoss(String proxy, double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException(
                    "packet loss probability must be above 0 and at most 1, was " + probability);
        }
        return new FaultSpec(FaultKind.PACKET_LOSS, proxy, Direction.BOTH, probability, 200, null, null, null);
    }

    /**
     * Real packet loss with {@code probability} (0 < p ≤ 1) both ways: the kernel drops IP packets of the
     * connections to the proxy's port on this machine ({@link NftPacketLoss}; root and nftables).
     */
    public static FaultSpec realPacketLoss(String proxy, double probability) {
        if (!(probability > 0 && probability <= 1)) {
            throw new IllegalArgumentException(
                    "packet loss probability must be above 0 and at most 1, was " + probability);
        }
        return new FaultSpec(FaultKind.REAL_PACKET_LOSS, proxy, Direction.BOTH, probability, 0, null, null, null);
    }

    /** Bandwidth limited to {@code kilobytesPerSecond} (0 stalls) both ways. */
    public static FaultSpec bandwidth(String proxy, long kilobytesPerSecond) {
        if (kilobytesPerSecond < 0) {
            throw new IllegalArgumentException("bandwidth kbps must not be negative, was " + kilobytesPerSecond);
        }
        return new FaultSpec(FaultKind.BANDWIDTH, proxy, Direction.BOTH, kilobytesPerSecond, 0, null, null, null);
    }

    /** The proxy disabled: connections cut, new ones refused. */
    public static FaultSpec cut(String proxy) {
        return new FaultSpec(FaultKind.PARTITION_CUT, proxy, Direction.BOTH, 0, 0, null, null, null);
    }

    /** Connections accepted or kept, nothing passes, both ways. */
    public static FaultSpec blackhole(String proxy) {
        return new FaultSpec(FaultKind.PARTITION_BLACKHOLE, proxy, Direction.BOTH, 0, 0, null, null, null);
    }

    /** Connections reset {@code afterMs} after their first data, both ways. */
    public static FaultSpec resetPeer(String proxy, long afterMs) {
        if (afterMs < 0) {
            throw new IllegalArgumentException("reset peer afterMs must not be negative, was " + afterMs);
        }
        return new FaultSpec(FaultKind.RESET_PEER, proxy, Direction.BOTH, afterMs, 0, null, null, null);
    }

    /** Data stops, connections closed {@code ms} later, both ways. */
    public static FaultSpec timeout(String proxy, long ms) {
        if (ms < 1) {
            throw new IllegalArgumentException("timeout ms must be at least 1, was " + ms);
        }
        return new FaultSpec(FaultKind.TIMEOUT, proxy, Direction.BOTH, ms, 0, null, null, null);
    }

    /**
     * The service behind proxy {@code service} down in {@code mode}: REFUSED and HUNG on its Toxiproxy proxy,
     * ERRORS through the {@link ServiceControl} registered under that name ({@link ServiceControls}).
     */
    public static FaultSpec serviceDown(String service, ServiceDown.Mode mode) {
        FaultKind kind =
                switch (mode) {
                    case REFUSED -> FaultKind.SERVICE_DOWN_REFUSED;
                    case HUNG -> FaultKind.SERVICE_DOWN_HUNG;
                    case ERRORS -> FaultKind.SERVICE_DOWN_ERRORS;
                };
        return new FaultSpec(kind, service, Direction.BOTH, 0, 0, null, null, null);
    }

    public FaultSpec withDirection(Direction d) {
        return new FaultSpec(kind, proxy, d, amount, jitter, at, lasts, origin);
    }

    /** Latency jitter in ms, or the packet loss's retransmission timeout in ms. */
    public FaultSpec withJitter(long ms) {
        if (ms < 0) {
            throw new IllegalArgumentException(origin + ": jitter must not be negative, was " + ms);
        }
        return new FaultSpec(kind, proxy, direction, amount, ms, at, lasts, origin);
    }

    /** This fault on another proxy (or service): how {@code -Dloadtest.faults.proxies} renames it. */
    public FaultSpec withProxy(String name) {
        return new FaultSpec(kind, name, direction, amount, jitter, at, lasts, origin);
    }

    public FaultSpec withAt(Duration offset) {
        return new FaultSpec(kind, proxy, direction, amount, jitter, offset, lasts, origin);
    }

    /** {@code null}: until the end of the measured phase (or until closed, injected). */
    public FaultSpec withLasts(Duration length) {
        return new FaultSpec(kind, proxy, direction, amount, jitter, at, length, origin);
    }

    FaultSpec withOrigin(String text) {
        return new FaultSpec(kind, proxy, direction, amount, jitter, at, lasts, text);
    }

    /** The figure as printed: {@code 800ms ±200ms}, {@code p=0.05}, {@code 100KB/s}; empty for a partition. */
    public String describeAmount() {
        return switch (kind) {
            case LATENCY -> (long) amount + "ms" + (jitter > 0 ? " ±" + jitter + "ms" : "");
            case PACKET_LOSS -> "p=" + amount + " rto=" + jitter + "ms";
            case REAL_PACKET_LOSS -> "p=" + amount + " (kernel)";
            case BANDWIDTH -> (long) amount + "KB/s";
            case RESET_PEER -> "after " + (long) amount + "ms";
            case TIMEOUT -> "close after " + (long) amount + "ms";
            case PARTITION_CUT, PARTITION_BLACKHOLE, SERVICE_DOWN_REFUSED, SERVICE_DOWN_HUNG, SERVICE_DOWN_ERRORS -> "";
        };
    }
}
