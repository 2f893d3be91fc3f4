package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.voiceload.report.model.LocalTimes;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The CSV files of a run, shaped like Locust's ({@code --csv}): {@code stats.csv}, {@code stats_history.csv} and
 * {@code failures.csv}, one header row each, every number taken from {@code report.json}. Times in ms, rates per
 * second. The columns are the public constants below (and the table in docs/reports.md, "The CSVs").
 */
public final class CsvReports {
    /** One row per test × request name, plus the test's {@code iteration} row (Type {@code iteration}). */
    public static final List<String> STATS_COLUMNS = List.of(
            "Test",
            "Category",
            "Type",
            "Name",
            "Request Count",
            "Failure Count",
            "Median Response Time",
            "Average Response Time",
            "Min Response Time",
            "Max Response Time",
            "Requests/s",
            "Failures/s",
            "50%",
            "75%",
            "90%",
            "95%",
            "99%",
            "99.9%",
            "100%");

    /** One row per test × name × point of its (downsampled) time series. */
    public static final List<String> HISTORY_COLUMNS = List.of(
            "Timestamp",
            "Test",
            "Category",
            "Name",
            "t",
            "User Count",
            "Requests/s",
            "Failures/s",
            "50%",
            "95%",
            "99%",
            "Max",
            "Total Request Count",
            "Total Failure Count");

    /** One row per test × name × error kind. */
    public static final List<String> FAILURES_COLUMNS =
            List.of("Test", "Category", "Name", "Error", "Occurrences", "Sample");

    // Quote only where CSV needs it (commas, quotes, line breaks), as Locust's files do.
    private static final CsvMapper MAPPER = CsvMapper.builder()
            .enable(CsvGenerator.Feature.STRICT_CHECK_FOR_QUOTING)
            .build();
    /**
     * The Timestamp of stats_history.csv: ISO-8601 in the run's time zone with its offset, to the millisecond (points
     * of a short test are 100 ms apart): {@code 2026-11-22T16:34:25.100+01:00}.
     */
    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT);

    /** The Type of a request name that starts with no HTTP method. */
    static final String CUSTOM = "custom";

    private static final List<String> HTTP_METHODS =
            List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS", "WS");

    private CsvReports() {}

    /** {@code stats.csv} of a report.json document. */
    public static String stats(JsonNode report) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        for (JsonNode t : report.path("tests")) {
            if (!t.has("iterations")) {
                continue;
            }
            double seconds = t.path("measuredSeconds").asDouble(0);
            rows.add(statsRow(t, "iteration", "iteration", t.path("iterations"), seconds));
            for (Map.Entry<String, JsonNode> e : fields(t.path("requests"))) {
                rows.add(statsRow(t, type(e.getKey()), e.getKey(), e.getValue(), seconds));
            }
        }
        return write(STATS_COLUMNS, rows);
    }

    /** {@code stats_history.csv} of a report.json document. */
    public static String history(JsonNode report) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        ZoneId zone = LocalTimes.zoneOf(report);
        for (JsonNode t : report.path("tests")) {
            if (!t.has("iterations")) {
                continue;
            }
            Instant started = LocalTimes.parse(t.path("startedAt").asText(null));
            historyRows(rows, t, started, zone, "iteration", t.path("iterations"));
            for (Map.Entry<String, JsonNode> e : fields(t.path("requests"))) {
                historyRows(rows, t, started, zone, e.getKey(), e.getValue());
            }
        }
        return write(HISTORY_COLUMNS, rows);
    }

    /** {@code failures.csv} of a report.json document (its {@code errors}). */
    public static String failures(JsonNode report) throws IOException {
        List<List<Object>> rows = new ArrayList<>();
        Map<String, String> categories = new java.util.HashMap<>();
        report.path("tests")
                .forEach(t ->
                        categories.put(t.path("id").asText(), t.path("category").asText()));
        for (JsonNode e : report.path("errors")) {
            String test = e.path("test").asText();
            rows.add(List.of(
                    test,
                    categories.getOrDefault(test, ""),
                    e.path("request").asText(),
                    e.path("error").asText(),
                    e.path("count").asLong(),
                    e.path("sample").isNull() ? "" : e.path("sample").asText("")));
        }
        return write(FAILURES_COLUMNS, rows);
    }

    private static List<Object> statsRow(JsonNode t, String type, String name, JsonNode s, double seconds) {
        JsonNode lat = s.path("latencyMs");
        List<Object> row = new ArrayList<>();
        row.add(t.path("id").asText());
        row.add(t.path("category").asText());
        row.add(type);
        row.add(name);
        row.add(s.path("count").asLong());
        row.add(s.path("failures").asLong());
        row.add(lat.path("p50").asDouble());
        row.add(lat.path("avg").asDouble());
        row.add(lat.path("min").asDouble());
        row.add(lat.path("max").asDouble());
        row.add(s.path("rps").asDouble());
        row.add(seconds > 0 ? s.path("failures").asLong() / seconds : 0.0);
        for (String p : List.of("p50", "p75", "p90", "p95", "p99", "p99.9", "max")) {
            row.add(lat.path(p).asDouble());
        }
        return row;
    }

    private static void historyRows(
            List<List<Object>> rows, JsonNode t, Instant started, ZoneId zone, String name, JsonNode s) {
        double previous = 0;
        long requests = 0;
        long failures = 0;
        for (JsonNode p : s.path("timeSeries")) {
            double at = p.path("t").asDouble();
            double interval = at - previous;
            previous = at;
            long ko = p.path("ko").asLong();
            requests += p.path("ok").asLong() + ko;
            failures += ko;
            List<Object> row = new ArrayList<>();
            row.add(
                    started == null
                            ? ""
                            : TIMESTAMP.format(started.plusMillis(Math.round(at * 1000))
                                    .truncatedTo(ChronoUnit.MILLIS)
                                    .atZone(zone)));
            row.add(t.path("id").asText());
            row.add(t.path("category").asText());
            row.add(name);
            row.add(at);
            row.add(p.path("users").asLong());
            row.add(p.path("rps").asDouble());
            row.add(interval > 0 ? ko / interval : 0.0);
            row.add(p.path("p50").asDouble());
            row.add(p.path("p95").asDouble());
            row.add(p.path("p99").asDouble());
            row.add(p.path("max").asDouble());
            row.add(requests);
            row.add(failures);
            rows.add(row);
        }
    }

    /** Locust's Type: the HTTP method of a {@code "POST /calls"} name, {@code custom} for other names. */
    static String type(String name) {
        int space = name.indexOf(' ');
        String first = space < 0 ? "" : name.substring(0, space);
        return HTTP_METHODS.contains(first) ? first : CUSTOM;
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        return new ArrayList<>(node.properties());
    }

    private static String write(List<String> columns, List<List<Object>> rows) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        Writer out = new StringWriter();
        MAPPER.writerFor(List.class)
                .with(schema.build())
                .writeValues(out)
                .writeAll(rows)
                .close();
        return out.toString();
    }
}
