package io.voiceload.memory;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The leak verdict's words and numbers: MiB for bytes, three significant digits, ranges with en dashes. */
final class LeakText {

    private static final double MIB = 1024.0 * 1024.0;
    private static final String MINUS = "\u2212";
    private static final String DASH = "\u2013";
    private static final int ROW_VALUES = 16;
    private static final int TOP_SUSPECTS = 5;
    private static final int SUSPECT_FRAMES = 5;

    private LeakText() {}

    static String tooFewCycles(List<Cycle> judged, int warmupCycles, LeakLimits limits) {
        String which = judged.isEmpty()
                ? ""
                : " (cycles "
                        + range(judged.getFirst().index(), judged.getLast().index()) + ")";
        return "too few cycles after warm-up: " + judged.size() + which + " after " + warmupCycles
                + " warm-up cycle" + (warmupCycles == 1 ? "" : "s") + ", at least " + limits.minCycles()
                + " needed for a 95 % interval and a plateau check";
    }

    static String growthStopped(AxisVerdict a) {
        return "growth stopped: " + signed(a.resource(), a.tail().slope()) + unit(a.resource()) + " "
                + a.axis().label() + " over cycles " + range(a.tailFirstCycle(), a.lastCycle());
    }

    static String withinNoise(AxisVerdict a) {
        LeakResource r = a.resource();
        return "the last value is within the noise of the first (" + signed(r, a.last() - a.first()) + unit(r)
                + ", noise ±" + value(r, a.noise()) + unit(r) + ")";
    }

    static String withinAMinutesAllowance(AxisVerdict a, double spanMinutes) {
        LeakResource r = a.resource();
        return String.format(
                java.util.Locale.ROOT,
                "a run shorter than a minute may grow by a minute's allowance: %s%s over %.1f s, allowance %s%s",
                signed(r, a.last() - a.first()),
                unit(r),
                spanMinutes * 60,
                value(r, a.limit()),
                unit(r));
    }

    static String axisMessage(AxisVerdict a) {
        LeakResource r = a.resource();
        return switch (a.verdict()) {
            case NOT_JUDGED -> "not judged " + a.axis().label() + ": " + a.reason();
            case LEAK -> r.grows() + " " + growth(a) + ": a leak";
            case FLAT -> "flat: " + flatGrowth(a) + " (" + flatInterval(a, true) + ")";
        };
    }

    static String resourceMessage(ResourceVerdict v) {
        LeakResource r = v.resource();
        return switch (v.verdict()) {
            case NOT_JUDGED -> r.label() + " not judged: " + v.reason();
            case FLAT ->
                r.label() + " flat: "
                        + v.axes().stream()
                                .map(a -> flatGrowth(a) + " (" + flatInterval(a, false) + ")")
                                .collect(Collectors.joining(" and "))
                        + ", " + v.values().size() + " cycles";
            case LEAK -> leakLine(v) + "\n  " + row(v);
        };
    }

    private static String leakLine(ResourceVerdict v) {
        List<String> clauses = new ArrayList<>();
        for (AxisVerdict a : v.axes()) {
            if (a.verdict() == Verdict.NOT_JUDGED) {
                clauses.add("not judged " + a.axis().label() + " (" + a.reason() + ")");
            } else if (clauses.isEmpty()) {
                clauses.add(growth(a));
            } else {
                clauses.add(value(a.resource(), a.fit().slope()) + unit(a.resource()) + " "
                        + a.axis().label() + " ("
                        + interval(a) + "; limit " + limit(a) + (a.reason().isEmpty() ? "" : "; " + a.reason())
                        + ")");
            }
        }
        String which = v.axes().stream()
                .filter(AxisVerdict::isLeak)
                .map(a -> a.axis().label())
                .collect(Collectors.joining(" and "));
        return v.resource().label() + " " + v.resource().grows() + " " + String.join(" and ", clauses) + ": a leak "
                + which;
    }

    /** {@code 2.31 MiB per 1,000 iterations (95 % interval 1.90–2.72; limit 1 MiB)}. */
    private static String growth(AxisVerdict a) {
        return value(a.resource(), a.fit().slope()) + unit(a.resource()) + " "
                + a.axis().label()
                + " (95 % interval " + interval(a) + "; limit " + limit(a)
                + (a.reason().isEmpty() ? "" : "; " + a.reason()) + ")";
    }

    /** {@code +0.02 MiB per 1,000 iterations}. */
    private static String flatGrowth(AxisVerdict a) {
        return signed(a.resource(), a.fit().slope()) + unit(a.resource()) + " "
                + a.axis().label();
    }

    /** {@code −0.10–0.14}, with the limit when asked or when the growth was forgiven. */
    private static String flatInterval(AxisVerdict a, boolean withLimit) {
        String text = interval(a);
        if (withLimit || !a.reason().isEmpty()) {
            text += "; limit " + limit(a);
        }
        return a.reason().isEmpty() ? text : text + "; " + a.reason();
    }

    private static String interval(AxisVerdict a) {
        GrowthFit f = a.fit();
        int decimals = decimals(
                scale(a.resource(), f.slope()), scale(a.resource(), f.lower()), scale(a.resource(), f.upper()));
        return number(scale(a.resource(), f.lower()), decimals)
                + DASH
                + number(scale(a.resource(), f.upper()), decimals);
    }

    private static String limit(AxisVerdict a) {
        return plain(BigDecimal.valueOf(scale(a.resource(), a.limit()))
                        .round(new MathContext(3))
                        .doubleValue())
                + unit(a.resource());
    }

    static String verdictMessage(LeakVerdict v) {
        return switch (v.verdict()) {
            case NOT_JUDGED -> "leak not judged: " + v.reason();
            case FLAT -> flatSummary(v);
            case LEAK -> leakReport(v);
        };
    }

    private static String flatSummary(LeakVerdict v) {
        List<String> parts = new ArrayList<>();
        parts.add(v.resources().getFirst().message());
        List<String> flat = v.resources().stream()
                .skip(1)
                .filter(r -> r.verdict() == Verdict.FLAT)
                .map(r -> r.resource().label())
                .toList();
        if (!flat.isEmpty()) {
            parts.add(list(flat) + " flat");
        }
        v.resources().stream()
                .skip(1)
                .filter(r -> r.verdict() == Verdict.NOT_JUDGED)
                .forEach(r -> parts.add(r.message()));
        return String.join("; ", parts);
    }

    private static String leakReport(LeakVerdict v) {
        List<String> lines = new ArrayList<>();
        v.resources().stream().filter(ResourceVerdict::isLeak).forEach(r -> lines.add(r.message()));
        List<Suspect> top = v.suspects().stream()
                .sorted(Comparator.comparingLong(Suspect::samples).reversed())
                .limit(TOP_SUSPECTS)
                .toList();
        if (!top.isEmpty()) {
            lines.add("top suspects:");
            for (Suspect s : top) {
                lines.add("  " + s.className() + ": " + s.samples() + " sample" + (s.samples() == 1 ? "" : "s"));
                s.stack().stream()
                        .limit(SUSPECT_FRAMES)
                        .forEach(frame -> lines.add("    " + (frame.startsWith("at ") ? frame : "at " + frame)));
            }
        }
        List<String> flat = v.resources().stream()
                .filter(r -> r.verdict() == Verdict.FLAT)
                .map(r -> r.resource().label())
                .toList();
        if (!flat.isEmpty()) {
            lines.add("flat: " + list(flat));
        }
        v.resources().stream().filter(r -> r.verdict() == Verdict.NOT_JUDGED).forEach(r -> lines.add(r.message()));
        return String.join("\n", lines);
    }

    /** {@code cycles 3–12: 61.2 64.0 66.9 … MiB}: every value up to 16 of them, else the first 8 and the last 7. */
    static String row(ResourceVerdict v) {
        LeakResource r = v.resource();
        List<Long> values = v.values();
        List<String> shown = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            if (values.size() > ROW_VALUES && i == ROW_VALUES / 2) {
                shown.add("…");
                i = values.size() - ROW_VALUES / 2 + 1;
            }
            shown.add(
                    r.isBytes()
                            ? String.format(Locale.ROOT, "%.1f", values.get(i) / MIB)
                            : Long.toString(values.get(i)));
        }
        int lastCycle = v.axes().isEmpty()
                ? v.firstCycle() + values.size() - 1
                : v.axes().getFirst().lastCycle();
        return "cycles " + range(v.firstCycle(), lastCycle) + ": " + String.join(" ", shown) + " "
                + (r.isBytes() ? "MiB" : r.unit());
    }

    static String range(int from, int to) {
        return from + DASH + to;
    }

    private static String list(List<String> items) {
        if (items.size() == 1) {
            return items.getFirst();
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.getLast();
    }

    private static double scale(LeakResource r, double v) {
        return r.isBytes() ? v / MIB : v;
    }

    private static String unit(LeakResource r) {
        return r.isBytes() ? " MiB" : "";
    }

    /** A value in MiB or in its count, three significant digits. */
    private static String value(LeakResource r, double v) {
        double scaled = scale(r, v);
        return number(scaled, decimals(scaled));
    }

    private static String signed(LeakResource r, double v) {
        String text = value(r, v);
        return text.startsWith(MINUS) ? text : "+" + text;
    }

    /** Two decimals under 10, one under 100, none from 100 on: three significant digits for most values. */
    private static int decimals(double... values) {
        double max = 0;
        for (double v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max >= 100 ? 0 : max >= 10 ? 1 : 2;
    }

    /** The number with a true minus sign, none for a value that rounds to zero. */
    static String number(double v, int decimals) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", Math.abs(v));
        return v < 0 && text.chars().anyMatch(c -> c >= '1' && c <= '9') ? MINUS + text : text;
    }

    /** A limit or a bad value as written: {@code 1}, {@code 1.5}, {@code -1}, {@code NaN}. */
    static String plain(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
