package io.voiceload.toxiproxy;

import java.util.Arrays;

/**
 * {@code limit_data}: forwards at most {@code bytes} per connection and direction (truncating the chunk that
 * crosses the limit), then closes the link. The count lives in the stage, so it survives updates. With 0 it closes on
 * the first chunk without forwarding it.
 */
final class LimitDataPipe implements Pipe {
    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        long limit = attributes.getLong("bytes");
        long[] sent = stage.state;
        while (true) {
            Chunk c = stage.take();
            if (c.isEof()) {
                stage.closeLink();
                return;
            }
            long remaining = Math.max(0, limit - sent[0]);
            Chunk out = c.data.length > remaining ? new Chunk(Arrays.copyOf(c.data, (int) remaining), c.timestamp) : c;
            if (out.data.length > 0) {
                sent[0] += out.data.length;
                stage.emit(out);
            }
            if (limit - sent[0] <= 0) {
                stage.closeLink();
                return;
            }
        }
    }
}
