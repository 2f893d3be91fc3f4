package io.voiceload.platform.audio;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code Range} header asks of a representation of {@code length} bytes (RFC 9110 §14): the whole
 * of it, one part, or nothing it holds.
 *
 * <p>Only a single byte range is served: {@code bytes=a-b}, {@code bytes=a-} and {@code bytes=-n}. A header
 * that is malformed, names another unit or asks for several ranges is ignored, and the whole body is
 * sent, as RFC 9110 allows. Hand-written rather than Jetty's {@code ByteRange.parse}, because that one
 * answers the same empty list for a malformed header (to be ignored: 200) and an unsatisfiable one (416).
 */
sealed interface RangeRequest {

    /** Send the whole representation (no Range, or one this server ignores). */
    record Whole() implements RangeRequest {}

    /** Send bytes {@code first} to {@code last}, both inclusive, with 206. */
    record Part(long first, long last) implements RangeRequest {
        long length() {
            return last - first + 1;
        }

        String contentRange(long total) {
            return "bytes " + first + "-" + last + "/" + total;
        }
    }

    /** The range starts past the end (or asks for the last 0 bytes): 416. */
    record Unsatisfiable() implements RangeRequest {}

    /** {@code bytes=first-[last]} or {@code bytes=-suffix}, with optional whitespace. */
    Pattern SINGLE = Pattern.compile("\\s*bytes\\s*=\\s*(?:(\\d+)\\s*-\\s*(\\d*)|-\\s*(\\d+))\\s*");

    static RangeRequest parse(String header, long length) {
        if (header == null) {
            return new Whole();
        }
        Matcher m = SINGLE.matcher(header.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return new Whole(); // malformed, another unit, or several ranges
        }
        if (m.group(3) != null) {
            long suffix = saturated(m.group(3));
            if (suffix == 0) {
                return new Unsatisfiable();
            }
            return new Part(Math.max(0, length - suffix), length - 1);
        }
        long first = saturated(m.group(1));
        long last = m.group(2).isEmpty() ? Long.MAX_VALUE : saturated(m.group(2));
        if (last < first) {
            return new Whole(); // an invalid range: ignored
        }
        if (first >= length) {
            return new Unsatisfiable();
        }
        return new Part(first, Math.min(last, length - 1));
    }

    /** Digits as a long; more than a long holds counts as {@link Long#MAX_VALUE} (past any end). */
    private static long saturated(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
