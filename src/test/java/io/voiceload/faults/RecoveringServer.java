package io.voiceload.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * A TCP server on loopback whose recovery time is known: it answers each line with {@code ok}, except for exactly
 * {@link #errorNanos} after traffic comes back from a silence of at least {@link #GAP_NANOS} (a partition of the
 * proxy in front of it healed), when it answers {@code err}. It learns of the heal from the first connection that
 * crosses the healed proxy, a few milliseconds after it.
 */
public final class RecoveringServer implements AutoCloseable {
    /** A silence this long is a fault (a partition), not a pause between iterations. */
    static final long GAP_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

    private final ServerSocket socket;
    private volatile long errorNanos;
    private long lastRequest = Long.MIN_VALUE; // guarded by this
    private long errorsUntil = Long.MIN_VALUE; // guarded by this
    private volatile long backAt = Long.MIN_VALUE;

    private RecoveringServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on a free loopback port until closed. */
    public static RecoveringServer start() throws IOException {
        RecoveringServer server = new RecoveringServer(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(server::serve);
        return server;
    }

    /** Forgets the traffic so far; from now on errs for {@code millis} after each return of traffic. */
    public synchronized void reset(long millis) {
        errorNanos = TimeUnit.MILLISECONDS.toNanos(millis);
        lastRequest = Long.MIN_VALUE;
        errorsUntil = Long.MIN_VALUE;
        backAt = Long.MIN_VALUE;
    }

    /** When traffic last came back ({@link System#nanoTime()}), or {@link Long#MIN_VALUE}. */
    public long backAt() {
        return backAt;
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + socket.getLocalPort();
    }

    private synchronized boolean ok() {
        long now = System.nanoTime();
        if (lastRequest != Long.MIN_VALUE && now - lastRequest >= GAP_NANOS) {
            errorsUntil = now + errorNanos;
            backAt = now;
        }
        lastRequest = now;
        return now >= errorsUntil;
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread.ofVirtual().start(() -> answer(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(Socket s) {
        try (s;
                BufferedReader in =
                        new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                OutputStream out = s.getOutputStream()) {
            while (in.readLine() != null) {
                out.write((ok() ? "ok\n" : "err\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException ignored) {
            // a fault cut it
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
