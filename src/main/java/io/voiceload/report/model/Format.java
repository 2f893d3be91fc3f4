package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * How the reports write numbers: latencies, rates, percentages, counts, durations. One place for the HTML page,
 * {@code report.md} and the recommendations' evidence, so a value reads the same in each.
 */
public final class Format {
    private Format() {}

    /** A latency given in milliseconds: {@code 0.42 ms}, {@code 83.9 ms}, {@code 1.17 s}; "–" when missing. */
    public static String ms(JsonNode value) {
        return value == null || !value.isNumber() ? "–" : ms(value.asDouble());
    }

    public static String ms(double ms) {
        if (Double.isNaN(ms)) {
            return "–";
        }
        if (Math.abs(ms) >= 1000) {
            return num(ms / 1000, 3) + " s";
        }
        return num(ms, 3) + " ms";
    }

    /** A fraction as a percentage: 0.00022 → {@code 0.022 %}. */
    public static String pct(JsonNode fraction) {
        return fraction == null || !fraction.isNumber() ? "–" : pct(fraction.asDouble());
    }

    public static String pct(double fraction) {
        double p = fraction * 100;
        if (p == 0) {
            return "0 %";
        }
        if (Math.abs(p) < 0.01) {
            return String.format(Locale.ROOT, "%.4f %%", p);
        }
        return String.format(Locale.ROOT, Math.abs(p) < 1 ? "%.3f %%" : "%.2f %%", p);
    }

    /** A rate per second: {@code 2,321.9/s}. */
    public static String rate(JsonNode perSecond) {
        return perSecond == null || !perSecond.isNumber() ? "–" : rate(perSecond.asDouble());
    }

    public static String rate(double perSecond) {
        return perSecondNumber(perSecond) + "/s";
    }

    /** A rate of {@code unit} (plural) per second: {@code 1.8 calls/s}, {@code 2,322 iterations/s}. */
    public static String rate(JsonNode perSecond, String unit) {
        return perSecond == null || !perSecond.isNumber()
                ? "–"
                : perSecondNumber(perSecond.asDouble()) + " " + unit + "/s";
    }

    /** A rate's number: whole from 100 on, one decimal below. */
    private static String perSecondNumber(double perSecond) {
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f" : "%,.1f", perSecond);
    }

    /** A size in bytes with a binary unit, about three significant digits: {@code 512 B}, {@code 24.5 MiB}. */
    public static String bytes(JsonNode bytes) {
        return bytes == null || !bytes.isNumber() ? "–" : bytes(bytes.asDouble());
    }

    public static String bytes(double bytes) {
        if (Double.isNaN(bytes)) {
            return "–";
        }
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (Math.abs(v) >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return num(v, 3) + " " + units[u];
    }

    /** Bytes as MiB, the unit of the memory charts' axes. */
    public static double mib(double bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    /** A count with thousands separators; "–" when missing. */
    public static String count(JsonNode n) {
        return n == null || !n.isNumber() ? "–" : count(n.asLong());
    }

    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** A duration in seconds: {@code 45.2 s}, {@code 2 min 3 s}, {@code 1 h 2 min}. */
    public static String seconds(double s) {
        if (Double.isNaN(s)) {
            return "–";
        }
        if (s < 60) {
            return num(s, 3) + " s";
        }
        long whole = Math.round(s);
        if (whole < 3600) {
            return whole / 60 + " min " + whole % 60 + " s";
        }
        return whole / 3600 + " h " + whole % 3600 / 60 + " min";
    }

    /** A number with about {@code digits} significant digits, thousands separated, no trailing zeros. */
    public static String num(double v, int digits) {
        if (v == 0) {
            return "0";
        }
        double abs = Math.abs(v);
        int decimals = Math.max(0, digits - 1 - (int) Math.floor(Math.log10(abs)));
        String s = String.format(Locale.ROOT, "%,." + Math.min(decimals, 6) + "f", v);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** A change in percent with its sign: {@code +14.6 %}, {@code −3.0 %}. */
    public static String change(JsonNode pct) {
        if (pct == null || !pct.isNumber()) {
            return "–";
        }
        double v = pct.asDouble();
        return (v > 0 ? "+" : v < 0 ? "−" : "") + String.format(Locale.ROOT, "%.1f %%", Math.abs(v));
    }

    /** A plain scalar of any JSON type as text; "–" for null or missing. */
    public static String plain(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return "–";
        }
        if (v.isFloatingPointNumber()) {
            return num(v.asDouble(), 4);
        }
        return v.asText();
    }
}
