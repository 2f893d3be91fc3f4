package io.voiceload.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** A TCP server on 127.0.0.1, port 0, running a handler per accepted connection on a virtual thread. */
final class TestServer implements AutoCloseable {
    @FunctionalInterface
    interface Handler {
        void handle(Socket socket) throws IOException, InterruptedException;
    }

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private TestServer(Handler handler) throws IOException {
        server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("test-server-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    sockets.add(s);
                    Thread.ofVirtual().name("test-server-conn").start(() -> {
                        try (s) {
                            handler.handle(s);
                        } catch (IOException | InterruptedException ignored) {
                            // The test decides what a broken connection means.
                        } finally {
                            sockets.remove(s);
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** Echoes every byte back until the client closes. */
    static TestServer echo() throws IOException {
        return new TestServer(s -> {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        });
    }

    static TestServer with(Handler handler) throws IOException {
        return new TestServer(handler);
    }

    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, for a proxy's upstream. */
    String address() {
        return "127.0.0.1:" + port();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
    }
}
