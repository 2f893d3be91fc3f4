package io.voiceload.http;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A request path with {@code {name}} placeholders, filled positionally: {@code /calls/{id}/events} with
 * {@code 42} gives {@code /calls/42/events}. Values are percent-encoded as path segments.
 */
final class PathTemplate {
    private PathTemplate() {}

    /** Fills the placeholders of {@code template} with {@code params}, in order. */
    static String expand(String template, Object... params) {
        Objects.requireNonNull(template, "path template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("path template must start with '/': " + template);
        }
        Object[] values = params == null ? new Object[0] : params;
        if (template.indexOf('{') < 0) {
            if (values.length != 0) {
                throw new IllegalArgumentException("path template " + template + " has no {placeholder} but "
                        + values.length + " value(s) were given");
            }
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 16);
        int used = 0;
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int close = template.indexOf('}', i);
            if (close < 0) {
                throw new IllegalArgumentException("path template " + template + " has an unclosed '{'");
            }
            if (used >= values.length) {
                throw new IllegalArgumentException("path template " + template + " needs more than " + values.length
                        + " value(s): none left for " + template.substring(i, close + 1));
            }
            Object value = values[used++];
            if (value == null) {
                throw new IllegalArgumentException(
                        "path template " + template + ": value for " + template.substring(i, close + 1) + " is null");
            }
            encodeSegment(value.toString(), out);
            i = close + 1;
        }
        if (used != values.length) {
            throw new IllegalArgumentException("path template " + template + " has " + used + " placeholder(s) but "
                    + values.length + " value(s) were given");
        }
        return out.toString();
    }

    /**
     * Percent-encodes everything but RFC 3986 unreserved characters. Hand-written because the JDK only has form
     * encoding ({@code URLEncoder} turns a space into '+', which is wrong in a path) and {@code URI} leaves '/'
     * and '?' in a segment alone.
     */
    private static void encodeSegment(String s, StringBuilder out) {
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~') {
                out.append((char) c);
            } else {
                out.append('%')
                        .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
    }
}
