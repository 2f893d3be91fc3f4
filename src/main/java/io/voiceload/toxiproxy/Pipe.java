package io.voiceload.toxiproxy;

/**
 * What one toxic does to the chunks of one link: takes from its stage's input and emits to its output until the
 * stream ends or the stage is stopped.
 *
 * <p>Contract: a pipe never loses a chunk it holds. Stopping a stage interrupts its thread; the {@link Stage}
 * helpers ({@link Stage#emit}, {@link Stage#sleepUntil}, {@link Stage#holdUntilStopped}) then pass on the chunk
 * being held and rethrow, so toxics can be added, updated and removed on live connections without losing or
 * reordering bytes.
 */
interface Pipe {
    void run(Stage stage, Attributes attributes) throws InterruptedException;
}
