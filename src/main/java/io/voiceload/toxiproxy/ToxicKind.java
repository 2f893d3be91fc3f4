package io.voiceload.toxiproxy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The toxic types Toxiproxy 2.12 accepts, their attributes (JSON names, Go types, order) and the pipe that
 * implements each. {@code noop} is accepted by the API, as upstream does, although the Java client cannot parse it.
 */
enum ToxicKind {
    LATENCY("latency", "LatencyToxic", new LatencyPipe(), "latency", "jitter"),
    BANDWIDTH("bandwidth", "BandwidthToxic", new BandwidthPipe(), "rate"),
    SLOW_CLOSE("slow_close", "SlowCloseToxic", new SlowClosePipe(), "delay"),
    TIMEOUT("timeout", "TimeoutToxic", new TimeoutPipe(), "timeout"),
    RESET_PEER("reset_peer", "ResetToxic", new ResetPeerPipe(), "timeout"),
    SLICER("slicer", "SlicerToxic", new SlicerPipe(), "average_size", "size_variation", "delay"),
    LIMIT_DATA("limit_data", "LimitDataToxic", new LimitDataPipe(), "bytes"),
    NOOP("noop", "NoopToxic", new NoopPipe());

    /** Our packet-loss extension of {@code latency}: probability (0 to 1) that a chunk is lost, see the package doc. */
    static final String LOSS_PROBABILITY = "loss_probability";
    /** Our packet-loss extension of {@code latency}: first retransmission timeout in ms, doubled per repeated loss. */
    static final String RETRANSMIT_TIMEOUT = "retransmit_timeout";

    static final long DEFAULT_RETRANSMIT_TIMEOUT_MS = 200;

    final String wireName;
    /** The Go struct name, used in decoder error messages. */
    final String goStruct;

    final Pipe pipe;
    private final List<String> integerAttributes;

    ToxicKind(String wireName, String goStruct, Pipe pipe, String... integerAttributes) {
        this.wireName = wireName;
        this.goStruct = goStruct;
        this.pipe = pipe;
        this.integerAttributes = List.of(integerAttributes);
    }

    static ToxicKind byWireName(String name) {
        for (ToxicKind t : values()) {
            if (t.wireName.equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** Every attribute this type decodes; Go types are int64 except the loss probability (float64). */
    List<String> attributeNames() {
        if (this == LATENCY) {
            return List.of("latency", "jitter", LOSS_PROBABILITY, RETRANSMIT_TIMEOUT);
        }
        return integerAttributes;
    }

    boolean isFloat(String attribute) {
        return this == LATENCY && attribute.equals(LOSS_PROBABILITY);
    }

    /** The Go type name of an attribute, for decoder error messages. */
    String goType(String attribute) {
        if (isFloat(attribute)) {
            return "float64";
        }
        return this == SLICER ? "int" : "int64";
    }

    Attributes defaults() {
        Map<String, Number> values = new LinkedHashMap<>();
        for (String name : integerAttributes) {
            values.put(name, 0L);
        }
        if (this == LATENCY) {
            values.put(LOSS_PROBABILITY, 0.0);
            values.put(RETRANSMIT_TIMEOUT, DEFAULT_RETRANSMIT_TIMEOUT_MS);
        }
        return new Attributes(values);
    }

    /**
     * The attributes as the API shows them: all of upstream's, zeros included (the Java client reads every one), and
     * the loss extension only while it is in use, so that standard usage stays byte-identical to Toxiproxy.
     */
    Map<String, Number> visible(Attributes attributes) {
        if (this == LATENCY && attributes.getDouble(LOSS_PROBABILITY) <= 0) {
            Map<String, Number> standard = new LinkedHashMap<>(attributes.asMap());
            standard.remove(LOSS_PROBABILITY);
            standard.remove(RETRANSMIT_TIMEOUT);
            return standard;
        }
        return attributes.asMap();
    }

    /**
     * Our checks beyond upstream's. Toxiproxy's slicer recurses forever on {@code average_size: 0} and panics on a
     * variation that is negative or not below the average, hanging or killing the link; we answer 400 instead.
     */
    void validate(Attributes a) throws ApiError {
        switch (this) {
            case SLICER -> {
                long average = a.getLong("average_size");
                long variation = a.getLong("size_variation");
                if (average <= 0) {
                    throw ApiError.badRequest(
                            "bad request body: slicer average_size must be greater than 0, was " + average);
                }
                if (variation < 0 || variation >= average) {
                    throw ApiError.badRequest("bad request body: slicer size_variation must be at least 0 and less"
                            + " than average_size (" + average + "), was " + variation);
                }
            }
            case LATENCY -> {
                double p = a.getDouble(LOSS_PROBABILITY);
                if (!(p >= 0 && p <= 1)) {
                    throw ApiError.badRequest(
                            "bad request body: latency loss_probability must be between 0 and 1, was " + p);
                }
                if (a.getLong(RETRANSMIT_TIMEOUT) < 0) {
                    throw ApiError.badRequest("bad request body: latency retransmit_timeout must not be negative,"
                            + " was " + a.getLong(RETRANSMIT_TIMEOUT));
                }
            }
            default -> {}
        }
    }
}
