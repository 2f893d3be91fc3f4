package io.voiceload.toxiproxy;

/**
 * {@code bandwidth}: at most {@code rate} KB/s (1 KB = 1000 bytes). Each chunk costs {@code length / rate} ms,
 * accumulated so that oversleeping is paid back; a chunk larger than 100 ms worth goes out in 100 ms slices.
 * A rate of 0 or less stalls the link without dropping anything: the held chunk is passed on when the toxic is
 * removed or updated (Testcontainers' {@code setConnectionCut} relies on this).
 */
final class BandwidthPipe implements Pipe {
    private static final long SLICE_NANOS = 100_000_000L;

    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        long rate = attributes.getLong("rate");
        long sliceBytes = rate > Long.MAX_VALUE / 100 ? Long.MAX_VALUE : rate * 100;
        long debtNanos = 0;
        while (true) {
            Chunk c = stage.take();
            if (c.isEof()) {
                stage.closeLink();
                return;
            }
            if (rate <= 0) {
                stage.holdUntilStopped(c);
            }
            debtNanos += c.data.length * 1_000_000L / rate;
            int offset = 0;
            while (c.data.length - offset > sliceBytes) {
                int end = offset + (int) sliceBytes;
                stage.emitPiece(c, offset, end, SLICE_NANOS);
                offset = end;
                debtNanos -= SLICE_NANOS;
            }
            Chunk rest = c.from(offset);
            long start = System.nanoTime();
            stage.sleepUntil(start + debtNanos, rest);
            debtNanos -= System.nanoTime() - start;
            stage.emit(rest);
        }
    }
}
