package io.voiceload.toxiproxy;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * {@code slicer}: splits each chunk into pieces of about {@code average_size ± size_variation} bytes and waits
 * {@code delay} µs before each piece. Content is unchanged. {@link ToxicKind#validate} rejects the settings for which
 * upstream hangs or panics.
 */
final class SlicerPipe implements Pipe {
    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        int average = (int) Math.min(Integer.MAX_VALUE, attributes.getLong("average_size"));
        int variation = (int) Math.min(Integer.MAX_VALUE, attributes.getLong("size_variation"));
        long delayNanos = attributes.getLong("delay") * 1_000L;
        while (true) {
            Chunk c = stage.take();
            if (c.isEof()) {
                stage.closeLink();
                return;
            }
            int[] ends = cuts(c.data.length, average, variation, stage.random());
            int start = 0;
            for (int end : ends) {
                stage.emitPiece(c, start, end, delayNanos);
                start = end;
            }
        }
    }

    /**
     * End offsets of the pieces of a {@code length}-byte chunk: halve (shifted by up to ± variation) until every piece
     * is at most {@code average + variation}. With {@code 0 <= variation < average} no piece is empty.
     */
    static int[] cuts(int length, int average, int variation, SplittableRandom random) {
        Cuts cuts = new Cuts(length / average + 2);
        cuts.split(0, length, average, variation, random);
        return Arrays.copyOf(cuts.ends, cuts.count);
    }

    private static final class Cuts {
        int[] ends;
        int count;

        Cuts(int expected) {
            ends = new int[expected];
        }

        void split(int from, int to, int average, int variation, SplittableRandom random) {
            int size = to - from;
            if (size <= average + variation) {
                if (count == ends.length) {
                    ends = Arrays.copyOf(ends, count * 2);
                }
                ends[count++] = to;
                return;
            }
            int mid = from + size / 2 + (variation > 0 ? random.nextInt(-variation, variation + 1) : 0);
            split(from, mid, average, variation, random);
            split(mid, to, average, variation, random);
        }
    }
}
