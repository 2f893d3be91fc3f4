package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSVs: headers exactly as documented, values equal to report.json's. */
class CsvReportsTest {
    @TempDir
    Path reports;

    JsonNode report;

    @BeforeEach
    void build() throws IOException {
        report = RunReport.build(ReportFixtures.copy("heavy-run", reports, "heavy"), true, Set.of());
    }

    @Test
    void statsHasLocustsColumnsPrefixedWithTestAndCategory() throws IOException {
        String csv = CsvReports.stats(report);
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("Test,Category,Type,Name,Request Count,Failure Count,Median Response Time,"
                        + "Average Response Time,Min Response Time,Max Response Time,Requests/s,Failures/s,"
                        + "50%,75%,90%,95%,99%,99.9%,100%");
        List<Map<String, String>> rows = rows(csv);
        JsonNode mixed = RunReportTest.test(report, "MixedOperationsLoadIT.aDayOfHotelCalls");
        Map<String, String> iteration = row(rows, "MixedOperationsLoadIT.aDayOfHotelCalls", "iteration");
        assertThat(iteration.get("Type")).isEqualTo("iteration");
        assertThat(iteration.get("Category")).isEqualTo("concurrent-calls");
        assertThat(Long.parseLong(iteration.get("Request Count")))
                .isEqualTo(mixed.path("iterations").path("count").asLong());
        assertThat(Long.parseLong(iteration.get("Failure Count")))
                .isEqualTo(mixed.path("iterations").path("failures").asLong())
                .isPositive();
        Map<String, String> post = row(rows, "MixedOperationsLoadIT.aDayOfHotelCalls", "POST /calls");
        JsonNode postStats = mixed.path("requests").path("POST /calls");
        assertThat(post.get("Type")).isEqualTo("POST");
        assertThat(Double.parseDouble(post.get("95%")))
                .isEqualTo(postStats.path("latencyMs").path("p95").asDouble());
        assertThat(Double.parseDouble(post.get("Median Response Time")))
                .isEqualTo(postStats.path("latencyMs").path("p50").asDouble());
        assertThat(Double.parseDouble(post.get("100%")))
                .isEqualTo(postStats.path("latencyMs").path("max").asDouble());
        assertThat(Double.parseDouble(post.get("Requests/s")))
                .isEqualTo(postStats.path("rps").asDouble());
        assertThat(row(rows, "VoiceStreamsLoadIT.streamOneCall", "voice.connect")
                        .get("Type"))
                .isEqualTo("custom");
        int expectedRows = 0;
        for (JsonNode t : report.path("tests")) {
            expectedRows += 1 + t.path("requests").size();
        }
        assertThat(rows).hasSize(expectedRows);
    }

    @Test
    void historyHasOneRowPerPointWithCumulativeCounts() throws IOException {
        ((ObjectNode) report).putObject("environment").putObject("host").put("timeZone", "Asia/Kolkata");
        String csv = CsvReports.history(report);
        assertThat(csv.lines().findFirst().orElseThrow())
                .isEqualTo("Timestamp,Test,Category,Name,t,User Count,Requests/s,Failures/s,50%,95%,99%,Max,"
                        + "Total Request Count,Total Failure Count");
        List<Map<String, String>> rows = rows(csv);
        JsonNode mixed = RunReportTest.test(report, "MixedOperationsLoadIT.aDayOfHotelCalls");
        JsonNode series = mixed.path("iterations").path("timeSeries");
        List<Map<String, String>> mine = rows.stream()
                .filter(r -> r.get("Test").equals("MixedOperationsLoadIT.aDayOfHotelCalls")
                        && r.get("Name").equals("iteration"))
                .toList();
        assertThat(mine).hasSize(series.size());
        JsonNode point = series.get(4);
        Map<String, String> row = mine.get(4);
        assertThat(Double.parseDouble(row.get("t"))).isEqualTo(point.path("t").asDouble());
        assertThat(Double.parseDouble(row.get("95%")))
                .isEqualTo(point.path("p95").asDouble());
        assertThat(Long.parseLong(row.get("User Count")))
                .isEqualTo(point.path("users").asLong());
        assertThat(Instant.parse(row.get("Timestamp")))
                .isEqualTo(Instant.parse(mixed.path("startedAt").asText())
                        .plusMillis(Math.round(point.path("t").asDouble() * 1000))
                        .truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(row.get("Timestamp"))
                .as("to the millisecond, with the offset of the run's zone")
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}[+-]\\d\\d:\\d\\d");
        assertThat(rows)
                .as("every timestamp in the zone the tests ran in (environment.host.timeZone)")
                .allSatisfy(r -> assertThat(r.get("Timestamp")).endsWith("+05:30"));
        long total = 0;
        for (int i = 0; i <= 4; i++) {
            total +=
                    series.get(i).path("ok").asLong() + series.get(i).path("ko").asLong();
        }
        assertThat(Long.parseLong(row.get("Total Request Count"))).isEqualTo(total);
    }

    @Test
    void failuresListEveryErrorOfTheReport() throws IOException {
        String csv = CsvReports.failures(report);
        assertThat(csv.lines().findFirst().orElseThrow()).isEqualTo("Test,Category,Name,Error,Occurrences,Sample");
        List<Map<String, String>> rows = rows(csv);
        assertThat(rows).hasSize(report.path("errors").size()).isNotEmpty();
        JsonNode first = report.path("errors").get(0);
        assertThat(rows.get(0).get("Error")).isEqualTo(first.path("error").asText());
        assertThat(Long.parseLong(rows.get(0).get("Occurrences")))
                .isEqualTo(first.path("count").asLong());
        assertThat(rows.get(0).get("Category")).isEqualTo("concurrent-calls");
    }

    @Test
    void columnConstantsMatchTheHeaders() {
        assertThat(CsvReports.STATS_COLUMNS).hasSize(19);
        assertThat(CsvReports.HISTORY_COLUMNS).hasSize(14);
        assertThat(CsvReports.FAILURES_COLUMNS).hasSize(6);
    }

    private static List<Map<String, String>> rows(String csv) throws IOException {
        CsvMapper mapper = new CsvMapper();
        try (MappingIterator<Map<String, String>> it = mapper.readerForMapOf(String.class)
                .with(CsvSchema.emptySchema().withHeader())
                .readValues(csv)) {
            return it.readAll();
        }
    }

    private static Map<String, String> row(List<Map<String, String>> rows, String test, String name) {
        return rows.stream()
                .filter(r -> r.get("Test").equals(test) && r.get("Name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no row " + test + " " + name));
    }
}
