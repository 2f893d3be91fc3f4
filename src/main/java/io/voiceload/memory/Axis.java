package io.voiceload.memory;

/**
 * What a resource's growth is measured against: work done or time. The fit's x is the cycle's iterations in
 * thousands, or its elapsed time in minutes, so that a slope reads "per 1,000 iterations" or "per minute".
 */
public enum Axis {
    PER_THOUSAND_ITERATIONS("per 1,000 iterations", "iterations") {
        @Override
        public double x(Cycle cycle) {
            return cycle.iterations() / 1000.0;
        }
    },
    PER_MINUTE("per minute", "time") {
        @Override
        public double x(Cycle cycle) {
            return cycle.elapsedSeconds() / 60.0;
        }
    };

    private final String label;
    private final String quantity;

    Axis(String label, String quantity) {
        this.label = label;
        this.quantity = quantity;
    }

    /** The cycle's position on this axis: thousands of iterations, or minutes since the measured start. */
    public abstract double x(Cycle cycle);

    /** {@code per 1,000 iterations}, {@code per minute}. */
    public String label() {
        return label;
    }

    /** What the axis counts, for messages: {@code iterations}, {@code time}. */
    String quantity() {
        return quantity;
    }
}
