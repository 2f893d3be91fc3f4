package io.voiceload.toxiproxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of an enabled proxy: the bound socket, its accept loop and the connections it accepted. Closing it
 * (disable, delete, update) refuses new clients (the port is released: ECONNREFUSED) and closes every connection.
 */
final class Listener {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    private static final int BACKLOG = 1024;

    final String boundAddress;
    private final String proxyName;
    private final String upstream;
    private final ToxicCollection toxics;
    private final ServerSocketChannel channel;
    private final ProxyMetrics.Counters upstreamBytes;
    private final ProxyMetrics.Counters downstreamBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<Connection> connections = new HashSet<>(); // guarded by lock
    private boolean closed; // guarded by lock
    private Thread acceptThread;

    private Listener(
            String proxyName,
            String upstream,
            ToxicCollection toxics,
            ServerSocketChannel channel,
            ProxyMetrics metrics)
            throws IOException {
        this.proxyName = proxyName;
        this.upstream = upstream;
        this.toxics = toxics;
        this.channel = channel;
        this.boundAddress = GoTcpAddress.formatBound((InetSocketAddress) channel.getLocalAddress());
        this.upstreamBytes = metrics.counters(proxyName, boundAddress, upstream, Direction.UPSTREAM);
        this.downstreamBytes = metrics.counters(proxyName, boundAddress, upstream, Direction.DOWNSTREAM);
    }

    static Listener bind(
            String proxyName, InetSocketAddress address, String upstream, ToxicCollection toxics, ProxyMetrics metrics)
            throws IOException {
        ServerSocketChannel channel = ServerSocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, BACKLOG);
            return new Listener(proxyName, upstream, toxics, channel, metrics);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    void startAccepting() {
        acceptThread =
                Thread.ofVirtual().name("toxiproxy/" + proxyName + "/accept").start(this::acceptLoop);
    }

    private void acceptLoop() {
        while (true) {
            SocketChannel client;
            try {
                client = channel.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!channel.isOpen()) {
                    return;
                }
                LOG.warn("Proxy {}: error while accepting a client: {}", proxyName, e.toString());
                pause();
                continue;
            }
            Thread.ofVirtual().name("toxiproxy/" + proxyName + "/dial").start(() -> connect(client));
        }
    }

    /**
     * Dials upstream for one client; if that fails the client is closed at once, so it sees EOF rather than
     * "connection refused", as with Toxiproxy.
     */
    private void connect(SocketChannel client) {
        String clientName;
        SocketChannel up;
        try {
            clientName = String.valueOf(client.getRemoteAddress());
            up = GoTcpAddress.dial(upstream);
        } catch (IOException e) {
            LOG.debug("Proxy {}: unable to open connection to upstream {}: {}", proxyName, upstream, e.toString());
            Connection.closeQuietly(client);
            return;
        }
        try {
            client.setOption(StandardSocketOptions.TCP_NODELAY, true); // Go's default for TCP connections
            up.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException ignored) {
            // The links will notice a broken socket soon enough.
        }
        Connection connection = new Connection(clientName, this, toxics, client, up, upstreamBytes, downstreamBytes);
        boolean registered;
        lock.lock();
        try {
            registered = !closed && connections.add(connection);
        } finally {
            lock.unlock();
        }
        if (!registered) {
            connection.close();
            return;
        }
        toxics.startLinks(connection, "toxiproxy/" + proxyName + "/" + clientName);
    }

    void unregister(Connection connection) {
        lock.lock();
        try {
            connections.remove(connection);
        } finally {
            lock.unlock();
        }
    }

    int connectionCount() {
        lock.lock();
        try {
            return connections.size();
        } finally {
            lock.unlock();
        }
    }

    void close() {
        List<Connection> open;
        lock.lock();
        try {
            closed = true;
            open = new ArrayList<>(connections);
            connections.clear();
        } finally {
            lock.unlock();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("Proxy {}: closing the listener: {}", proxyName, e.toString());
        }
        // With the accept parked on a virtual thread, the JDK releases the socket only when that thread has left
        // accept(); wait for it, so that the port is free (re-enable, /reset) when this returns.
        joinUninterruptibly(acceptThread);
        open.forEach(Connection::close);
    }

    private static void joinUninterruptibly(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
