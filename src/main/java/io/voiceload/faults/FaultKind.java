package io.voiceload.faults;

/** What a fault does to its proxy; each kind is one fault annotation (a partition has two flavours). */
public enum FaultKind {
    LATENCY("latency"),
    PACKET_LOSS("packet-loss"),
    /** Real IP packets dropped by the kernel on the proxy's port ({@link NftPacketLoss}). */
    REAL_PACKET_LOSS("real-packet-loss"),
    BANDWIDTH("bandwidth"),
    PARTITION_CUT("partition-cut"),
    PARTITION_BLACKHOLE("partition-blackhole"),
    RESET_PEER("reset-peer"),
    TIMEOUT("timeout"),
    /** {@link ServiceDown.Mode#REFUSED}: the proxy disabled, as for a CUT. */
    SERVICE_DOWN_REFUSED("service-down-refused"),
    /** {@link ServiceDown.Mode#HUNG}: a {@code timeout} toxic of 0 each way, as for a BLACKHOLE. */
    SERVICE_DOWN_HUNG("service-down-hung"),
    /** {@link ServiceDown.Mode#ERRORS}: the service's own {@link ServiceControl} answers errors. */
    SERVICE_DOWN_ERRORS("service-down-errors");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    /**
     * Whether the fault lets nothing through its proxy while it is on (a CUT, a service down REFUSED): its traffic
     * proof counts the bytes over the whole measured phase, since none can cross during its window.
     */
    public boolean blocksTraffic() {
        return this == PARTITION_CUT || this == SERVICE_DOWN_REFUSED;
    }

    /** Whether the fault is played by the service's {@link ServiceControl} rather than by the Toxiproxy. */
    public boolean byServiceControl() {
        return this == SERVICE_DOWN_ERRORS;
    }

    /** How messages, the console and the per-test JSON name it: {@code latency}, {@code partition-cut}. */
    public String label() {
        return label;
    }
}
