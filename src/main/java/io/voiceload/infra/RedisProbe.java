package io.voiceload.infra;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Asks a Redis once, over a plain socket (no client library, no Netty start-up): it answers, the
 * credentials work, and which version it runs. Every failure names the address asked.
 */
final class RedisProbe {

    private static final int TIMEOUT_MILLIS = 5000;

    private RedisProbe() {}

    /**
     * The server's {@code redis_version}.
     *
     * @throws IOException naming {@code address}: it did not answer (refused, timed out, closed) or refused a
     *     command
     */
    static String version(HostPort address, String username, String password, int database) throws IOException {
        try {
            return ask(address, username, password, database);
        } catch (SocketTimeoutException e) {
            throw named(
                    new SocketTimeoutException(
                            "Redis at " + address + " did not answer within " + TIMEOUT_MILLIS / 1000 + " s"),
                    e);
        } catch (ConnectException e) {
            throw named(new ConnectException("Redis at " + address + " did not answer: " + reason(e)), e);
        } catch (IOException e) {
            throw named(new IOException("Redis at " + address + ": " + reason(e)), e);
        }
    }

    private static <E extends IOException> E named(E named, IOException cause) {
        named.initCause(cause);
        return named;
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : Character.toLowerCase(message.charAt(0)) + message.substring(1);
    }

    private static String ask(HostPort address, String username, String password, int database) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address.host(), address.port()), TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            if (password != null) {
                List<String> auth = new ArrayList<>(List.of("AUTH"));
                if (username != null) {
                    auth.add(username);
                }
                auth.add(password);
                expectOk(command(out, in, auth.toArray(String[]::new)), "AUTH");
            }
            if (database != 0) {
                expectOk(command(out, in, "SELECT", String.valueOf(database)), "SELECT " + database);
            }
            String info = command(out, in, "INFO", "server");
            return info.lines()
                    .filter(l -> l.startsWith("redis_version:"))
                    .map(l -> l.substring("redis_version:".length()).strip())
                    .findFirst()
                    .orElseThrow(() -> new IOException("INFO server has no redis_version: " + info));
        }
    }

    private static void expectOk(String reply, String what) throws IOException {
        if (!reply.equals("OK")) {
            throw new IOException(what + " answered " + reply);
        }
    }

    /** Sends one command and returns the reply's text; an error reply is an IOException. */
    private static String command(OutputStream out, InputStream in, String... args) throws IOException {
        StringBuilder sb = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            sb.append('$')
                    .append(arg.getBytes(StandardCharsets.UTF_8).length)
                    .append("\r\n")
                    .append(arg)
                    .append("\r\n");
        }
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        String line = line(in);
        if (line.isEmpty()) {
            throw new IOException("empty reply to " + args[0]);
        }
        char type = line.charAt(0);
        String rest = line.substring(1);
        return switch (type) {
            case '+', ':' -> rest;
            case '-' -> throw new IOException("Redis refused " + args[0] + ": " + rest);
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    yield "";
                }
                byte[] body = in.readNBytes(length + 2);
                yield new String(body, 0, Math.min(length, body.length), StandardCharsets.UTF_8);
            }
            default -> throw new IOException("unexpected reply to " + args[0] + ": " + line);
        };
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                buf.write(b);
            }
        }
        if (b == -1 && buf.size() == 0) {
            throw new IOException("connection closed without a reply");
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
