package io.voiceload.memory;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/**
 * Synthetic cycles for the verdict's tests: each resource a function of the cycle's number (from 1), in MiB for
 * memory and in units for threads and descriptors; Gaussian noise from a seeded {@link Random} on top when asked.
 * Every resource is flat unless set.
 */
final class SyntheticRun {
    static final double MIB = 1024.0 * 1024.0;

    private int cycles = 12;
    private long iterationsPerCycle = 1000;
    private double secondsPerCycle = 10;
    private IntToDoubleFunction heapMib = c -> 100;
    private IntToDoubleFunction metaspaceMib = c -> 40;
    private IntToDoubleFunction directMib = c -> 8;
    private IntToDoubleFunction threads = c -> 50;
    private IntToDoubleFunction descriptors = c -> 200;
    private double heapNoiseMib;
    private double otherNoise;
    private Random random = new Random(0);

    static SyntheticRun cycles(int cycles) {
        SyntheticRun run = new SyntheticRun();
        run.cycles = cycles;
        return run;
    }

    SyntheticRun iterationsPerCycle(long iterations) {
        iterationsPerCycle = iterations;
        return this;
    }

    SyntheticRun secondsPerCycle(double seconds) {
        secondsPerCycle = seconds;
        return this;
    }

    SyntheticRun heapMib(IntToDoubleFunction f) {
        heapMib = f;
        return this;
    }

    SyntheticRun metaspaceMib(IntToDoubleFunction f) {
        metaspaceMib = f;
        return this;
    }

    SyntheticRun directMib(IntToDoubleFunction f) {
        directMib = f;
        return this;
    }

    SyntheticRun threads(IntToDoubleFunction f) {
        threads = f;
        return this;
    }

    SyntheticRun descriptors(IntToDoubleFunction f) {
        descriptors = f;
        return this;
    }

    /** Gaussian noise: {@code heapMib} standard deviation on heap, {@code other} (in MiB or units) on the rest. */
    SyntheticRun noise(long seed, double heapMib, double other) {
        random = new Random(seed);
        heapNoiseMib = heapMib;
        otherNoise = other;
        return this;
    }

    List<Cycle> build() {
        List<Cycle> list = new ArrayList<>();
        for (int c = 1; c <= cycles; c++) {
            list.add(new Cycle(
                    c,
                    c * iterationsPerCycle,
                    c * secondsPerCycle,
                    bytes(heapMib.applyAsDouble(c) + heapNoiseMib * random.nextGaussian()),
                    bytes(metaspaceMib.applyAsDouble(c) + otherNoise * random.nextGaussian()),
                    bytes(directMib.applyAsDouble(c) + otherNoise * random.nextGaussian()),
                    (int) Math.max(0, Math.round(threads.applyAsDouble(c) + otherNoise * random.nextGaussian())),
                    descriptors.applyAsDouble(c) < 0
                            ? Cycle.NOT_MEASURED
                            : Math.max(
                                    0, Math.round(descriptors.applyAsDouble(c) + otherNoise * random.nextGaussian()))));
        }
        return list;
    }

    private static long bytes(double mib) {
        return Math.max(0, Math.round(mib * MIB));
    }
}
