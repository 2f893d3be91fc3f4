package io.voiceload.toxiproxy;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One toxic on one link (Toxiproxy calls it a stub): an input queue, a swappable output and a virtual thread
 * running the toxic's {@link Pipe}. The link re-wires outputs when toxics are added or removed; see {@link Link}.
 */
final class ToxicStage {
    private static final int DEFAULT_CAPACITY = 64;
    /** Latency needs a deep buffer so that a full pipeline of chunks can wait out the delay (Toxiproxy: 1024). */
    private static final int LATENCY_CAPACITY = 1024;

    private final String linkName;
    private final ChunkQueue input;
    private final ReentrantLock emitLock = new ReentrantLock();
    private final SplittableRandom random;
    /** Per connection and direction; survives updates (only {@code limit_data} uses it: bytes sent so far). */
    final long[] state = new long[1];

    private volatile ChunkQueue output;
    private volatile ToxicSpec toxic;
    private volatile boolean finished;
    private boolean active;
    private Thread thread;

    ToxicStage(String linkName, ToxicSpec toxic, SplittableRandom random, ChunkQueue output) {
        this.linkName = linkName;
        this.toxic = toxic;
        this.random = random;
        this.output = output;
        this.input = new ChunkQueue(
                toxic != null && toxic.type() == ToxicKind.LATENCY ? LATENCY_CAPACITY : DEFAULT_CAPACITY);
    }

    ChunkQueue input() {
        return input;
    }

    ChunkQueue output() {
        return output;
    }

    ToxicSpec toxic() {
        return toxic;
    }

    SplittableRandom random() {
        return random;
    }

    /** The toxicity draw of the current run came out in favour of the toxic (always true for the entry stage). */
    boolean isActive() {
        return active;
    }

    /** This stage has passed on (or swallowed) the end of the stream: it will not run again. */
    boolean isFinished() {
        return finished;
    }

    /**
     * Starts a run. Toxicity is drawn here, as Toxiproxy draws it each time a stub starts: it is the fraction of
     * connections (per direction) affected, not of bytes. A losing draw runs a no-op instead.
     */
    void start() {
        ToxicSpec t = toxic;
        active = t == null || random.nextDouble() < t.toxicity();
        Pipe pipe = active && t != null ? t.type().pipe : NoopPipe.INSTANCE;
        Attributes attributes = t == null ? ToxicKind.NOOP.defaults() : t.attributes();
        String name = linkName + (t == null ? "/entry" : "/" + t.name());
        thread = Thread.ofVirtual().name(name).start(() -> {
            try {
                pipe.run(this, attributes);
            } catch (InterruptedException stopped) {
                // Stopped for a chain change or teardown; the pipe has passed on what it held.
            }
        });
    }

    /** Interrupts the run and waits for it to end; the chunk it held (if any) is in the output by then. */
    void stop() {
        Thread t = thread;
        thread = null;
        if (t == null) {
            return;
        }
        t.interrupt();
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** For teardown: no need to wait, the queues are closed and swallow whatever the pipe passes on. */
    void interrupt() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    void replaceToxic(ToxicSpec newToxic) {
        this.toxic = newToxic;
    }

    void swapOutput(ChunkQueue newOutput) {
        emitLock.lock();
        try {
            output = newOutput;
        } finally {
            emitLock.unlock();
        }
    }

    /**
     * Removes {@code removed} (this stage's successor, already stopped) from between this stage and its output:
     * what waits in its input moves on in order (or, for a closing removal, an EOF replaces it), and this stage
     * emits straight to the removed stage's output from now on. Done under the emit lock, so nothing this stage
     * emits can slip in between.
     */
    void bypass(ToxicStage removed, boolean closeLink) {
        emitLock.lock();
        try {
            if (closeLink) {
                removed.input.clear();
                removed.output.forcePut(Chunk.EOF);
            } else {
                removed.input.drainTo(removed.output);
            }
            output = removed.output;
        } finally {
            emitLock.unlock();
        }
    }

    // ---- helpers for pipes ----

    /**
     * The next chunk; direct-mode markers are passed straight on, they are not data. Checks for a stop first, so a
     * pipe that never blocks (a busy link through {@code latency 0}) still stops promptly.
     */
    Chunk take() throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        while (true) {
            Chunk c = input.take();
            if (!(c instanceof Chunk.Marker)) {
                return c;
            }
            emit(c);
        }
    }

    /** Like {@link #take()} but {@code null} once the deadline ({@link System#nanoTime()}) has passed. */
    Chunk poll(long deadlineNanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        while (true) {
            Chunk c = input.poll(deadlineNanos);
            if (!(c instanceof Chunk.Marker)) {
                return c;
            }
            emit(c);
        }
    }

    /** Passes a chunk on, waiting for room (back-pressure); if interrupted, passes it on anyway and rethrows. */
    void emit(Chunk c) throws InterruptedException {
        if (c.isEof()) {
            finished = true;
        }
        try {
            while (true) {
                ChunkQueue out;
                emitLock.lock();
                try {
                    out = output;
                    if (out.offer(c)) {
                        return;
                    }
                } finally {
                    emitLock.unlock();
                }
                out.awaitNotFull();
            }
        } catch (InterruptedException e) {
            flush(c);
            throw e;
        }
    }

    /**
     * Emits bytes {@code [from, to)} of {@code c} after pausing {@code pauseNanos}. If the stage is stopped
     * meanwhile, everything of {@code c} not yet passed on follows at once and the interruption is rethrown: a
     * toxic that sends a chunk in pieces (bandwidth, slicer) never loses or reorders a byte when removed.
     */
    void emitPiece(Chunk c, int from, int to, long pauseNanos) throws InterruptedException {
        if (pauseNanos > 0) {
            try {
                sleepUntil(System.nanoTime() + pauseNanos, null);
            } catch (InterruptedException stopped) {
                flush(c.from(from));
                throw stopped;
            }
        }
        try {
            emit(new Chunk(Arrays.copyOfRange(c.data, from, to), c.timestamp));
        } catch (InterruptedException stopped) {
            flush(c.from(to)); // emit passed the piece on; the rest follows it
            throw stopped;
        }
    }

    /** Passes a chunk on without waiting. */
    void flush(Chunk c) {
        if (c == null) {
            return;
        }
        if (c.isEof()) {
            finished = true;
        }
        emitLock.lock();
        try {
            output.forcePut(c);
        } finally {
            emitLock.unlock();
        }
    }

    /** Ends the stream on this link: everything emitted so far is written, then the destination is closed. */
    void closeLink() throws InterruptedException {
        emit(Chunk.EOF);
    }

    /** Sleeps until the deadline; if interrupted, flushes {@code held} and rethrows. */
    void sleepUntil(long deadlineNanos, Chunk held) throws InterruptedException {
        try {
            long left;
            while ((left = deadlineNanos - System.nanoTime()) > 0) {
                Thread.sleep(Duration.ofNanos(left));
            }
        } catch (InterruptedException e) {
            flush(held);
            throw e;
        }
    }

    /** Holds {@code held} until the stage is stopped (a stall), then flushes it and rethrows. */
    void holdUntilStopped(Chunk held) throws InterruptedException {
        try {
            while (true) {
                Thread.sleep(Duration.ofDays(1));
            }
        } catch (InterruptedException e) {
            flush(held);
            throw e;
        }
    }
}
