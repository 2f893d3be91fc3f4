package io.voiceload.toxiproxy;

import java.time.Duration;

/**
 * {@code reset_peer}: waits for the first chunk (or the end) in its direction, drops it, waits {@code timeout} ms
 * and closes the link. The close is a TCP RST only if the toxic existed when the connection was accepted, because
 * that is when {@code SO_LINGER 0} is set on both sockets ({@link ToxicCollection#startLinks}); added later it
 * closes with a FIN, as upstream.
 */
final class ResetPeerPipe implements Pipe {
    @Override
    public void run(ToxicStage stage, Attributes attributes) throws InterruptedException {
        long deadline;
        stage.take(); // dropped, whether data or the end of the stream
        deadline = System.nanoTime() + attributes.getLong("timeout") * 1_000_000L;
        // Upstream sleeps here without listening for interrupts, so a removal waits for the reset; so do we.
        boolean interrupted = false;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        stage.flush(Chunk.EOF);
        if (interrupted) {
            throw new InterruptedException();
        }
    }
}
