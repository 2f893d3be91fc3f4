package io.voiceload.config;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes as the configuration writes them: {@code 512KB}, {@code 16MB}, {@code 1.5GB}, {@code 64MiB}, or a
 * bare number of bytes. K, M and G are powers of 1,024 with or without the {@code i}, as the JVM's own {@code -Xmx512m}
 * reads them: a memory limit written {@code 512MB} means the same as the heap size {@code -Xmx512m}.
 *
 * <pre>{@code
 * long limit = ByteSizes.parse("16MB", "categories.memory.settings.leak.heap_per_minute"); // 16 * 1024 * 1024
 * String shown = ByteSizes.display(limit); // "16 MiB"
 * }</pre>
 */
public final class ByteSizes {

    private static final Pattern SIZE =
            Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(B|KB|KIB|K|MB|MIB|M|GB|GIB|G)?", Pattern.CASE_INSENSITIVE);

    private ByteSizes() {}

    /**
     * The size {@code text} writes, in bytes.
     *
     * @param where names the key in the error, e.g. {@code load_test_config.json: categories.memory.settings.x}
     * @throws ConfigException naming {@code where}, the value and the accepted forms
     */
    public static long parse(String text, String where) {
        Matcher m = text == null ? null : SIZE.matcher(text.strip());
        if (m == null || !m.matches()) {
            throw new ConfigException(where + " = " + (text == null ? "null" : "\"" + text + "\"")
                    + ": not a size; write bytes as 1048576, 512KB, 16MB, 1.5GB (or KiB, MiB, GiB: K, M and G are"
                    + " powers of 1,024, as in -Xmx512m)");
        }
        String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
        long multiplier =
                switch (unit.charAt(0)) {
                    case 'K' -> 1L << 10;
                    case 'M' -> 1L << 20;
                    case 'G' -> 1L << 30;
                    default -> 1L;
                };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(multiplier));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new ConfigException(where + " = \"" + text + "\": too large");
        }
        return bytes.longValue();
    }

    /** {@code 1.5 MiB}, {@code 512 KiB}, {@code 900 B}: three significant figures at most. */
    public static String display(double bytes) {
        double magnitude = Math.abs(bytes);
        if (magnitude < 1024) {
            return String.format(Locale.ROOT, "%.0f B", bytes);
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024;
        int i = 0;
        while (Math.abs(value) >= 1024 && i < units.length - 1) {
            value /= 1024;
            i++;
        }
        String number = Math.abs(value) >= 100
                ? String.format(Locale.ROOT, "%.0f", value)
                : Math.abs(value) >= 10
                        ? String.format(Locale.ROOT, "%.1f", value)
                        : String.format(Locale.ROOT, "%.2f", value);
        return number + " " + units[i];
    }
}
