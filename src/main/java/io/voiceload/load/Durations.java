package io.voiceload.load;

import java.time.Duration;
import java.util.Locale;

/** Human-readable formatting of durations and nanosecond latencies for messages and progress lines. */
public final class Durations {
    private Durations() {}

    /** {@code 250ms}, {@code 1.5s}, {@code 5m}, {@code 1h2m}: short and exact enough for a console line. */
    public static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.isNegative()) {
            return "-" + format(d.negated());
        }
        long nanos = d.toNanos();
        if (nanos % 3_600_000_000_000L == 0 && nanos != 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0 && nanos != 0) {
            return nanos / 60_000_000_000L + "m";
        }
        return formatNanos(nanos);
    }

    /** A latency in nanoseconds as {@code 812µs}, {@code 12.3ms} or {@code 1.52s}, three significant digits. */
    public static String formatNanos(double nanos) {
        if (nanos == 0) {
            return "0ms";
        }
        if (nanos < 0) {
            return "-" + formatNanos(-nanos);
        }
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.0fns", nanos);
        }
        if (nanos < 1_000_000) {
            return trim(nanos / 1_000.0) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return trim(nanos / 1_000_000.0) + "ms";
        }
        return trim(nanos / 1_000_000_000.0) + "s";
    }

    private static String trim(double v) {
        String s;
        if (v >= 100) {
            s = String.format(Locale.ROOT, "%.0f", v);
        } else if (v >= 10) {
            s = String.format(Locale.ROOT, "%.1f", v);
        } else {
            s = String.format(Locale.ROOT, "%.2f", v);
        }
        if (s.contains(".")) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s;
    }

    /** {@code mm:ss} (or {@code h:mm:ss}) for elapsed-time displays. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
