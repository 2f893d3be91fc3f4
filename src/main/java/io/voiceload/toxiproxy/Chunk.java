package io.voiceload.toxiproxy;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/**
 * One {@code read()} worth of bytes on a link, stamped with its arrival time: the unit every toxic works on.
 *
 * <p>The timestamp is what lets latency be counted from arrival (so pipelined data is not throttled); a latency
 * toxic advances it by the delay it applied, which is how two stacked latency toxics add up.
 */
class Chunk {
    /** End of stream: the link's source reached EOF, or a toxic closes the link. Never mutated. */
    static final Chunk EOF = new Chunk(new byte[0], 0);

    final byte[] data;
    long timestamp;

    Chunk(byte[] data, long timestampNanos) {
        this.data = data;
        this.timestamp = timestampNanos;
    }

    final boolean isEof() {
        return this == EOF;
    }

    /** The bytes from {@code offset} on, keeping the timestamp: this chunk for 0, {@code null} if none are left. */
    final Chunk from(int offset) {
        if (offset == 0) {
            return this;
        }
        return offset >= data.length ? null : new Chunk(Arrays.copyOfRange(data, offset, data.length), timestamp);
    }

    /**
     * Travels through the chain behind everything enqueued before it; the writer releases it once all of that has
     * been written. The reader uses it to switch a link back to direct copying without reordering bytes.
     */
    static final class Marker extends Chunk {
        private final CountDownLatch written = new CountDownLatch(1);

        Marker() {
            super(new byte[0], 0);
        }

        void release() {
            written.countDown();
        }

        void await() throws InterruptedException {
            written.await();
        }
    }
}
