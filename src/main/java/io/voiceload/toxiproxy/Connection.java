package io.voiceload.toxiproxy;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/** A client accepted by a proxy and its upstream connection, joined by two {@link Link}s. */
final class Connection {
    final String name;
    final SocketChannel client;
    final SocketChannel upstream;
    private final Listener listener;
    private final ToxicCollection toxics;
    private final ProxyMetrics.Counters upstreamBytes;
    private final ProxyMetrics.Counters downstreamBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger finishedLinks = new AtomicInteger();
    private boolean closed;
    private Link upstreamLink;
    private Link downstreamLink;

    Connection(
            String name,
            Listener listener,
            ToxicCollection toxics,
            SocketChannel client,
            SocketChannel upstream,
            ProxyMetrics.Counters upstreamBytes,
            ProxyMetrics.Counters downstreamBytes) {
        this.name = name;
        this.upstreamBytes = upstreamBytes;
        this.downstreamBytes = downstreamBytes;
        this.listener = listener;
        this.toxics = toxics;
        this.client = client;
        this.upstream = upstream;
    }

    /** The byte counters of one direction of this connection's proxy. */
    ProxyMetrics.Counters bytes(Direction direction) {
        return direction == Direction.UPSTREAM ? upstreamBytes : downstreamBytes;
    }

    /** Returns false (and the caller drops the links) if the connection was closed in the meantime. */
    boolean attach(Link up, Link down) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            upstreamLink = up;
            downstreamLink = down;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Closes both sockets and stops both links (a proxy stop or delete). */
    void close() {
        Link up;
        Link down;
        lock.lock();
        try {
            closed = true;
            up = upstreamLink;
            down = downstreamLink;
        } finally {
            lock.unlock();
        }
        closeQuietly(client);
        closeQuietly(upstream);
        if (up != null) {
            up.finish();
        }
        if (down != null) {
            down.finish();
        }
    }

    void linkFinished(Link link) {
        toxics.unregister(link);
        if (finishedLinks.incrementAndGet() == 2) {
            listener.unregister(this);
        }
    }

    static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is all we wanted.
        }
    }
}
