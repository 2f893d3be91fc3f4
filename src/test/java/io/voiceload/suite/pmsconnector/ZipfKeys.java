package io.voiceload.suite.pmsconnector;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.apache.commons.math3.distribution.ZipfDistribution;

/**
 * Keys drawn by a Zipf law: the key of rank {@code k} (1-based) with probability ∝ {@code 1/k^s}, as the reads of a
 * cache are in practice (a few guests and reservations asked for again and again, a long tail asked for once). The law
 * is Commons Math's {@link ZipfDistribution}; the draws come from the virtual user's own seeded generator (so a seed
 * replays them), by inverse CDF over a table built once: {@code ZipfDistribution#sample} would draw from a generator of
 * its own, shared by every thread.
 */
final class ZipfKeys {
    private final List<String> keys;
    private final double[] cumulative;

    /** {@code keys} in rank order (the first the most asked for), drawn with exponent {@code s > 0}. */
    ZipfKeys(List<String> keys, double s) {
        this.keys = List.copyOf(keys);
        ZipfDistribution zipf = new ZipfDistribution(keys.size(), s);
        this.cumulative = new double[keys.size()];
        for (int k = 1; k <= keys.size(); k++) {
            cumulative[k - 1] = zipf.cumulativeProbability(k);
        }
    }

    /** One key, drawn from {@code random}. */
    String draw(RandomGenerator random) {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cumulative, u);
        int rank = i >= 0 ? i : Math.min(-i - 1, keys.size() - 1);
        return keys.get(rank);
    }

    /** The keys, most asked for first. */
    List<String> keys() {
        return keys;
    }
}
