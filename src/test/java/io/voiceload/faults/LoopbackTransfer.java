package io.voiceload.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A TCP echo server on 127.0.0.1 and a client that sends {@code bytes} through it and reads them back, measuring
 * the wall time and the kernel's TCP retransmissions meanwhile ({@code RetransSegs} of {@code /proc/net/snmp}:
 * a count for the whole machine, so other traffic adds to it; loopback transfers of this size retransmit
 * nothing without loss).
 */
final class LoopbackTransfer implements AutoCloseable {

    /** One transfer: its wall time and the retransmitted segments counted meanwhile. */
    record Result(Duration time, long retransmits) {}

    private final ServerSocket server;
    private final Thread acceptor;

    private LoopbackTransfer(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofPlatform().daemon().name("echo-acceptor").start(this::acceptLoop);
    }

    /** An echo server on a free loopback port. */
    static LoopbackTransfer echoServer() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return new LoopbackTransfer(server);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Sends {@code bytes} and reads them back on one new connection, within {@code timeout}. */
    Result echo(int bytes, Duration timeout) throws Exception {
        long retransmitsBefore = retransmittedSegments();
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port()), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = socket.getOutputStream();
                    byte[] chunk = new byte[64 * 1024];
                    for (int sent = 0; sent < bytes; sent += chunk.length) {
                        out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                    }
                    socket.shutdownOutput();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            long received = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                received += n;
            }
            writer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (received != bytes) {
                throw new IllegalStateException("echoed " + received + " of " + bytes + " bytes");
            }
        }
        return new Result(Duration.ofNanos(System.nanoTime() - start), retransmittedSegments() - retransmitsBefore);
    }

    /** {@code Tcp: RetransSegs} of {@code /proc/net/snmp}. */
    static long retransmittedSegments() throws IOException {
        return retransmittedSegments(Files.readString(Path.of("/proc/net/snmp")));
    }

    /** {@code Tcp: RetransSegs} of the text of a {@code /proc/net/snmp}. */
    static long retransmittedSegments(String snmp) {
        List<String> tcp = snmp.lines().filter(l -> l.startsWith("Tcp:")).toList();
        List<String> names = List.of(tcp.get(0).split("\\s+"));
        String[] values = tcp.get(1).split("\\s+");
        return Long.parseLong(values[names.indexOf("RetransSegs")]);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofPlatform().daemon().start(() -> {
                    try (s) {
                        s.getInputStream().transferTo(s.getOutputStream());
                        s.shutdownOutput();
                    } catch (IOException e) {
                        // the client gave up
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
