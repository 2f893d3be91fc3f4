package io.voiceload.config;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Validation of scalar values written as text (overrides) or as JSON numbers turned into text. */
final class Values {

    static final Pattern PROFILE_NAME = Pattern.compile("[a-z][a-z0-9_-]*");

    private Values() {}

    static int wholeNumber(String text, String where, int min) {
        BigDecimal d = decimal(text);
        String rule = "must be a whole number >= " + min;
        if (d == null || !isIntegral(d) || d.compareTo(BigDecimal.valueOf(min)) < 0) {
            throw new ConfigException(where + ": " + rule);
        }
        if (d.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
            throw new ConfigException(where + ": " + rule + " and <= " + Integer.MAX_VALUE);
        }
        return d.intValueExact();
    }

    static long longNumber(String text, String where, long min) {
        BigDecimal d = decimal(text);
        String rule = min == Long.MIN_VALUE ? "must be a whole number" : "must be a whole number >= " + min;
        if (d == null || !isIntegral(d) || d.compareTo(BigDecimal.valueOf(min)) < 0) {
            throw new ConfigException(where + ": " + rule);
        }
        if (d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0
                || d.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) < 0) {
            throw new ConfigException(where + ": " + rule + " that fits in 64 bits");
        }
        return d.longValueExact();
    }

    /** A number above zero, e.g. a rate or a scale; {@code what} explains it in the message. */
    static double positiveNumber(String text, String where, String what) {
        BigDecimal d = decimal(text);
        if (d == null || d.signum() <= 0) {
            throw new ConfigException(where + ": must be a number > 0" + what);
        }
        return d.doubleValue();
    }

    static double nonNegativeNumber(String text, String where, String what) {
        BigDecimal d = decimal(text);
        if (d == null || d.signum() < 0) {
            throw new ConfigException(where + ": must be a number >= 0" + what);
        }
        return d.doubleValue();
    }

    static double fraction(String text, String where) {
        BigDecimal d = decimal(text);
        if (d == null || d.signum() < 0 || d.compareTo(BigDecimal.ONE) > 0) {
            throw new ConfigException(where + ": must be a number from 0 to 1 (a fraction: 0.01 = 1%)");
        }
        return d.doubleValue();
    }

    /** An absolute http or https URL with a host. */
    static URI httpUrl(String text, String where) {
        String problem = where + ": not an absolute http/https URL with a host (e.g. https://staging.example.com)";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            throw new ConfigException(problem);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https"))
                || uri.getHost() == null
                || uri.getHost().isEmpty()) {
            throw new ConfigException(problem);
        }
        return uri;
    }

    /**
     * A path on the target to ask for its readiness, such as {@code /health/ready} (a query is allowed), or
     * {@value TargetSettings#NO_READINESS_CHECK} for none, returned as written (stripped).
     */
    static String readinessPath(String text, String where) {
        String path = text == null ? "" : text.strip();
        if (path.equalsIgnoreCase(TargetSettings.NO_READINESS_CHECK)) {
            return TargetSettings.NO_READINESS_CHECK;
        }
        String problem = where + ": not a readiness path; use a path on the target such as /health/ready (it must"
                + " answer 2xx when the system is ready), or " + TargetSettings.NO_READINESS_CHECK
                + " to check only that the host resolves";
        if (!path.startsWith("/") || path.startsWith("//") || path.contains("#")) {
            throw new ConfigException(problem);
        }
        try {
            new URI("http://host" + path);
        } catch (URISyntaxException e) {
            throw new ConfigException(problem);
        }
        return path;
    }

    private static BigDecimal decimal(String text) {
        if (text == null) {
            return null;
        }
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isIntegral(BigDecimal d) {
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }
}
