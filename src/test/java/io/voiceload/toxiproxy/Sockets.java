package io.voiceload.toxiproxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/** Client-side helpers for talking through a proxy. */
final class Sockets {
    private Sockets() {}

    static int port(String listen) {
        return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
    }

    /** A client connected to a proxy's {@code listen} address, with a 5 s read timeout so no test hangs. */
    static Socket connect(String listen) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port(listen)), 2000);
        s.setTcpNoDelay(true);
        s.setSoTimeout(5000);
        return s;
    }

    /** Reads until EOF; a read timeout fails. */
    static byte[] readToEof(Socket s) throws IOException {
        return s.getInputStream().readAllBytes();
    }

    /** What arrives before EOF or before {@code quietMillis} of silence; {@code eof} says which. */
    record Received(byte[] bytes, boolean eof) {}

    static Received readUntilEofOrQuiet(Socket s, int quietMillis) throws IOException {
        int old = s.getSoTimeout();
        s.setSoTimeout(quietMillis);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = s.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buffer);
                } catch (SocketTimeoutException e) {
                    return new Received(out.toByteArray(), false);
                }
                if (n < 0) {
                    return new Received(out.toByteArray(), true);
                }
                out.write(buffer, 0, n);
            }
        } finally {
            if (!s.isClosed()) {
                s.setSoTimeout(old);
            }
        }
    }

    /** Milliseconds since {@code startNanos}. */
    static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    /** Writes {@code message} and reads as many bytes back, returning the round trip in ms. */
    static double roundTrip(Socket s, byte[] message) throws IOException {
        long start = System.nanoTime();
        s.getOutputStream().write(message);
        byte[] back = s.getInputStream().readNBytes(message.length);
        double ms = millisSince(start);
        if (back.length != message.length) {
            throw new IOException("connection closed after " + back.length + " bytes");
        }
        return ms;
    }
}
