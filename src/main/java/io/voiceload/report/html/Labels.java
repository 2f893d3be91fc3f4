package io.voiceload.report.html;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.model.Breakers;
import io.voiceload.report.model.Format;
import io.voiceload.report.model.ProfilesUsed;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the report calls the keys of the environment fingerprint ({@code host.memoryMb}) and of the signals of the
 * system under test ({@code platform.dbPool.waitP99Ms}), and how it writes their values: with their unit. Keys it
 * does not know are spelled out from their name ({@code shop.ordersPlaced} → "shop: orders placed"; a suffix
 * {@code Ms}, {@code Mb}, {@code Seconds}, {@code Ratio} or {@code Share} gives the unit), so a new field still reads.
 */
final class Labels {
    /** A key's label and, for a number, how to write it. */
    private record Label(String text, Unit unit) {}

    /** How a value is written. */
    enum Unit {
        NONE,
        COUNT,
        MS,
        MB,
        SECONDS,
        RATIO,
        CONNECTIONS,
        YES_NO
    }

    private static final Map<String, Label> ENVIRONMENT = Map.ofEntries(
            Map.entry("voiceloadVersion", new Label("voiceload version", Unit.NONE)),
            Map.entry("gitCommit", new Label("git commit", Unit.NONE)),
            Map.entry("gitDirty", new Label("uncommitted changes", Unit.YES_NO)),
            Map.entry("java.version", new Label("Java version", Unit.NONE)),
            Map.entry("java.vendor", new Label("Java vendor", Unit.NONE)),
            Map.entry("java.vm", new Label("Java VM", Unit.NONE)),
            Map.entry("java.feature", new Label("Java feature release", Unit.NONE)),
            Map.entry("java.inputArguments", new Label("JVM options of the test JVM", Unit.NONE)),
            Map.entry("os.name", new Label("operating system", Unit.NONE)),
            Map.entry("os.version", new Label("operating system version", Unit.NONE)),
            Map.entry("os.arch", new Label("CPU architecture", Unit.NONE)),
            Map.entry("host.cores", new Label("CPU cores", Unit.COUNT)),
            Map.entry("host.memoryMb", new Label("memory of the machine", Unit.MB)),
            Map.entry("host.heapMaxMb", new Label("maximum heap of the test JVM", Unit.MB)),
            Map.entry("host.timeZone", new Label("time zone", Unit.NONE)),
            Map.entry("profile", new Label("profile selected for the run", Unit.NONE)),
            Map.entry("seed", new Label("seed", Unit.NONE)),
            Map.entry("target", new Label("system under test", Unit.NONE)),
            Map.entry("infrastructure", new Label("Postgres, Redis and Toxiproxy", Unit.NONE)),
            Map.entry("infrastructure.postgres.provider", new Label("Postgres from", Unit.NONE)),
            Map.entry("infrastructure.postgres.version", new Label("Postgres version", Unit.NONE)),
            Map.entry("infrastructure.postgres.image", new Label("Postgres container image", Unit.NONE)),
            Map.entry("infrastructure.redis.provider", new Label("Redis from", Unit.NONE)),
            Map.entry("infrastructure.redis.version", new Label("Redis version", Unit.NONE)),
            Map.entry("infrastructure.redis.image", new Label("Redis container image", Unit.NONE)),
            Map.entry("infrastructure.toxiproxy", new Label("Toxiproxy", Unit.NONE)),
            Map.entry("infrastructure.toxiproxy.provider", new Label("Toxiproxy from", Unit.NONE)),
            Map.entry("infrastructure.toxiproxy.version", new Label("Toxiproxy version", Unit.NONE)),
            Map.entry("infrastructure.toxiproxy.image", new Label("Toxiproxy container image", Unit.NONE)),
            Map.entry("testcontainers", new Label("Testcontainers version", Unit.NONE)),
            Map.entry("docker", new Label("Docker", Unit.NONE)));

    /** The reference platform's signals ({@code PlatformSignals}); other systems' are spelled out. */
    private static final Map<String, Label> SIGNALS = Map.ofEntries(
            Map.entry("platform.dbPool.maxSize", new Label("DB pool size", Unit.CONNECTIONS)),
            Map.entry("platform.dbPool.acquisitions", new Label("DB pool: connections handed out", Unit.COUNT)),
            Map.entry("platform.dbPool.waitAvgMs", new Label("DB pool: wait for a connection, mean", Unit.MS)),
            Map.entry("platform.dbPool.waitP99Ms", new Label("DB pool: wait for a connection, p99", Unit.MS)),
            Map.entry("platform.dbPool.waitMaxMs", new Label("DB pool: wait for a connection, max", Unit.MS)),
            Map.entry("platform.dbPool.timeouts", new Label("DB pool: waits that timed out", Unit.COUNT)),
            Map.entry("platform.dbPool.maxPending", new Label("DB pool: most requests waiting at once", Unit.COUNT)),
            Map.entry("platform.pmsCache.hits", new Label("PMS cache: hits", Unit.COUNT)),
            Map.entry("platform.pmsCache.misses", new Label("PMS cache: misses", Unit.COUNT)),
            Map.entry("platform.pmsCache.hitRatio", new Label("PMS cache: hit ratio", Unit.RATIO)),
            Map.entry("platform.pmsFailovers", new Label("PMS failovers", Unit.COUNT)));

    /** The fields of each PMS endpoint's breaker ({@code platform.pmsBreakers.<endpoint>.<field>}). */
    private static final Map<String, Label> BREAKER = Map.of(
            "stateAtStart", new Label("state at the start", Unit.NONE),
            "stateAtEnd", new Label("state at the end", Unit.NONE),
            "calls", new Label("calls", Unit.COUNT),
            "failures", new Label("failed calls", Unit.COUNT),
            "notPermitted", new Label("calls not permitted (open or half open)", Unit.COUNT));

    private static final Pattern BREAKER_KEY = Pattern.compile("platform\\.pmsBreakers\\.([^.]+)\\.([^.]+)");

    private Labels() {}

    /** The label of an environment key ({@code host.memoryMb} → "memory of the machine"). */
    static String environment(String key) {
        Label l = ENVIRONMENT.get(key);
        return l != null ? l.text() : spelledOut(key);
    }

    /** An environment value as shown: {@code 24,000 MB}, "yes", "embedded platform, in the test JVM". */
    static String environmentValue(String key, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return key.equals("infrastructure") ? "not started in the test JVM" : "–";
        }
        switch (key) {
            case "profile" -> {
                return ProfilesUsed.selectedName(value.asText());
            }
            case "target" -> {
                return value.asText().equals("embedded")
                        ? "the embedded platform, in the test JVM"
                        : value.asText() + " (outside the test JVM)";
            }
            case "infrastructure.postgres.provider",
                    "infrastructure.redis.provider",
                    "infrastructure.toxiproxy.provider" -> {
                return value.asText().toLowerCase(Locale.ROOT);
            }
            default -> {
                Label l = ENVIRONMENT.get(key);
                return format(value, l != null ? l.unit() : unitOf(key));
            }
        }
    }

    /** The label of a signal key ({@code platform.dbPool.waitP99Ms} → "DB pool: wait for a connection, p99"). */
    static String signal(String key) {
        Label l = SIGNALS.get(key);
        if (l != null) {
            return l.text();
        }
        Matcher breaker = BREAKER_KEY.matcher(key);
        if (breaker.matches() && BREAKER.containsKey(breaker.group(2))) {
            return "PMS breaker of " + breaker.group(1) + ": "
                    + BREAKER.get(breaker.group(2)).text();
        }
        // The source ("platform", "shop") is the section's title when it is the only one; here it stays.
        return spelledOut(key);
    }

    /** A signal value with its unit: {@code 0.84 ms}, {@code 87.5 %}, {@code 10 connections}. */
    static String signalValue(String key, JsonNode value) {
        Label l = SIGNALS.get(key);
        Matcher breaker = BREAKER_KEY.matcher(key);
        if (l == null && breaker.matches() && BREAKER.containsKey(breaker.group(2))) {
            l = BREAKER.get(breaker.group(2));
            if (value.isTextual()) {
                return Breakers.state(value.asText());
            }
        }
        Unit unit = l != null ? l.unit() : unitOf(key);
        return format(value, unit == Unit.NONE && value.isIntegralNumber() ? Unit.COUNT : unit);
    }

    /** {@code shop.ordersPlaced} → "shop: orders placed"; {@code host.memoryMb} → "host: memory". */
    static String spelledOut(String key) {
        List<String> parts = new ArrayList<>();
        for (String part : key.split("\\.")) {
            parts.add(words(withoutUnit(part)));
        }
        return String.join(": ", parts);
    }

    private static String withoutUnit(String part) {
        for (String suffix : List.of("Ms", "Mb", "Seconds")) {
            if (part.endsWith(suffix) && part.length() > suffix.length()) {
                return part.substring(0, part.length() - suffix.length());
            }
        }
        return part;
    }

    /** camelCase → lower-case words; an acronym stays upper case ({@code dbPool} → "db pool", {@code pmsURL}). */
    private static String words(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1 $2")
                .replaceAll("([A-Z]+)([A-Z][a-z])", "$1 $2")
                .toLowerCase(Locale.ROOT);
    }

    private static Unit unitOf(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        if (last.endsWith("Ms")) {
            return Unit.MS;
        }
        if (last.endsWith("Mb")) {
            return Unit.MB;
        }
        if (last.endsWith("Seconds")) {
            return Unit.SECONDS;
        }
        if (last.endsWith("Ratio") || last.endsWith("Share")) {
            return Unit.RATIO;
        }
        return Unit.NONE;
    }

    private static String format(JsonNode value, Unit unit) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "–";
        }
        if (value.isArray()) {
            StringBuilder b = new StringBuilder();
            for (JsonNode v : value) {
                b.append(b.isEmpty() ? "" : " ").append(v.isValueNode() ? v.asText() : v.toString());
            }
            return b.isEmpty() ? "none" : b.toString();
        }
        if (unit == Unit.YES_NO && value.isBoolean()) {
            return value.asBoolean() ? "yes" : "no";
        }
        if (!value.isNumber()) {
            return value.asText();
        }
        double v = value.asDouble();
        return switch (unit) {
            case MS -> Format.ms(v);
            case MB -> Format.num(v, 4) + " MB";
            case SECONDS -> Format.seconds(v);
            case RATIO -> Format.pct(v);
            case CONNECTIONS -> Format.count(value.asLong()) + (value.asLong() == 1 ? " connection" : " connections");
            case COUNT -> Format.count(value.asLong());
            case NONE, YES_NO -> Format.plain(value);
        };
    }
}
