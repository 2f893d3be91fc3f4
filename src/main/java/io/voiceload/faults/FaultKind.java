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
    TIMEOUT("timeout");

    private final String label;

    FaultKind(String label) {
        this.label = label;
    }

    /** How messages, the console and the per-test JSON name it: {@code latency}, {@code partition-cut}. */
    public String label() {
        return label;
    }
}
