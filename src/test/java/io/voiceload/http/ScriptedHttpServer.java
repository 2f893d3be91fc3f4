package io.voiceload.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server that answers with exact bytes, for what {@link StubServer} (the JDK HttpServer) cannot do on
 * the wire: a HEAD answer with a Content-Length, chunked bodies with extensions and trailers, interim 1xx,
 * HTTP/1.0, {@code Connection: close}, closing a keep-alive connection right after its response, trickling a body.
 * Paths:
 *
 * <ul>
 *   <li>{@code /chunked}: three chunks (one with an extension) and a trailer, written in pieces;
 *   <li>{@code /head}: {@code Content-Length: 42} and no body (ask with HEAD);
 *   <li>{@code /no-content}, {@code /not-modified}: 204, and 304 with a Content-Length but no body;
 *   <li>{@code /interim}: {@code 100 Continue}, then 200 {@code ok};
 *   <li>{@code /close}: 200 {@code ok} with {@code Connection: close}, then closes;
 *   <li>{@code /http10}: an HTTP/1.0 answer without length, the body up to the close;
 *   <li>{@code /then-close}: 200 {@code ok} kept alive, then closes the connection as an idle timeout would;
 *   <li>{@code /trickle}: a 100-byte body, one byte every 100 ms;
 *   <li>anything else: 200 with the request line as the body.
 * </ul>
 */
final class ScriptedHttpServer implements AutoCloseable {
    private final ServerSocket server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger closedByServer = new AtomicInteger();

    ScriptedHttpServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        executor.submit(this::accept);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** Connections accepted so far. */
    int connections() {
        return connections.get();
    }

    int requests() {
        return requests.get();
    }

    /** Connections this server closed after answering ({@code /close}, {@code /http10}, {@code /then-close}). */
    int closedByServer() {
        return closedByServer.get();
    }

    private Void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                connections.incrementAndGet();
                sockets.add(s);
                executor.submit(() -> serve(s));
            } catch (IOException e) {
                return null; // closed
            }
        }
        return null;
    }

    private Void serve(Socket s) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            while (true) {
                String head = readHead(in);
                if (head == null) {
                    return null;
                }
                requests.incrementAndGet();
                String requestLine = head.substring(0, head.indexOf("\r\n"));
                int length = contentLength(head);
                in.readNBytes(length);
                String path = requestLine.split(" ")[1];
                if (!answer(path, requestLine, out)) {
                    closedByServer.incrementAndGet();
                    return null;
                }
            }
        } catch (IOException | InterruptedException e) {
            return null;
        } finally {
            sockets.remove(s);
        }
    }

    /** Writes the answer; false to close the connection after it. */
    private static boolean answer(String path, String requestLine, OutputStream out)
            throws IOException, InterruptedException {
        switch (path) {
            case "/chunked" -> {
                write(
                        out,
                        "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhel");
                Thread.sleep(20);
                write(out, "lo\r\n7\r\n, world\r\n");
                Thread.sleep(20);
                write(out, "1\r\n!\r\n0\r\nX-Trailer: t\r\n\r\n");
            }
            case "/head" -> write(out, "HTTP/1.1 200 OK\r\nContent-Length: 42\r\nX-Head: yes\r\n\r\n");
            case "/no-content" -> write(out, "HTTP/1.1 204 No Content\r\nX-Empty: yes\r\n\r\n");
            case "/not-modified" -> write(out, "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n");
            case "/interim" ->
                write(out, "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
            case "/close" -> {
                write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
                return false;
            }
            case "/http10" -> {
                write(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nup to the close");
                return false;
            }
            case "/then-close" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
                return false;
            }
            case "/trickle" -> {
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
                for (int i = 0; i < 100; i++) {
                    Thread.sleep(100);
                    write(out, "x");
                }
            }
            default -> {
                byte[] body = requestLine.getBytes(StandardCharsets.ISO_8859_1);
                write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n" + requestLine);
            }
        }
        return true;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** The request head up to the empty line, or null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1
                    : b == '\r' ? 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(
                        line.substring("content-length:".length()).strip());
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : sockets) {
            s.close();
        }
        executor.shutdownNow();
    }
}
