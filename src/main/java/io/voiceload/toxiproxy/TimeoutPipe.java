package io.voiceload.toxiproxy;

/**
 * {@code timeout}: drops all data. With {@code timeout > 0} the link closes that many ms after this stage started
 * (not after data arrived); with 0 it never closes (a blackhole). Removing the toxic closes the links where it was
 * active; {@link Link#removeStage} does that.
 */
final class TimeoutPipe implements Pipe {
    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        long timeout = attributes.getLong("timeout");
        long deadline = System.nanoTime() + timeout * 1_000_000L;
        while (true) {
            Chunk c = timeout > 0 ? stage.poll(deadline) : stage.take();
            if (c == null || c.isEof()) {
                stage.closeLink();
                return;
            }
        }
    }
}
