package io.voiceload.load;

/** What a service-level objective constrains. Latency metrics concern successful samples. */
public enum SloMetric {
    AVG("avg", Kind.LATENCY, 0),
    P50("p50", Kind.LATENCY, 50),
    P90("p90", Kind.LATENCY, 90),
    P95("p95", Kind.LATENCY, 95),
    P99("p99", Kind.LATENCY, 99),
    P999("p99.9", Kind.LATENCY, 99.9),
    MAX("max", Kind.LATENCY, 100),
    /** Failed samples over all samples, 0–1; an upper bound. */
    ERROR_RATE("error rate", Kind.RATIO, 0),
    /** Successful samples per second of the measured phase; a lower bound. */
    MIN_THROUGHPUT("throughput", Kind.THROUGHPUT, 0),
    /** Open-model arrivals dropped for want of a free user; an upper bound. */
    MAX_DROPPED("dropped", Kind.COUNT, 0),
    /** The highest heap used after a collection in the system under test's JVM, bytes; an upper bound. */
    HEAP_AFTER_GC("heap after GC", Kind.BYTES, 100),
    /** The 99th percentile of the system under test's GC pauses; an upper bound. */
    GC_PAUSE_P99("GC pause p99", Kind.LATENCY, 99),
    /** The share of the system under test's CPU time its collector took, 0–1; an upper bound. */
    GC_CPU_SHARE("GC CPU share", Kind.RATIO, 0);

    /** How the metric's threshold is expressed. */
    public enum Kind {
        /** nanoseconds, upper bound */
        LATENCY,
        /** fraction 0–1, upper bound */
        RATIO,
        /** per second, lower bound */
        THROUGHPUT,
        /** count, upper bound */
        COUNT,
        /** bytes, upper bound */
        BYTES
    }

    private final String label;
    private final Kind kind;
    private final double percentile;

    SloMetric(String label, Kind kind, double percentile) {
        this.label = label;
        this.kind = kind;
        this.percentile = percentile;
    }

    public String label() {
        return label;
    }

    public Kind kind() {
        return kind;
    }

    /** For percentile metrics, the percentile (0–100). */
    double percentile() {
        return percentile;
    }

    /**
     * The kind of the metric labelled {@code label} ({@code p95}, {@code error rate}, … as the per-test JSON
     * writes it); {@link Kind#COUNT} for a label no metric has.
     */
    public static Kind kindOf(String label) {
        for (SloMetric m : values()) {
            if (m.label.equals(label)) {
                return m.kind;
            }
        }
        return Kind.COUNT;
    }

    /**
     * Whether the metric is measured in the system under test's JVM (its heap and collector, recorded by the memory
     * capture), not from the load's samples: the {@link SloEvaluator} does not judge it.
     */
    public boolean ofTargetJvm() {
        return this == HEAP_AFTER_GC || this == GC_PAUSE_P99 || this == GC_CPU_SHARE;
    }

    /** Whether larger actual values are better (only throughput). */
    public boolean isLowerBound() {
        return kind == Kind.THROUGHPUT;
    }
}
