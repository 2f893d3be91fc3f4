package io.voiceload.memory;

import java.util.ArrayList;
import java.util.List;

/**
 * How much growth of each resource a healthy system may show, and how many cycles a verdict needs. Immutable
 * and validated; {@link #DEFAULTS} holds the defaults, {@link #toBuilder()} changes some of them.
 *
 * <p>The defaults, and why. After warm-up a healthy server's live set does not grow with the work it does:
 * requests leave nothing behind, caches and pools have reached their bounds (a plateau the verdict forgives),
 * classes are loaded. What remains is noise of a few hundred KiB from one full GC to the next (thread-local
 * buffers, JFR's own buffers, a lazily built table), so the limits sit above that noise and below the smallest
 * leaks that hurt in production:
 *
 * <ul>
 *   <li>heap 1 MiB per 1,000 iterations: 1 KiB kept per iteration, about one small entry (a call's record in a
 *       map that never evicts); at 1,000 iterations a second that is an hour to fill 3.5 GiB;
 *   <li>heap 16 MiB per minute: about 1 GiB an hour, which takes a typical 1–4 GiB heap to its end within a
 *       shift, whatever the load; a leak on time alone (a scheduled task that keeps its results) shows here;
 *   <li>metaspace 2 MiB per minute: once warm-up has loaded the classes, only generated classes (lambdas,
 *       proxies, a class loader per request) grow it; a few KiB each, so hundreds a minute;
 *   <li>direct buffers 4 MiB per minute: NIO and Netty pools reach their arenas in warm-up; an audio buffer of
 *       64 KiB never released once a second is 3.75 MiB a minute;
 *   <li>live threads 2 per minute: platform thread pools (and the carriers of virtual threads) are bounded and
 *       fill early, which the plateau check forgives; a thread started per task and never stopped is more;
 *   <li>open file descriptors 4 per minute: connection pools are bounded; a connection or file not closed
 *       once every 15 seconds is more;
 *   <li>{@value #MIN_MIN_CYCLES} cycles after warm-up at least: with 3 points the 95 % interval's t is 12.7 and
 *       with 4 it is 4.3, too wide to say anything; with 5 it is 3.18, and the plateau check's last half still
 *       has 3 points.
 * </ul>
 *
 * @param maxHeapGrowthPerThousandIterations bytes of heap after full GC per 1,000 iterations, ≥ 0
 * @param maxHeapGrowthPerMinute bytes of heap after full GC per minute, ≥ 0
 * @param maxMetaspaceGrowthPerMinute bytes of metaspace per minute, ≥ 0
 * @param maxDirectBufferGrowthPerMinute bytes of direct buffers per minute, ≥ 0
 * @param maxThreadGrowthPerMinute live threads per minute, ≥ 0
 * @param maxFileDescriptorGrowthPerMinute open file descriptors per minute, ≥ 0
 * @param minCycles cycles after warm-up a verdict needs, at least {@value #MIN_MIN_CYCLES}
 */
public record LeakLimits(
        long maxHeapGrowthPerThousandIterations,
        long maxHeapGrowthPerMinute,
        long maxMetaspaceGrowthPerMinute,
        long maxDirectBufferGrowthPerMinute,
        double maxThreadGrowthPerMinute,
        double maxFileDescriptorGrowthPerMinute,
        int minCycles) {

    private static final long MIB = 1024 * 1024;

    /** The fewest cycles after warm-up that {@link #minCycles} may ask for. */
    public static final int MIN_MIN_CYCLES = 5;

    public static final long DEFAULT_MAX_HEAP_GROWTH_PER_THOUSAND_ITERATIONS = MIB;
    public static final long DEFAULT_MAX_HEAP_GROWTH_PER_MINUTE = 16 * MIB;
    public static final long DEFAULT_MAX_METASPACE_GROWTH_PER_MINUTE = 2 * MIB;
    public static final long DEFAULT_MAX_DIRECT_BUFFER_GROWTH_PER_MINUTE = 4 * MIB;
    public static final double DEFAULT_MAX_THREAD_GROWTH_PER_MINUTE = 2;
    public static final double DEFAULT_MAX_FILE_DESCRIPTOR_GROWTH_PER_MINUTE = 4;
    public static final int DEFAULT_MIN_CYCLES = MIN_MIN_CYCLES;

    /** The defaults, justified above. */
    public static final LeakLimits DEFAULTS = new LeakLimits(
            DEFAULT_MAX_HEAP_GROWTH_PER_THOUSAND_ITERATIONS,
            DEFAULT_MAX_HEAP_GROWTH_PER_MINUTE,
            DEFAULT_MAX_METASPACE_GROWTH_PER_MINUTE,
            DEFAULT_MAX_DIRECT_BUFFER_GROWTH_PER_MINUTE,
            DEFAULT_MAX_THREAD_GROWTH_PER_MINUTE,
            DEFAULT_MAX_FILE_DESCRIPTOR_GROWTH_PER_MINUTE,
            DEFAULT_MIN_CYCLES);

    public LeakLimits {
        List<String> problems = new ArrayList<>();
        atLeastZero(problems, "maxHeapGrowthPerThousandIterations", maxHeapGrowthPerThousandIterations);
        atLeastZero(problems, "maxHeapGrowthPerMinute", maxHeapGrowthPerMinute);
        atLeastZero(problems, "maxMetaspaceGrowthPerMinute", maxMetaspaceGrowthPerMinute);
        atLeastZero(problems, "maxDirectBufferGrowthPerMinute", maxDirectBufferGrowthPerMinute);
        atLeastZero(problems, "maxThreadGrowthPerMinute", maxThreadGrowthPerMinute);
        atLeastZero(problems, "maxFileDescriptorGrowthPerMinute", maxFileDescriptorGrowthPerMinute);
        if (minCycles < MIN_MIN_CYCLES) {
            problems.add("minCycles must be ≥ " + MIN_MIN_CYCLES + ", not " + minCycles);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid leak limits: " + String.join("; ", problems));
        }
    }

    private static void atLeastZero(List<String> problems, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            problems.add(name + " must be ≥ 0, not " + LeakText.plain(value));
        }
    }

    /** The growth allowed for a resource on an axis, in its unit per 1,000 iterations or per minute. */
    public double limit(LeakResource resource, Axis axis) {
        if (!resource.axes().contains(axis)) {
            throw new IllegalArgumentException(resource.label() + " is not judged " + axis.label());
        }
        return switch (resource) {
            case HEAP ->
                axis == Axis.PER_THOUSAND_ITERATIONS ? maxHeapGrowthPerThousandIterations : maxHeapGrowthPerMinute;
            case METASPACE -> maxMetaspaceGrowthPerMinute;
            case DIRECT_BUFFERS -> maxDirectBufferGrowthPerMinute;
            case THREADS -> maxThreadGrowthPerMinute;
            case FILE_DESCRIPTORS -> maxFileDescriptorGrowthPerMinute;
        };
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link LeakLimits}; {@link #build()} validates. */
    public static final class Builder {
        private long maxHeapGrowthPerThousandIterations;
        private long maxHeapGrowthPerMinute;
        private long maxMetaspaceGrowthPerMinute;
        private long maxDirectBufferGrowthPerMinute;
        private double maxThreadGrowthPerMinute;
        private double maxFileDescriptorGrowthPerMinute;
        private int minCycles;

        private Builder(LeakLimits from) {
            maxHeapGrowthPerThousandIterations = from.maxHeapGrowthPerThousandIterations;
            maxHeapGrowthPerMinute = from.maxHeapGrowthPerMinute;
            maxMetaspaceGrowthPerMinute = from.maxMetaspaceGrowthPerMinute;
            maxDirectBufferGrowthPerMinute = from.maxDirectBufferGrowthPerMinute;
            maxThreadGrowthPerMinute = from.maxThreadGrowthPerMinute;
            maxFileDescriptorGrowthPerMinute = from.maxFileDescriptorGrowthPerMinute;
            minCycles = from.minCycles;
        }

        /** Heap after full GC, bytes per 1,000 iterations. */
        public Builder maxHeapGrowthPerThousandIterations(long bytes) {
            maxHeapGrowthPerThousandIterations = bytes;
            return this;
        }

        /** Heap after full GC, bytes per minute. */
        public Builder maxHeapGrowthPerMinute(long bytes) {
            maxHeapGrowthPerMinute = bytes;
            return this;
        }

        /** Metaspace, bytes per minute. */
        public Builder maxMetaspaceGrowthPerMinute(long bytes) {
            maxMetaspaceGrowthPerMinute = bytes;
            return this;
        }

        /** Direct buffers, bytes per minute. */
        public Builder maxDirectBufferGrowthPerMinute(long bytes) {
            maxDirectBufferGrowthPerMinute = bytes;
            return this;
        }

        /** Live threads per minute. */
        public Builder maxThreadGrowthPerMinute(double threads) {
            maxThreadGrowthPerMinute = threads;
            return this;
        }

        /** Open file descriptors per minute. */
        public Builder maxFileDescriptorGrowthPerMinute(double descriptors) {
            maxFileDescriptorGrowthPerMinute = descriptors;
            return this;
        }

        /** Cycles after warm-up a verdict needs, at least {@value LeakLimits#MIN_MIN_CYCLES}. */
        public Builder minCycles(int cycles) {
            minCycles = cycles;
            return this;
        }

        /** The limits; throws {@link IllegalArgumentException} naming each bad one. */
        public LeakLimits build() {
            return new LeakLimits(
                    maxHeapGrowthPerThousandIterations,
                    maxHeapGrowthPerMinute,
                    maxMetaspaceGrowthPerMinute,
                    maxDirectBufferGrowthPerMinute,
                    maxThreadGrowthPerMinute,
                    maxFileDescriptorGrowthPerMinute,
                    minCycles);
        }
    }
}
