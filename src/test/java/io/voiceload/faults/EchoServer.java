package io.voiceload.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A TCP server on loopback that sends back what it receives, a virtual thread per connection: a proxy's upstream. */
public final class EchoServer implements AutoCloseable {
    private final ServerSocket socket;

    private EchoServer(ServerSocket socket) {
        this.socket = socket;
    }

    /** Listens on a free loopback port until closed. */
    public static EchoServer start() throws IOException {
        EchoServer server = new EchoServer(new ServerSocket(0, 100, InetAddress.getLoopbackAddress()));
        Thread.ofVirtual().start(server::serve);
        return server;
    }

    /**
     * Sends {@code ping} through the proxy {@code proxy} of the shared infrastructure (to an echo server behind it)
     * and reads the echo, within 300 ms each way: one round trip for a load test's iteration.
     *
     * @throws IOException refused, reset, cut or silent: what a fault on the proxy does
     */
    public static void pingThrough(String proxy) throws IOException {
        io.voiceload.infra.HostPort address =
                io.voiceload.infra.RunningInfrastructure.shared().reachable(proxy);
        try (Socket s = new Socket()) {
            s.connect(new java.net.InetSocketAddress(address.host(), address.port()), 300);
            s.setSoTimeout(300);
            s.getOutputStream().write("ping".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getInputStream().readNBytes(4);
        }
    }

    /** {@code 127.0.0.1:<port>}. */
    public String address() {
        return "127.0.0.1:" + port();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                Thread.ofVirtual().start(() -> {
                    try (s;
                            InputStream in = s.getInputStream();
                            OutputStream out = s.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException ignored) {
                        // a fault cut it
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
