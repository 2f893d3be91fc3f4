package io.voiceload.config;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place durations are read and written: parsed from {@code load_test_config.json}, the
 * {@code loadtest.*} overrides and the annotations ({@link #parse}); written back so that they parse again
 * ({@link #format}: configuration echoes, effective plans); shown short on consoles and in reports
 * ({@link #display}, {@link #displayNanos}, {@link #clock}).
 *
 * <p>Accepted forms: a bare number in the unit the caller names ({@code 300} seconds for run
 * durations, {@code 250} milliseconds for latencies), unit suffixes {@code 250ms}, {@code 300s},
 * {@code 5m}, {@code 1h}, combined from the largest unit down ({@code 1m30s}, {@code 1h15m}), decimals
 * ({@code 1.5s}) and ISO-8601 ({@code PT5M}). Anything else, and negative values, are rejected with a
 * message that quotes the caller's {@code where}:
 *
 * <pre>{@code
 * Durations.parse("5 minutes", "@LoadTest(duration = \"5 minutes\") on CallsIT.create", ChronoUnit.SECONDS);
 * // ConfigException: @LoadTest(duration = "5 minutes") on CallsIT.create: not a duration;
 * //   use seconds (300), 300s, 5m, 1h, 250ms or ISO-8601 (PT5M)
 * }</pre>
 */
public final class Durations {

    private static final Pattern BARE_NUMBER = Pattern.compile("\\+?(\\d+(?:\\.\\d+)?)");
    private static final Pattern COMPONENT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    /** Suffix units from largest to smallest: a combined value must use them in this order. */
    private static final List<String> SUFFIX_ORDER = List.of("h", "m", "s", "ms");

    private static final long NANOS_PER_MILLI = 1_000_000L;

    private Durations() {}

    /**
     * Parses a duration that may be zero but not negative.
     *
     * @param text the value as written
     * @param where where the value comes from, quoting it, e.g. {@code -Dloadtest.duration=5 minutes} or
     *     {@code load_test_config.json: test_duration = "5 minutes"}; starts every error message
     * @param bareNumberUnit the unit of a bare number ({@link ChronoUnit#SECONDS} for run durations,
     *     {@link ChronoUnit#MILLIS} for latencies); {@code null} if a bare number other than 0 must carry a
     *     unit
     * @throws ConfigException if the text is not a duration or is negative
     */
    public static Duration parse(String text, String where, ChronoUnit bareNumberUnit) {
        if (text == null || text.isBlank()) {
            throw new ConfigException(where + ": empty; " + hint(bareNumberUnit));
        }
        String t = text.strip();
        if (t.startsWith("-")) {
            throw new ConfigException(where + ": must not be negative");
        }
        try {
            Matcher bare = BARE_NUMBER.matcher(t);
            if (bare.matches()) {
                BigDecimal number = new BigDecimal(bare.group(1));
                if (bareNumberUnit == null) {
                    if (number.signum() == 0) {
                        return Duration.ZERO;
                    }
                    throw new ConfigException(where + ": a bare number needs a unit here; use 250ms, 1.5s, 5m, 1h"
                            + " or ISO-8601 (PT0.25S)");
                }
                return ofNanos(number.multiply(nanosPer(bareNumberUnit)));
            }
            if (t.charAt(0) == 'P' || t.charAt(0) == 'p') {
                return iso(t, where, bareNumberUnit);
            }
            return suffixed(t, where, bareNumberUnit);
        } catch (ArithmeticException e) {
            throw new ConfigException(where + ": too large for a duration");
        }
    }

    /**
     * Like {@link #parse(String, String, ChronoUnit)}, and the duration must be greater than zero.
     *
     * @throws ConfigException if the text is not a duration, or is zero or negative
     */
    public static Duration parsePositive(String text, String where, ChronoUnit bareNumberUnit) {
        Duration d = parse(text, where, bareNumberUnit);
        if (d.isZero()) {
            throw new ConfigException(where + ": must be greater than 0");
        }
        return d;
    }

    /**
     * Compact text that {@link #parse} reads back to the same duration: {@code 0s}, {@code 250ms},
     * {@code 1m30s}, {@code 1h}, {@code 1.5s}; ISO-8601 when finer than a millisecond.
     */
    public static String format(Duration d) {
        if (d.isNegative()) {
            return d.toString();
        }
        if (d.isZero()) {
            return "0s";
        }
        if (d.getNano() % NANOS_PER_MILLI != 0) {
            return d.toString();
        }
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = millis / 3_600_000;
        long minutes = millis / 60_000 % 60;
        long seconds = millis / 1000 % 60;
        long rest = millis % 1000;
        StringBuilder sb = new StringBuilder();
        if (hours > 0) {
            sb.append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(minutes).append('m');
        }
        if (seconds > 0 || rest > 0) {
            sb.append(seconds);
            if (rest > 0) {
                sb.append('.').append(String.format(Locale.ROOT, "%03d", rest).replaceAll("0+$", ""));
            }
            sb.append('s');
        }
        return sb.toString();
    }

    /**
     * Short text for consoles, messages and reports, three significant digits below a minute: {@code 250ms},
     * {@code 1.5s}, {@code 90s}, {@code 5m}, {@code 2h}; {@code -} for null. Not meant to be parsed back
     * (sub-second values round): use {@link #format} for that.
     */
    public static String display(Duration d) {
        if (d == null) {
            return "-";
        }
        if (d.isNegative()) {
            return "-" + display(d.negated());
        }
        long nanos = d.toNanos();
        if (nanos % 3_600_000_000_000L == 0 && nanos != 0) {
            return nanos / 3_600_000_000_000L + "h";
        }
        if (nanos % 60_000_000_000L == 0 && nanos != 0) {
            return nanos / 60_000_000_000L + "m";
        }
        return displayNanos(nanos);
    }

    /** A latency in nanoseconds as {@code 812µs}, {@code 12.3ms} or {@code 1.52s}, three significant digits. */
    public static String displayNanos(double nanos) {
        if (nanos == 0) {
            return "0ms";
        }
        if (nanos < 0) {
            return "-" + displayNanos(-nanos);
        }
        if (nanos < 1_000) {
            return String.format(Locale.ROOT, "%.0fns", nanos);
        }
        if (nanos < 1_000_000) {
            return significant(nanos / 1_000.0) + "µs";
        }
        if (nanos < 1_000_000_000) {
            return significant(nanos / 1_000_000.0) + "ms";
        }
        return significant(nanos / 1_000_000_000.0) + "s";
    }

    /** {@code mm:ss} (or {@code h:mm:ss}) for elapsed-time displays. */
    public static String clock(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return s >= 3600
                ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }

    /** Three significant digits, trailing zeros dropped. */
    private static String significant(double v) {
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

    private static Duration iso(String t, String where, ChronoUnit bareNumberUnit) {
        Duration d;
        try {
            d = Duration.parse(t.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new ConfigException(where + ": not a duration; " + hint(bareNumberUnit));
        }
        if (d.isNegative()) {
            throw new ConfigException(where + ": must not be negative");
        }
        return d;
    }

    private static Duration suffixed(String t, String where, ChronoUnit bareNumberUnit) {
        Matcher m = COMPONENT.matcher(t);
        BigDecimal nanos = BigDecimal.ZERO;
        int position = 0;
        int lastUnit = -1;
        while (position < t.length()) {
            if (!m.find(position) || m.start() != position) {
                throw new ConfigException(where + ": not a duration; " + hint(bareNumberUnit));
            }
            int unit = SUFFIX_ORDER.indexOf(m.group(2));
            if (unit <= lastUnit) {
                throw new ConfigException(where + ": not a duration; combine units from largest to smallest, each once"
                        + " (1h30m, 1m30s); " + hint(bareNumberUnit));
            }
            lastUnit = unit;
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(nanosPerSuffix(m.group(2))));
            position = m.end();
        }
        return ofNanos(nanos);
    }

    private static BigDecimal nanosPerSuffix(String suffix) {
        return switch (suffix) {
            case "ms" -> nanosPer(ChronoUnit.MILLIS);
            case "s" -> nanosPer(ChronoUnit.SECONDS);
            case "m" -> nanosPer(ChronoUnit.MINUTES);
            case "h" -> nanosPer(ChronoUnit.HOURS);
            default -> throw new IllegalStateException(suffix);
        };
    }

    private static BigDecimal nanosPer(ChronoUnit unit) {
        Duration d = unit.getDuration();
        return BigDecimal.valueOf(d.getSeconds())
                .multiply(BigDecimal.valueOf(1_000_000_000L))
                .add(BigDecimal.valueOf(d.getNano()));
    }

    private static Duration ofNanos(BigDecimal nanos) {
        BigDecimal whole = nanos.setScale(0, RoundingMode.HALF_UP);
        BigDecimal[] secondsAndNanos = whole.divideAndRemainder(BigDecimal.valueOf(1_000_000_000L));
        return Duration.ofSeconds(secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    }

    /** The accepted forms, leading with what a bare number means for this value. */
    static String hint(ChronoUnit bareNumberUnit) {
        if (bareNumberUnit == null) {
            return "use 250ms, 300s, 5m, 1h, 1m30s or ISO-8601 (PT5M)";
        }
        String example = bareNumberUnit == ChronoUnit.MILLIS ? "250" : "300";
        return "use " + unitName(bareNumberUnit) + " (" + example + "), 300s, 5m, 1h, 250ms or ISO-8601 (PT5M)";
    }

    /** Plural English name of a unit, as used in messages: "seconds", "milliseconds". */
    static String unitName(ChronoUnit unit) {
        return switch (unit) {
            case NANOS -> "nanoseconds";
            case MICROS -> "microseconds";
            case MILLIS -> "milliseconds";
            default -> unit.toString().toLowerCase(Locale.ROOT);
        };
    }
}
