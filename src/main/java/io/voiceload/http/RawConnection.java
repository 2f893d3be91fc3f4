package io.voiceload.http;

import io.vertx.core.MultiMap;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One keep-alive connection of {@link RawTransport}: writes a request and parses its response over a blocking
 * socket, on the calling (virtual) thread. Used by one thread at a time (the pool hands it over).
 */
final class RawConnection {
    private static final byte[] VERSION_LINE = " HTTP/1.1\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] EMPTY = new byte[0];
    private static final int BUFFER = 16 * 1024;
    /** Bodies up to this size go out in the same write as the head. */
    private static final int INLINE_BODY = 8 * 1024;

    private static final int MAX_HEAD = 64 * 1024;
    private static final int IDLE = 0;
    private static final int IN_FLIGHT = 1;
    private static final int TIMED_OUT = 2;

    /** The server closed the connection before any byte of the response: it had gone stale in the pool. */
    static final class StaleConnectionException extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnectionException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private byte[] request = new byte[1024];
    private int requestLength;
    private byte[] buf = new byte[BUFFER];
    private int pos;
    private int lim;
    /** When the exchange in flight must be complete; read by {@link RawTransport}'s timeout watchdog. */
    private volatile long deadlineNanos;
    /** IDLE, IN_FLIGHT, or TIMED_OUT once the watchdog has closed the socket under an exchange. */
    private final AtomicInteger state = new AtomicInteger(IDLE);

    private long received;
    private boolean reusable;
    /** When (System.nanoTime) the connection last went back to the pool. */
    private volatile long idleSinceNanos;

    RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    boolean reusable() {
        return reusable;
    }

    void idleSince(long nanos) {
        idleSinceNanos = nanos;
    }

    long idleSince() {
        return idleSinceNanos;
    }

    Reply exchange(String method, String target, byte[] hostLine, List<String> headers, byte[] body, long timeoutMillis)
            throws IOException {
        reusable = false;
        received = 0;
        pos = 0;
        lim = 0;
        encode(method, target, hostLine, headers, body);
        deadlineNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        state.set(IN_FLIGHT);
        Reply reply;
        try {
            try {
                out.write(request, 0, requestLength);
                if (body != null && body.length > INLINE_BODY) {
                    out.write(body);
                }
            } catch (IOException e) {
                throw timedOut()
                        ? timeout(e)
                        : new StaleConnectionException(
                                "connection closed before the request" + " was written: " + e.getMessage(), e);
            }
            reply = readResponse(method.equals("HEAD"));
        } finally {
            if (!state.compareAndSet(IN_FLIGHT, IDLE)) {
                reusable = false; // the watchdog closed it just as the response completed
            }
        }
        return reply;
    }

    /**
     * Called by the watchdog: if the exchange in flight is past its deadline, closes the socket under it (its
     * blocked read or write fails, and {@link #exchange} reports a timeout).
     */
    void expireIfLate(long nowNanos) {
        if (state.get() == IN_FLIGHT && nowNanos - deadlineNanos > 0 && state.compareAndSet(IN_FLIGHT, TIMED_OUT)) {
            close();
        }
    }

    private boolean timedOut() {
        return state.get() == TIMED_OUT;
    }

    private static SocketTimeoutException timeout(IOException cause) {
        SocketTimeoutException e = new SocketTimeoutException("response not complete in time");
        e.initCause(cause);
        return e;
    }

    // -- request ------------------------------------------------------------------------------------------------

    private void encode(String method, String target, byte[] hostLine, List<String> headers, byte[] body) {
        requestLength = 0;
        ascii(method);
        put((byte) ' ');
        ascii(target);
        put(VERSION_LINE);
        boolean host = false;
        for (int i = 0; i < headers.size(); i += 2) {
            String name = headers.get(i);
            if (name.equalsIgnoreCase("content-length")) {
                continue; // from the body, below
            }
            host |= name.equalsIgnoreCase("host");
            headerText(name);
            put((byte) ':');
            put((byte) ' ');
            headerText(headers.get(i + 1));
            put((byte) '\r');
            put((byte) '\n');
        }
        if (!host) {
            put(hostLine);
        }
        if (body != null || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            put(CONTENT_LENGTH);
            ascii(Integer.toString(body == null ? 0 : body.length));
            put((byte) '\r');
            put((byte) '\n');
        }
        put((byte) '\r');
        put((byte) '\n');
        if (body != null && body.length <= INLINE_BODY) {
            put(body);
        }
    }

    private void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            request[requestLength++] = (byte) s.charAt(i);
        }
    }

    /** A header name or value: Latin-1, no line breaks (they would smuggle a header or a request). */
    private void headerText(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c > 0xFF) {
                throw new IllegalArgumentException(
                        "header text '" + s + "' has a line break or a character" + " beyond Latin-1 at " + i);
            }
            request[requestLength++] = (byte) c;
        }
    }

    private void put(byte b) {
        ensure(1);
        request[requestLength++] = b;
    }

    private void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, request, requestLength, bytes.length);
        requestLength += bytes.length;
    }

    private void ensure(int more) {
        if (requestLength + more > request.length) {
            request = Arrays.copyOf(request, Math.max(request.length * 2, requestLength + more));
        }
    }

    // -- response -----------------------------------------------------------------------------------------------

    private Reply readResponse(boolean head) throws IOException {
        while (true) {
            int eol = lineEnd();
            int start = pos;
            pos = eol + 1;
            if (eol - start < 12 || !startsWith(start, "HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: "
                        + new String(buf, start, Math.min(eol - start, 80), StandardCharsets.ISO_8859_1));
            }
            boolean http10 = buf[start + 7] == '0';
            int status = digit(start + 9) * 100 + digit(start + 10) * 10 + digit(start + 11);
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            long contentLength = -1;
            boolean chunked = false;
            boolean close = http10;
            while (true) {
                eol = lineEnd();
                int ls = pos;
                int le = eol > ls && buf[eol - 1] == '\r' ? eol - 1 : eol;
                pos = eol + 1;
                if (le == ls) {
                    break;
                }
                int colon = ls;
                while (colon < le && buf[colon] != ':') {
                    colon++;
                }
                if (colon == le) {
                    throw new IOException("header line without ':' in the response");
                }
                int vs = colon + 1;
                while (vs < le && (buf[vs] == ' ' || buf[vs] == '\t')) {
                    vs++;
                }
                int ve = le;
                while (ve > vs && (buf[ve - 1] == ' ' || buf[ve - 1] == '\t')) {
                    ve--;
                }
                String name = new String(buf, ls, colon - ls, StandardCharsets.ISO_8859_1);
                String value = new String(buf, vs, ve - vs, StandardCharsets.ISO_8859_1);
                headers.add(name, value);
                if (name.equalsIgnoreCase("content-length")) {
                    contentLength = parseLength(value);
                } else if (name.equalsIgnoreCase("transfer-encoding")) {
                    chunked = value.toLowerCase(java.util.Locale.ROOT).contains("chunked");
                } else if (name.equalsIgnoreCase("connection")) {
                    String v = value.toLowerCase(java.util.Locale.ROOT);
                    close = v.contains("close") || (http10 && !v.contains("keep-alive"));
                }
            }
            if (status >= 100 && status < 200 && status != 101) {
                continue; // an interim response (100 Continue, 103 Early Hints): the real one follows
            }
            byte[] body;
            if (head || status < 200 || status == 204 || status == 304) {
                body = EMPTY;
            } else if (chunked) {
                body = readChunked();
            } else if (contentLength >= 0) {
                if (contentLength > Integer.MAX_VALUE - 16) {
                    throw new IOException("response body of " + contentLength + " bytes is too large");
                }
                body = new byte[(int) contentLength];
                readFully(body, 0, body.length);
            } else {
                body = readToClose();
                close = true;
            }
            reusable = !close && pos == lim; // bytes beyond the response: the server is confused, do not reuse
            return new Reply(status, headers, body);
        }
    }

    private byte[] readChunked() throws IOException {
        byte[] body = new byte[256];
        int length = 0;
        while (true) {
            int eol = lineEnd();
            int size = 0;
            int i = pos;
            for (; i < eol; i++) {
                int d = Character.digit(buf[i], 16);
                if (d < 0) {
                    break;
                }
                if (size > (Integer.MAX_VALUE >> 4) - 1) {
                    throw new IOException("chunk too large");
                }
                size = size * 16 + d;
            }
            if (i == pos) {
                throw new IOException("bad chunk size line");
            }
            pos = eol + 1;
            if (size == 0) {
                while (true) { // trailers, up to the empty line
                    eol = lineEnd();
                    boolean empty = eol == pos || (eol == pos + 1 && buf[pos] == '\r');
                    pos = eol + 1;
                    if (empty) {
                        return Arrays.copyOf(body, length);
                    }
                }
            }
            if (length + size > body.length) {
                body = Arrays.copyOf(body, Math.max(body.length * 2, length + size));
            }
            readFully(body, length, size);
            length += size;
            int end = lineEnd(); // the CRLF after the chunk's data
            pos = end + 1;
        }
    }

    private byte[] readToClose() throws IOException {
        byte[] body = Arrays.copyOfRange(buf, pos, lim);
        int length = body.length;
        pos = lim;
        while (true) {
            if (length == body.length) {
                body = Arrays.copyOf(body, Math.max(256, body.length * 2));
            }
            int n = read(body, length, body.length - length);
            if (n < 0) {
                return Arrays.copyOf(body, length);
            }
            length += n;
        }
    }

    /** Fills {@code dst[off..off+len)}: first from the buffer, then straight from the socket. */
    private void readFully(byte[] dst, int off, int len) throws IOException {
        int have = Math.min(len, lim - pos);
        System.arraycopy(buf, pos, dst, off, have);
        pos += have;
        off += have;
        len -= have;
        while (len > 0) {
            int n = read(dst, off, len);
            if (n < 0) {
                throw new EOFException("connection closed " + len + " bytes before the end of the body");
            }
            off += n;
            len -= n;
        }
    }

    /** Index of the next {@code '\n'} at or after {@code pos}, reading more as needed. */
    private int lineEnd() throws IOException {
        int scan = pos;
        while (true) {
            for (; scan < lim; scan++) {
                if (buf[scan] == '\n') {
                    return scan;
                }
            }
            if (pos > 0) { // make room: move the unread part to the front
                System.arraycopy(buf, pos, buf, 0, lim - pos);
                scan -= pos;
                lim -= pos;
                pos = 0;
            }
            if (lim == buf.length) {
                if (buf.length >= MAX_HEAD) {
                    throw new IOException("response line longer than " + MAX_HEAD + " bytes");
                }
                buf = Arrays.copyOf(buf, buf.length * 2);
            }
            int n = read(buf, lim, buf.length - lim);
            if (n < 0) {
                if (received == 0) {
                    throw new StaleConnectionException("connection closed by the server before any response", null);
                }
                throw new EOFException("connection closed in the middle of the response");
            }
            lim += n;
        }
    }

    /**
     * One read from the socket. Untimed on purpose: a timed read (SO_TIMEOUT) arms a timer for every park of the
     * virtual thread, which measured dearer than the whole rest of the request (about 20 against 11 µs of CPU per
     * request in {@code HttpClientBenchmark}); {@link RawTransport}'s watchdog bounds the exchange instead.
     */
    private int read(byte[] dst, int off, int len) throws IOException {
        int n;
        try {
            n = in.read(dst, off, len);
        } catch (IOException e) {
            if (timedOut()) {
                throw timeout(e);
            }
            if (received == 0) {
                throw new StaleConnectionException("connection broke before any response: " + e.getMessage(), e);
            }
            throw e;
        }
        if (n > 0) {
            received += n;
        } else if (n < 0 && timedOut()) {
            throw timeout(null);
        }
        return n;
    }

    private boolean startsWith(int at, String prefix) {
        for (int i = 0; i < prefix.length(); i++) {
            if (buf[at + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int digit(int at) throws IOException {
        int d = buf[at] - '0';
        if (d < 0 || d > 9) {
            throw new IOException("bad status code in the status line");
        }
        return d;
    }

    private static long parseLength(String value) throws IOException {
        try {
            long n = Long.parseLong(value);
            if (n < 0) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IOException("bad Content-Length '" + value + "'");
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
