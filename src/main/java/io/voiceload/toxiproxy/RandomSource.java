package io.voiceload.toxiproxy;

import java.util.SplittableRandom;

/**
 * The server's seeded randomness. Each stage gets its own generator split from this one when it is created, so the
 * draws (toxicity, jitter, losses, slice sizes) of a given sequence of API calls and connections repeat with a seed.
 */
final class RandomSource {
    private final SplittableRandom root;

    RandomSource(long seed) {
        this.root = new SplittableRandom(seed);
    }

    synchronized SplittableRandom next() {
        return root.split();
    }
}
