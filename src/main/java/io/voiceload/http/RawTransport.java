package io.voiceload.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link Transport#RAW}: a minimal HTTP/1.1 client over plain TCP for load generation, hand-written on purpose.
 *
 * <p>Why not a library: in {@code HttpClientBenchmark} (one generator core, 50 keep-alive users against nginx)
 * wrk spends about 10 µs of CPU per request, almost all of it in the kernel, and Vert.x/Netty, the cheapest
 * maintained Java client, about 23 µs: some 13 µs of user-space HTTP handling (codec, pipeline, futures, pool).
 * The same kernel work from a JVM with a minimal codec costs about 11 µs (raw NIO in the research). This
 * transport keeps only what a load generator needs: each request runs on the calling virtual thread over a
 * blocking {@link Socket} checked out of a keep-alive pool (the JDK parks the virtual thread on its poller when a
 * read would block, so there is no event loop and no hand-over), the request is written from the client's
 * pre-encoded pieces in one write, and the response is parsed by hand from a buffer the connection reuses.
 *
 * <p>Handles: Content-Length and chunked bodies; no body for HEAD, 1xx, 204 and 304; a body up to the close
 * when neither is given; {@code Connection: close} and HTTP/1.0 responses (the connection is not reused); a
 * pooled connection the server closed while idle (an idempotent request is retried once on a new connection,
 * any other fails). Bounds: connecting and waiting for a pooled connection by the connect timeout, writing the
 * request and reading the whole response by the request timeout (a watchdog thread, see {@link
 * #expireLateExchanges}). Not handled: TLS, HTTP/2, {@code Expect: 100-continue}, pipelining.
 */
final class RawTransport implements TransportClient {
    static final long WATCHDOG_TICK_MILLIS = 10;

    private final InetSocketAddress address;
    private final String where;
    private final byte[] hostLine;
    private final long connectTimeoutMillis;
    private final int maxConnections;
    /** Idle connections older than this are closed instead of reused: the server may have closed them. */
    private final long maxIdleNanos;

    private final Semaphore permits;
    /** Idle keep-alive connections, most recently used first (its buffers and socket are warm). */
    private final ConcurrentLinkedDeque<RawConnection> idle = new ConcurrentLinkedDeque<>();
    /** Every open connection, idle or in use, so that {@link #close()} can close them all. */
    private final Set<RawConnection> open = ConcurrentHashMap.newKeySet();

    private final Thread watchdog;
    private volatile boolean closed;

    RawTransport(String host, int port, long connectTimeoutMillis, int maxConnections, long maxIdleNanos) {
        this.address = InetSocketAddress.createUnresolved(host, port);
        this.where = host + ":" + port;
        String hostValue = port == 80 ? host : host + ":" + port;
        this.hostLine = ("Host: " + hostValue + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxConnections = maxConnections;
        this.maxIdleNanos = maxIdleNanos;
        this.permits = new Semaphore(maxConnections);
        this.watchdog = Thread.ofPlatform()
                .name("voiceload-raw-http-timeouts-" + where)
                .daemon()
                .start(this::expireLateExchanges);
    }

    /**
     * Bounds every exchange by its deadline from one thread that looks every {@value #WATCHDOG_TICK_MILLIS} ms,
     * instead of a timed read per request (see {@link RawConnection#exchange}): a late exchange gets its socket
     * closed and fails with {@link RequestTimeoutException}, at most one tick late.
     */
    private void expireLateExchanges() {
        while (!closed) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(WATCHDOG_TICK_MILLIS));
            long now = System.nanoTime();
            for (RawConnection c : open) {
                c.expireIfLate(now);
            }
        }
    }

    @Override
    public Reply exchange(
            String method, String target, List<String> headers, byte[] body, long timeoutMillis, String name) {
        acquirePermit(name);
        try {
            boolean retried = false;
            while (true) {
                RawConnection c = retried ? null : recentIdle(); // a retry must not meet another stale one
                boolean reused = c != null;
                if (c == null) {
                    c = connect(name);
                }
                try {
                    Reply reply = c.exchange(method, target, hostLine, headers, body, timeoutMillis);
                    if (c.reusable() && !closed) {
                        c.idleSince(System.nanoTime());
                        idle.offerFirst(c);
                    } else {
                        discard(c);
                    }
                    return reply;
                } catch (RawConnection.StaleConnectionException e) {
                    discard(c);
                    if (reused
                            && !retried
                            && !closed
                            && idempotent(method)
                            && !Thread.currentThread().isInterrupted()) {
                        retried = true; // the server closed it while it idled in the pool: once more on a new one
                        continue;
                    }
                    throw failure(name, e);
                } catch (IOException | RuntimeException | Error e) {
                    discard(c);
                    throw e instanceof IOException io ? failure(name, io) : sneaky(e);
                }
            }
        } finally {
            permits.release();
        }
    }

    /**
     * The most recently used idle connection, if it has been idle less than the limit. The pool is ordered by
     * last use, so once the first is too old, all are: they are closed (a server closes idle connections after
     * its own timeout; reusing one it has just closed would fail a non-idempotent request).
     */
    private RawConnection recentIdle() {
        long now = System.nanoTime();
        RawConnection c;
        while ((c = idle.pollFirst()) != null) {
            if (now - c.idleSince() < maxIdleNanos) {
                return c;
            }
            discard(c);
        }
        return null;
    }

    private void acquirePermit(String name) {
        if (permits.tryAcquire()) {
            return;
        }
        try {
            if (!permits.tryAcquire(connectTimeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new RequestTimeoutException(
                        name + ": no connection to " + where + " free within " + connectTimeoutMillis
                                + " ms (maxConnections = " + maxConnections + ", all in use)",
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpTransportException(name + ": interrupted while waiting for a connection", e);
        }
        if (closed) {
            permits.release();
            throw new IllegalStateException(name + ": this Http client is closed");
        }
    }

    private RawConnection connect(String name) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            // Resolved per connection, not per request: a load test sees DNS changes on new connections.
            socket.connect(
                    new InetSocketAddress(address.getHostString(), address.getPort()), (int) connectTimeoutMillis);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new RequestTimeoutException(
                    name + ": cannot connect to " + where + " within " + connectTimeoutMillis + " ms", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new HttpTransportException(
                    name + ": cannot connect to " + where + ": " + ExceptionMessages.firstLine(e), e);
        }
        RawConnection c;
        try {
            c = new RawConnection(socket);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new HttpTransportException(
                    name + ": connection to " + where + " failed: " + ExceptionMessages.firstLine(e), e);
        }
        open.add(c);
        if (closed) { // close() may have run before the add: it must not miss this one
            discard(c);
            throw new IllegalStateException(name + ": this Http client is closed");
        }
        return c;
    }

    private HttpTransportException failure(String name, IOException e) {
        if (e instanceof SocketTimeoutException) {
            return new RequestTimeoutException(
                    name + ": no complete response from " + where + " within the request timeout", e);
        }
        if (closed) {
            return new HttpTransportException(name + ": client closed while the request was in flight", e);
        }
        if (e instanceof ConnectException) {
            return new HttpTransportException(
                    name + ": cannot connect to " + where + ": " + ExceptionMessages.firstLine(e), e);
        }
        return new HttpTransportException(
                name + ": connection to " + where + " failed: " + ExceptionMessages.firstLine(e), e);
    }

    private static RuntimeException sneaky(Throwable t) {
        if (t instanceof Error err) {
            throw err;
        }
        return (RuntimeException) t;
    }

    /** Methods a server must treat as safe to repeat (RFC 9110 §9.2.2). */
    private static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    private void discard(RawConnection c) {
        open.remove(c);
        c.close();
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /** Number of open connections (idle or in use). */
    int openConnections() {
        return open.size();
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(watchdog);
        for (RawConnection c : open) {
            discard(c);
        }
        idle.clear();
        try {
            watchdog.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
