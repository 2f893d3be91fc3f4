package io.voiceload.toxiproxy;

import java.util.SplittableRandom;

/**
 * {@code latency}: each chunk leaves {@code latency ± jitter} ms after it arrived (its timestamp), so pipelined
 * data is delayed but not throttled; the timestamp then moves to the release time, so stacked latencies add up.
 *
 * <p>Our packet-loss extension ({@code loss_probability}, {@code retransmit_timeout}): every transmission of a chunk
 * is lost with that probability, and TCP would resend it after the retransmission timeout, doubling the timeout for
 * each repeated loss (exponential back-off, capped at 120 s like Linux's {@code TCP_RTO_MAX}). A chunk lost
 * {@code k} times thus arrives {@code rto × (2^k − 1)} ms late, and since this stage releases chunks in order, it
 * holds back every chunk behind it: head-of-line blocking. No byte is dropped or reordered. Probability 1 stalls the
 * link (like {@code bandwidth} 0) until the toxic changes.
 */
final class LatencyPipe implements Pipe {
    private static final long MAX_BACKOFF_NANOS = 120_000_000_000L;
    private static final long MS = 1_000_000L;

    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        long latencyNanos = attributes.getLong("latency") * MS;
        long jitterNanos = attributes.getLong("jitter") * MS;
        double loss = attributes.getDouble(ToxicKind.LOSS_PROBABILITY);
        long rtoNanos = attributes.getLong(ToxicKind.RETRANSMIT_TIMEOUT) * MS;
        SplittableRandom random = stage.random();
        while (true) {
            Chunk c = stage.take();
            if (c.isEof()) {
                stage.closeLink();
                return;
            }
            long delay = latencyNanos;
            if (jitterNanos > 0) {
                delay += random.nextLong(-jitterNanos, jitterNanos);
            }
            if (loss >= 1) {
                stage.holdUntilStopped(c);
            }
            if (loss > 0) {
                delay += retransmissionDelay(random, loss, rtoNanos);
            }
            long due = c.timestamp + delay;
            stage.sleepUntil(due, c);
            c.timestamp = due;
            stage.emit(c);
        }
    }

    /** Extra delay of one chunk: draws losses until a transmission gets through, backing off after each. */
    static long retransmissionDelay(SplittableRandom random, double loss, long rtoNanos) {
        long total = 0;
        long backoff = rtoNanos;
        while (random.nextDouble() < loss) {
            total += backoff;
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
        return total;
    }
}
