package io.voiceload.toxiproxy;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between two stages of a link. Bounded for back-pressure on the normal path, but chain changes and
 * interrupted stages may push past the bound ({@link #forcePut}) so that re-wiring a link never blocks on a stalled
 * toxic and never drops a byte. Once closed (the link is torn down) it discards puts and hands out {@link Chunk#EOF}.
 */
final class ChunkQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final Condition notFull = lock.newCondition();
    private final ArrayDeque<Chunk> items = new ArrayDeque<>();
    private final int capacity;
    private boolean closed;

    ChunkQueue(int capacity) {
        this.capacity = capacity;
    }

    void put(Chunk chunk) throws InterruptedException {
        lock.lock();
        try {
            while (items.size() >= capacity && !closed) {
                notFull.await();
            }
            if (!closed) {
                items.addLast(chunk);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Adds the chunk unless the queue is full; a closed queue swallows it and reports success. */
    boolean offer(Chunk chunk) {
        lock.lock();
        try {
            if (closed) {
                return true;
            }
            if (items.size() >= capacity) {
                return false;
            }
            items.addLast(chunk);
            notEmpty.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    void forcePut(Chunk chunk) {
        lock.lock();
        try {
            if (!closed) {
                items.addLast(chunk);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    Chunk take() throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty() && !closed) {
                notEmpty.await();
            }
            return closed ? Chunk.EOF : dequeue();
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #take()}, but returns {@code null} once {@code deadlineNanos} (a {@link System#nanoTime()}) passes. */
    Chunk poll(long deadlineNanos) throws InterruptedException {
        lock.lock();
        try {
            while (items.isEmpty() && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                notEmpty.awaitNanos(left);
            }
            return closed ? Chunk.EOF : dequeue();
        } finally {
            lock.unlock();
        }
    }

    /** Returns when there is room (or the queue was closed or drained); callers re-check, as the wiring may change. */
    void awaitNotFull() throws InterruptedException {
        lock.lock();
        try {
            while (items.size() >= capacity && !closed) {
                notFull.await(100, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves every queued chunk, in order, to the end of {@code target}. */
    void drainTo(ChunkQueue target) {
        lock.lock();
        try {
            Chunk c;
            while ((c = items.pollFirst()) != null) {
                target.forcePut(c);
            }
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void clear() {
        lock.lock();
        try {
            items.clear();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            items.clear();
            notEmpty.signalAll();
            notFull.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private Chunk dequeue() {
        Chunk c = items.pollFirst();
        if (items.size() < capacity) {
            notFull.signalAll();
        }
        return c;
    }
}
