package io.voiceload.toxiproxy;

/** {@code slow_close}: data passes unchanged; the end of the stream is held back for {@code delay} ms. */
final class SlowClosePipe implements Pipe {
    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        long delayNanos = attributes.getLong("delay") * 1_000_000L;
        while (true) {
            Chunk c = stage.take();
            if (c.isEof()) {
                stage.sleepUntil(System.nanoTime() + delayNanos, Chunk.EOF);
                stage.closeLink();
                return;
            }
            stage.emit(c);
        }
    }
}
