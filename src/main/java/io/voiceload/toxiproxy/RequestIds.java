package io.voiceload.toxiproxy;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request ids in the form Toxiproxy's middleware (rs/xid) gives them: 20 characters of base32hex, from a timestamp,
 * a machine and process part, and a counter.
 */
final class RequestIds {
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final byte[] MACHINE = new byte[5];
    private static final AtomicInteger COUNTER;

    static {
        SecureRandom random = new SecureRandom();
        random.nextBytes(MACHINE);
        COUNTER = new AtomicInteger(random.nextInt());
    }

    private RequestIds() {}

    static String next() {
        byte[] id = new byte[12];
        int seconds = (int) (System.currentTimeMillis() / 1000);
        int counter = COUNTER.incrementAndGet();
        id[0] = (byte) (seconds >>> 24);
        id[1] = (byte) (seconds >>> 16);
        id[2] = (byte) (seconds >>> 8);
        id[3] = (byte) seconds;
        System.arraycopy(MACHINE, 0, id, 4, 5);
        id[9] = (byte) (counter >>> 16);
        id[10] = (byte) (counter >>> 8);
        id[11] = (byte) counter;
        StringBuilder sb = new StringBuilder(20);
        int buffer = 0;
        int bits = 0;
        for (byte b : id) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(ALPHABET[(buffer >>> (bits - 5)) & 0x1f]);
                bits -= 5;
            }
        }
        sb.append(ALPHABET[(buffer << (5 - bits)) & 0x1f]);
        return sb.toString();
    }
}
