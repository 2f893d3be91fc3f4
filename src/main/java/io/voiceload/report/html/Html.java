package io.voiceload.report.html;

/**
 * An HTML fragment being built: text from data goes in through {@link #text} (escaped), markup
 * written by this package through {@link #raw}. Escaping is hand-written because it is five
 * replacements and the report must not pull a templating engine into every test classpath.
 */
final class Html {
    private final StringBuilder out;

    Html() {
        this(new StringBuilder(16_384));
    }

    private Html(StringBuilder out) {
        this.out = out;
    }

    /** Appends markup as is: only for literals of this package and already escaped fragments. */
    Html raw(String markup) {
        out.append(markup);
        return this;
    }

    /** Appends data as text, escaped so that it can never become markup. */
    Html text(String data) {
        out.append(escape(data));
        return this;
    }

    /** {@code <tag class="cls">text</tag>} with the text escaped; {@code cls} may be null. */
    Html el(String tag, String cls, String data) {
        open(tag, cls);
        text(data);
        return raw("</" + tag + ">");
    }

    /** {@code <tag class="cls">}; {@code cls} may be null. */
    Html open(String tag, String cls) {
        out.append('<').append(tag);
        if (cls != null && !cls.isEmpty()) {
            out.append(" class=\"").append(escape(cls)).append('"');
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        return raw("</" + tag + ">");
    }

    int length() {
        return out.length();
    }

    @Override
    public String toString() {
        return out.toString();
    }

    /** Escapes text and attribute values alike (both quote kinds), so one function serves both. */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep =
                    switch (c) {
                        case '&' -> "&amp;";
                        case '<' -> "&lt;";
                        case '>' -> "&gt;";
                        case '"' -> "&quot;";
                        case '\'' -> "&#39;";
                        default -> null;
                    };
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /** A fragment id made of {@code [A-Za-z0-9_-]} only, so it is safe in {@code id} and {@code href}. */
    static String anchor(String prefix, String id) {
        StringBuilder b = new StringBuilder(prefix);
        for (char c : id.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) && c < 128 || c == '_' || c == '-' ? c : '-');
        }
        return b.toString();
    }
}
