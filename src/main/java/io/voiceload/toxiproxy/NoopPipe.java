package io.voiceload.toxiproxy;

/** Passes chunks through: the {@code noop} toxic, a stage whose toxicity draw failed, and each link's entry stage. */
final class NoopPipe implements Pipe {
    static final NoopPipe INSTANCE = new NoopPipe();

    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        while (true) {
            Chunk c = stage.take();
            if (c.isEof()) {
                stage.closeLink();
                return;
            }
            stage.emit(c);
        }
    }
}
