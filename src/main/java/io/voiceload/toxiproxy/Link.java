package io.voiceload.toxiproxy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One direction of a proxied connection: reads chunks from {@code source}, runs them through the toxics of its
 * direction, writes them to {@code dest}.
 *
 * <p>Written by hand because no Java library does this: NetCrusher (unmaintained since 2016) has throttlers but
 * neither Toxiproxy's toxics nor changing them on live connections. The shape follows Toxiproxy's link (a chain of
 * stages joined by queues, one thread each, here virtual threads), with one addition for speed:
 *
 * <ul>
 *   <li><b>Direct mode.</b> While the direction has no toxic, the reader thread writes what it read straight to
 *       {@code dest}: no copy, no hand-off, so an idle proxy adds little latency. Adding a toxic switches to staged
 *       mode at once (the reader's own earlier writes are necessarily done first). Going back waits for a
 *       {@link Chunk.Marker} sent through the chain to reach the writer, so bytes still in flight are not overtaken.
 *   <li><b>Staged mode.</b> reader → entry stage → toxic stages → writer. The entry stage is a fixed no-op, so the
 *       reader always writes to the same queue; toxics are appended after it and removed from anywhere by re-wiring
 *       the previous stage's output ({@link ToxicStage#bypass}).
 * </ul>
 *
 * <p>At the end of the stream the destination gets a full close, not a half-close, as Toxiproxy does.
 */
final class Link {
    /** Chunk size in staged mode: Toxiproxy reads 32 KiB at a time. */
    static final int CHUNK_SIZE = 32 * 1024;
    /** Read size in direct mode, where chunk boundaries do not matter: fewer system calls. */
    private static final int DIRECT_READ_SIZE = 64 * 1024;

    private static final int QUEUE_CAPACITY = 64;

    final Direction direction;
    private final String name;
    private final Connection connection;
    private final SocketChannel source;
    private final SocketChannel dest;
    private final ProxyMetrics.Counters bytes;
    private final ToxicStage entry;
    private final ChunkQueue output = new ChunkQueue(QUEUE_CAPACITY);
    private final ReentrantLock chainLock = new ReentrantLock();
    private final List<ToxicStage> stages = new ArrayList<>(); // guarded by chainLock
    private final AtomicBoolean finished = new AtomicBoolean();
    private volatile boolean direct;
    private volatile boolean noToxics;
    private volatile Chunk.Marker pendingMarker;

    Link(
            String name,
            Connection connection,
            Direction direction,
            SocketChannel source,
            SocketChannel dest,
            List<ToxicSpec> toxics,
            Supplier<SplittableRandom> randoms) {
        this.name = name;
        this.connection = connection;
        this.direction = direction;
        this.source = source;
        this.dest = dest;
        this.bytes = connection.bytes(direction);
        this.entry = new ToxicStage(name, null, null, output);
        ToxicStage previous = entry;
        for (ToxicSpec toxic : toxics) {
            ToxicStage stage = new ToxicStage(name, toxic, randoms.get(), output);
            previous.swapOutput(stage.input());
            stages.add(stage);
            previous = stage;
        }
        noToxics = stages.isEmpty();
        direct = noToxics;
    }

    void start() {
        chainLock.lock();
        try {
            entry.start();
            stages.forEach(ToxicStage::start);
        } finally {
            chainLock.unlock();
        }
        Thread.ofVirtual().name(name + "/writer").start(this::writeLoop);
        Thread.ofVirtual().name(name + "/reader").start(this::readLoop);
    }

    boolean isFinished() {
        return finished.get();
    }

    // ---- chain changes (called with the toxic collection's lock held) ----

    void appendStage(ToxicSpec toxic, SplittableRandom random) {
        chainLock.lock();
        try {
            if (finished.get()) {
                return;
            }
            ToxicStage stage = new ToxicStage(name, toxic, random, output);
            ToxicStage last = stages.isEmpty() ? entry : stages.get(stages.size() - 1);
            last.swapOutput(stage.input());
            stages.add(stage);
            noToxics = false;
            direct = false;
            stage.start();
        } finally {
            chainLock.unlock();
        }
    }

    void updateStage(ToxicSpec toxic) {
        chainLock.lock();
        try {
            int i = indexOf(toxic.name());
            if (finished.get() || i < 0) {
                return;
            }
            ToxicStage stage = stages.get(i);
            stage.stop();
            stage.replaceToxic(toxic);
            if (!stage.isFinished()) {
                stage.start();
            }
        } finally {
            chainLock.unlock();
        }
    }

    /**
     * Removes a toxic without losing or reordering bytes: the stage passes on what it held, what waits in its input
     * moves on, and the previous stage then emits straight to the removed stage's output. Removing an active
     * {@code timeout} closes the link instead (Toxiproxy's cleanup for that toxic).
     */
    void removeStage(String toxicName) {
        chainLock.lock();
        try {
            int i = indexOf(toxicName);
            if (finished.get() || i < 0) {
                return;
            }
            ToxicStage stage = stages.get(i);
            ToxicStage previous = i == 0 ? entry : stages.get(i - 1);
            stage.stop();
            boolean closes = stage.isActive() && stage.toxic().type() == ToxicKind.TIMEOUT && !stage.isFinished();
            previous.bypass(stage, closes);
            stages.remove(i);
            noToxics = stages.isEmpty();
        } finally {
            chainLock.unlock();
        }
    }

    private int indexOf(String toxicName) {
        for (int i = 0; i < stages.size(); i++) {
            if (stages.get(i).toxic().name().equals(toxicName)) {
                return i;
            }
        }
        return -1;
    }

    // ---- data path ----

    private void readLoop() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(DIRECT_READ_SIZE);
        try {
            while (true) {
                buffer.clear();
                if (!direct) {
                    buffer.limit(CHUNK_SIZE);
                }
                int n;
                try {
                    n = source.read(buffer);
                } catch (IOException e) {
                    n = -1; // reset, or closed by the other direction or a stop: the end of this stream
                }
                long arrival = System.nanoTime();
                if (n < 0) {
                    if (direct) {
                        finish();
                    } else {
                        chainInput().put(Chunk.EOF);
                    }
                    return;
                }
                if (n == 0) {
                    continue;
                }
                bytes.received.add(n);
                buffer.flip();
                if (!direct && noToxics && !finished.get()) {
                    returnToDirect();
                }
                if (direct) {
                    if (!writeFully(buffer)) {
                        finish();
                        return;
                    }
                } else {
                    byte[] data = new byte[n];
                    buffer.get(data);
                    chainInput().put(new Chunk(data, arrival));
                    if (finished.get()) {
                        return; // the other direction's end closes the source
                    }
                }
            }
        } catch (InterruptedException e) {
            finish();
        }
    }

    private ChunkQueue chainInput() {
        return entry.input();
    }

    /**
     * Back to direct copying once the last toxic is gone: only after everything already handed to the chain has
     * been written, which the marker proves. The reader is the only producer, so nothing can follow the marker.
     */
    private void returnToDirect() throws InterruptedException {
        Chunk.Marker marker = new Chunk.Marker();
        pendingMarker = marker;
        if (finished.get()) {
            return;
        }
        chainInput().put(marker);
        marker.await();
        chainLock.lock();
        try {
            if (stages.isEmpty() && !finished.get()) {
                direct = true;
            }
        } finally {
            chainLock.unlock();
        }
    }

    private void writeLoop() {
        ByteBuffer buffer = null;
        while (true) {
            Chunk c;
            try {
                c = output.take();
            } catch (InterruptedException e) {
                finish();
                return;
            }
            if (c instanceof Chunk.Marker marker) {
                marker.release();
                continue;
            }
            if (c.isEof()) {
                finish();
                return;
            }
            if (buffer == null) {
                buffer = ByteBuffer.allocateDirect(CHUNK_SIZE);
            }
            for (int offset = 0; offset < c.data.length; ) {
                int length = Math.min(buffer.capacity(), c.data.length - offset);
                buffer.clear();
                buffer.put(c.data, offset, length).flip();
                if (!writeFully(buffer)) {
                    finish();
                    return;
                }
                offset += length;
            }
        }
    }

    private boolean writeFully(ByteBuffer buffer) {
        try {
            while (buffer.hasRemaining()) {
                bytes.sent.add(dest.write(buffer));
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Ends this link: closes the destination (a full close; an RST if {@code SO_LINGER 0} was set), releases a
     * waiting reader and stops every stage. The source stays open until the other direction ends, as upstream.
     */
    void finish() {
        if (!finished.compareAndSet(false, true)) {
            return;
        }
        Connection.closeQuietly(dest);
        Chunk.Marker marker = pendingMarker;
        if (marker != null) {
            marker.release();
        }
        chainLock.lock();
        try {
            output.close();
            entry.input().close();
            entry.interrupt();
            for (ToxicStage stage : stages) {
                stage.input().close();
                stage.interrupt();
            }
        } finally {
            chainLock.unlock();
        }
        connection.linkFinished(this);
    }
}
