package io.voiceload.report;

import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.OverrideKey;
import io.voiceload.config.Overrides;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code -Dloadtest.baseline*} asks for: the baseline report ({@code loadtest.baseline}), the margin
 * ({@code loadtest.baseline.margin}, else the configuration's {@code baseline_margin}, else
 * {@value BaselineRules#DEFAULT_MARGIN}) and whether to compare despite differences
 * ({@code loadtest.baseline.force}). Each also reads its {@code LOADTEST_BASELINE*} environment variable.
 *
 * @param report the baseline report.json
 * @param margin a fraction, 0 to 1
 * @param marginOrigin where the margin came from, for messages
 * @param force compare even when environments or plans differ (the comparison is marked forced)
 */
public record BaselineSettings(Path report, double margin, String marginOrigin, boolean force) {

    /** The property naming the baseline report. */
    public static final String BASELINE = "loadtest.baseline";
    /** The property of the margin. */
    public static final String MARGIN = "loadtest.baseline.margin";
    /** The property that compares despite differences. */
    public static final String FORCE = "loadtest.baseline.force";

    /**
     * The settings of this JVM; empty when no baseline is asked for.
     *
     * @throws IllegalArgumentException naming the key and the allowed range, for a bad margin
     * @throws io.voiceload.config.ConfigException naming the key and the allowed values, for a bad force
     */
    public static Optional<BaselineSettings> fromSystem() {
        Overrides overrides = Overrides.fromSystem();
        String path = overrides.raw(BASELINE);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        String marginText = overrides.raw(MARGIN);
        double margin;
        String origin;
        if (marginText != null && !marginText.isBlank()) {
            margin = parseMargin(marginText, "-D" + MARGIN + "=" + marginText);
            origin = "-D" + MARGIN;
        } else {
            Double configured = LoadTestConfig.shared().defaults().baselineMargin();
            margin = configured == null ? BaselineRules.DEFAULT_MARGIN : configured;
            origin = configured == null ? "default" : LoadTestConfig.FILE_NAME + " baseline_margin";
        }
        boolean force = overrides.flag(OverrideKey.BASELINE_FORCE, false);
        return Optional.of(new BaselineSettings(Path.of(path.strip()), margin, origin, force));
    }

    /**
     * A margin: {@code 10%}, {@code 10 %} or the fraction {@code 0.10}; from 0 to 100 % (a fraction from 0 to 1).
     *
     * @param where names the value in the error, e.g. {@code -Dloadtest.baseline.margin=abc}
     * @throws IllegalArgumentException naming {@code where} and the allowed range
     */
    public static double parseMargin(String text, String where) {
        String allowed = ": a baseline margin is a percentage from 0% to 100% (e.g. 10%) or a fraction from 0 to 1"
                + " (e.g. 0.10)";
        String t = text == null ? "" : text.strip();
        boolean percent = t.endsWith("%");
        if (percent) {
            t = t.substring(0, t.length() - 1).strip();
        }
        BigDecimal d;
        try {
            d = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + allowed);
        }
        if (percent) {
            d = d.movePointLeft(2);
        }
        if (d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
            String hint = !percent && d.compareTo(BigDecimal.ONE) > 0 && d.compareTo(BigDecimal.valueOf(100)) <= 0
                    ? " (did you mean " + t + "%?)"
                    : "";
            throw new IllegalArgumentException(where + allowed + hint);
        }
        return d.doubleValue();
    }

    /** {@code 10 %}. */
    public String marginText() {
        return formatMargin(margin);
    }

    /** A margin as a percentage, {@code 10 %}. */
    public static String formatMargin(double margin) {
        return BigDecimal.valueOf(margin).movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }
}
