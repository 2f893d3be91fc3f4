package io.voiceload.toxiproxy;

/**
 * What one toxic does to the chunks of one link: takes from its stage's input and emits to its output until the
 * stream ends or the stage is stopped.
 *
 * <p>Contract: a pipe never loses a chunk it holds. Stopping a stage interrupts its thread; the {@link ToxicStage}
 * helpers ({@link ToxicStage#emit}, {@link ToxicStage#sleepUntil}, {@link ToxicStage#holdUntilStopped}) then pass on the chunk
 * being held and rethrow, so toxics can be added, updated and removed on live connections without losing or
 * reordering bytes.
 */
interface Pipe {
    void run(ToxicStage stage, Attributes attributes) throws InterruptedException;
}
