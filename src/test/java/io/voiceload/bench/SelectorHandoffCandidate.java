package io.voiceload.bench;

import io.voiceload.load.VirtualUser;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Option 2 of the raw-transport experiment, reduced to what prices it: one NIO selector thread owns every
 * connection; a virtual user hands its request over (a queue and, only when the selector sleeps, a wake-up) and
 * parks until the selector thread has parsed the response and unparks it. {@code GET /} with a Content-Length
 * answer only: enough to measure the hand-over against {@code Transport.RAW}'s blocking sockets, not a client.
 */
// close() waits for a process or an event loop to stop, so it may throw InterruptedException; only a
// benchmark's main thread closes these and nothing interrupts it, so no interrupt can be lost.
@SuppressWarnings("try")
final class SelectorHandoffCandidate implements ClientCandidates.Candidate {

    private final Selector selector;
    private final Thread loop;
    private final LinkedBlockingQueue<Conn> idle = new LinkedBlockingQueue<>();
    private final ConcurrentLinkedQueue<Conn> submitted = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final byte[] request;
    private volatile boolean closed;

    private static final class Conn {
        final SocketChannel channel;
        final ByteBuffer in = ByteBuffer.allocate(16 * 1024);
        volatile Thread waiter;
        volatile int status;

        Conn(SocketChannel channel) {
            this.channel = channel;
        }
    }

    SelectorHandoffCandidate(String baseUrl, int users) throws IOException {
        URI uri = URI.create(baseUrl);
        request = ("GET / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        selector = Selector.open();
        for (int i = 0; i < users; i++) {
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.configureBlocking(false);
            Conn c = new Conn(ch);
            ch.register(selector, SelectionKey.OP_READ, c);
            idle.add(c);
        }
        loop = Thread.ofPlatform().name("selector-handoff").daemon().start(this::run);
    }

    @Override
    public void run(VirtualUser user) throws Exception {
        user.time(ClientCandidates.NAME, () -> {
            Conn c = idle.poll(5, TimeUnit.SECONDS);
            if (c == null) {
                throw new IllegalStateException("no connection");
            }
            c.status = 0;
            c.waiter = Thread.currentThread();
            submitted.add(c);
            if (sleeping.compareAndSet(true, false)) {
                selector.wakeup();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (c.status == 0) {
                LockSupport.park(this);
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timeout");
                }
            }
            int status = c.status;
            idle.add(c);
            if (status != 200) {
                throw new IllegalStateException("status " + status);
            }
            return null;
        });
    }

    private void run() {
        ByteBuffer out = ByteBuffer.wrap(request);
        try {
            while (!closed) {
                sleeping.set(true);
                if (submitted.isEmpty()) {
                    selector.select(100);
                }
                sleeping.set(false);
                Conn c;
                while ((c = submitted.poll()) != null) {
                    out.clear();
                    c.channel.write(out); // about 60 bytes into an empty socket buffer: always whole
                }
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    Conn conn = (Conn) key.attachment();
                    if (conn.channel.read(conn.in) < 0) {
                        key.cancel();
                        continue;
                    }
                    int status = parse(conn.in);
                    if (status > 0) {
                        conn.in.clear();
                        conn.status = status;
                        LockSupport.unpark(conn.waiter);
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The status once the whole Content-Length response is in the buffer, else 0. */
    private static int parse(ByteBuffer in) {
        byte[] b = in.array();
        int lim = in.position();
        int headEnd = -1;
        for (int i = 3; i < lim; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                headEnd = i + 1;
                break;
            }
        }
        if (headEnd < 0) {
            return 0;
        }
        int length = 0;
        String head = new String(b, 0, headEnd, StandardCharsets.ISO_8859_1);
        int at = indexOfIgnoreCase(head, "\ncontent-length:");
        if (at >= 0) {
            int end = head.indexOf('\r', at);
            length = Integer.parseInt(head.substring(at + 16, end).strip());
        }
        if (lim < headEnd + length) {
            return 0;
        }
        return (b[9] - '0') * 100 + (b[10] - '0') * 10 + (b[11] - '0');
    }

    private static int indexOfIgnoreCase(String s, String needle) {
        for (int i = 0; i + needle.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, needle, 0, needle.length())) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws Exception {
        closed = true;
        selector.wakeup();
        loop.join(5_000);
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }
}
