package io.voiceload.report.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * How the report pages write a point in time: in the time zone of the machine that ran the tests (its
 * {@code environment.host.timeZone}), to the second, with the zone: {@code 2026-11-22 16:34:25 CET (UTC+01:00)}.
 * report.json keeps ISO-8601 UTC.
 */
public final class LocalTimes {
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final DateTimeFormatter OFFSET = DateTimeFormatter.ofPattern("xxx", Locale.ROOT);
    private static final DateTimeFormatter ABBREVIATION = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);

    private LocalTimes() {}

    /**
     * The zone a report (or a test of it) is shown in: the {@code environment.host.timeZone} its tests ran in,
     * else this JVM's.
     */
    public static ZoneId zoneOf(JsonNode reportOrTest) {
        String id =
                reportOrTest.path("environment").path("host").path("timeZone").asText("");
        if (!id.isEmpty()) {
            try {
                return ZoneId.of(id);
            } catch (DateTimeException e) {
                // an unknown zone id (a report from a newer JDK): this JVM's zone below
            }
        }
        return ZoneId.systemDefault();
    }

    /** {@code 2026-11-22 16:34:25 CET (UTC+01:00)}; the text itself when it is no ISO-8601 instant; "–" when empty. */
    public static String dateTime(String iso, ZoneId zone) {
        Instant at = parse(iso);
        if (at == null) {
            return iso == null || iso.isEmpty() ? "–" : iso;
        }
        ZonedDateTime t = at.atZone(zone);
        return DATE_TIME.format(t) + " " + zone(t);
    }

    /**
     * {@code 16:35:15} when {@code iso} falls on the same local day as {@code sameDayAs}, else the whole
     * {@link #dateTime}.
     */
    public static String timeOnSameDay(String iso, String sameDayAs, ZoneId zone) {
        Instant at = parse(iso);
        Instant day = parse(sameDayAs);
        if (at == null || day == null) {
            return dateTime(iso, zone);
        }
        ZonedDateTime t = at.atZone(zone);
        return t.toLocalDate().equals(day.atZone(zone).toLocalDate()) ? TIME.format(t) : dateTime(iso, zone);
    }

    /**
     * The zone at that time: {@code CET (UTC+01:00)} for a zone with a common abbreviation (the offset too:
     * abbreviations repeat, IST is Indian and Israeli time); {@code UTC} or {@code UTC-03:00} for one without.
     */
    static String zone(ZonedDateTime t) {
        String offset = OFFSET.format(t);
        String abbreviation = ABBREVIATION.format(t);
        if (abbreviation.matches("[A-Z]{2,5}") && !abbreviation.equals("GMT") && !abbreviation.equals("UTC")) {
            return abbreviation + " (UTC" + offset + ")";
        }
        return offset.equals("+00:00") ? "UTC" : "UTC" + offset;
    }

    /** The ISO-8601 instant {@code iso}; null when it is null, empty or no instant. */
    public static Instant parse(String iso) {
        if (iso == null || iso.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
