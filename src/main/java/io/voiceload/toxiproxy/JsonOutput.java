package io.voiceload.toxiproxy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes response bodies byte for byte as Toxiproxy's Go {@code json.Marshal} does: fields in struct order, no
 * spaces, no trailing newline, {@code <>&} and U+2028/9 escaped, floats in Go's shortest form ({@code 1} not
 * {@code 1.0}). The streaming generator is used because the order and the number forms are the contract.
 */
final class JsonOutput {
    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonOutput() {}

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    /** {@code {"name","listen","upstream","enabled","toxics":[…]}}. */
    static byte[] proxy(TcpProxy p) {
        return render(g -> writeProxy(g, p));
    }

    /** {@code GET /proxies}: an object keyed by name, sorted ({@code {}} when empty). */
    static byte[] proxyMap(Collection<TcpProxy> proxies) {
        return render(g -> {
            g.writeStartObject();
            for (TcpProxy p : proxies) {
                g.writeFieldName(p.name);
                writeProxy(g, p);
            }
            g.writeEndObject();
        });
    }

    /** {@code {"attributes":{…},"name","type","stream","toxicity"}}. */
    static byte[] toxic(ToxicSpec t) {
        return render(g -> writeToxic(g, t));
    }

    static byte[] toxics(List<ToxicSpec> toxics) {
        return render(g -> writeToxics(g, toxics));
    }

    /** {@code {"error":…,"status":…}}, to which the HTTP layer appends a newline (Go's {@code http.Error}). */
    static byte[] error(ApiError e) {
        return render(g -> {
            g.writeStartObject();
            g.writeStringField("error", e.getMessage());
            g.writeNumberField("status", e.status());
            g.writeEndObject();
        });
    }

    /**
     * {@code /populate}: {@code {"proxies":[…]}}, preceded by the error fields when it failed. When no proxy was
     * created or kept ({@code []}, a {@code null} body, a failure before the first) the list is {@code null}, not
     * {@code []}: upstream's {@code proxiesWithToxics} (api.go) appends to a nil slice, and Go's {@code json.Marshal}
     * writes a nil slice as {@code null}.
     */
    static byte[] populate(ProxyCollection.PopulateResult result) {
        return render(g -> {
            g.writeStartObject();
            if (result.error() != null) {
                g.writeStringField("error", result.error().getMessage());
                g.writeNumberField("status", result.error().status());
            }
            g.writeFieldName("proxies");
            if (result.proxies() == null || result.proxies().isEmpty()) {
                g.writeNull();
            } else {
                g.writeStartArray();
                for (TcpProxy p : result.proxies()) {
                    writeProxy(g, p);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
        });
    }

    private static void writeProxy(JsonGenerator g, TcpProxy p) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", p.name);
        g.writeStringField("listen", p.listen());
        g.writeStringField("upstream", p.upstream());
        g.writeBooleanField("enabled", p.enabled());
        g.writeFieldName("toxics");
        writeToxics(g, p.toxics.list());
        g.writeEndObject();
    }

    private static void writeToxics(JsonGenerator g, List<ToxicSpec> toxics) throws IOException {
        g.writeStartArray();
        for (ToxicSpec t : toxics) {
            writeToxic(g, t);
        }
        g.writeEndArray();
    }

    private static void writeToxic(JsonGenerator g, ToxicSpec t) throws IOException {
        g.writeStartObject();
        g.writeFieldName("attributes");
        g.writeStartObject();
        for (Map.Entry<String, Number> e : t.type().visible(t.attributes()).entrySet()) {
            g.writeFieldName(e.getKey());
            if (e.getValue() instanceof Double d) {
                g.writeNumber(goFloat(d, false));
            } else {
                g.writeNumber(e.getValue().longValue());
            }
        }
        g.writeEndObject();
        g.writeStringField("name", t.name());
        g.writeStringField("type", t.type().wireName);
        g.writeStringField("stream", t.stream());
        g.writeFieldName("toxicity");
        g.writeNumber(goFloat(t.toxicity(), true));
        g.writeEndObject();
    }

    private static byte[] render(Body body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.setCharacterEscapes(GoEscapes.INSTANCE);
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /**
     * A float as Go's encoder writes it: the shortest decimal that reads back to the same float32/float64, plain
     * between 1e-6 and 1e21, otherwise in exponent form ({@code 1e-7}, {@code 1e+21}).
     */
    static String goFloat(double value, boolean float32) {
        if (value == 0) {
            return "0";
        }
        String shortest = float32 ? Float.toString((float) value) : Double.toString(value);
        BigDecimal decimal = new BigDecimal(shortest).stripTrailingZeros();
        double abs = Math.abs(value);
        if (abs >= 1e-6 && abs < 1e21) {
            return decimal.toPlainString();
        }
        String digits = decimal.unscaledValue().abs().toString();
        int exponent = digits.length() - 1 - decimal.scale();
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = exponent < 0 ? "-" + (-exponent) : "+" + (exponent < 10 ? "0" + exponent : exponent);
        return (value < 0 ? "-" : "") + mantissa + "e" + exp;
    }

    /** Go's string escapes: HTML-sensitive characters and line/paragraph separators as lower-case {@code \}{@code u}. */
    private static final class GoEscapes extends CharacterEscapes {
        static final GoEscapes INSTANCE = new GoEscapes();
        private final int[] ascii = standardAsciiEscapesForJSON();

        private GoEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (ascii[c] == CharacterEscapes.ESCAPE_STANDARD) {
                    ascii[c] = CharacterEscapes.ESCAPE_CUSTOM;
                }
            }
            ascii['<'] = CharacterEscapes.ESCAPE_CUSTOM;
            ascii['>'] = CharacterEscapes.ESCAPE_CUSTOM;
            ascii['&'] = CharacterEscapes.ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if (ch < 0x20 || ch == '<' || ch == '>' || ch == '&' || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04x", ch));
            }
            return null;
        }
    }
}
