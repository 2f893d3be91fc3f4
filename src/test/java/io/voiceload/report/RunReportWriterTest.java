package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** All report files in the run directory and in latest/, and report.md's content. */
class RunReportWriterTest {
    @TempDir
    Path reports;

    @Test
    void writesEveryFileAndReplacesLatest() throws IOException {
        Path first = ReportFixtures.copy("tiny-run", reports, "20261122-153415");
        long start = System.nanoTime();
        RunReportWriter.Written written = RunReportWriter.write(first, true, Set.of());
        System.out.printf(
                Locale.ROOT, "[report] 7-test fixture run written in %.0f ms%n", (System.nanoTime() - start) / 1e6);
        for (String name : RunReportWriter.FILES) {
            assertThat(first.resolve(name)).isNotEmptyFile();
            assertThat(reports.resolve("latest").resolve(name)).hasSameTextualContentAs(first.resolve(name));
        }
        assertThat(reports.resolve("latest/tests")).isDirectoryContaining("glob:**CallCapacityIT.concurrentCalls.hlog");
        assertThat(written.summaryLine())
                .isEqualTo("[report] " + first.resolve("report.html") + " — 7 tests: 7 passed");
        assertThat(Files.readString(first.resolve("report.html"))).startsWith("<!doctype html>");

        Path second = ReportFixtures.copy("heavy-run", reports, "20261122-160050");
        RunReportWriter.Written again = RunReportWriter.write(second, true, Set.of());
        assertThat(again.summaryLine()).endsWith(" — 3 tests: 1 passed, 2 failed");
        JsonNode latest = ReportFixtures.read(reports.resolve("latest/report.json"));
        assertThat(latest.path("runId").asText()).isEqualTo("20261122-160050");
        try (Stream<Path> tests = Files.list(reports.resolve("latest/tests"))) {
            assertThat(tests.count()).as("the previous run's tests are gone").isEqualTo(6);
        }
        try (Stream<Path> left = Files.list(reports)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("20261122-153415", "20261122-160050", "latest");
        }
    }

    @Test
    void aReportWithoutTestsLeavesLatestAsItWas() throws IOException {
        Path first = ReportFixtures.copy("tiny-run", reports, "20261122-153415");
        RunReportWriter.write(first, true, Set.of());
        Path empty = Files.createDirectories(reports.resolve("20261122-160050/tests"));
        Files.writeString(empty.resolve("com.example.KilledIT.load.hlog"), ""); // a load cut short: no per-test JSON

        RunReportWriter.Written written = RunReportWriter.write(empty.getParent(), true, Set.of());

        assertThat(written.report().path("verdict").asText()).isEqualTo("empty");
        assertThat(empty.getParent().resolve("report.json")).isNotEmptyFile();
        assertThat(ReportFixtures.read(reports.resolve("latest/report.json"))
                        .path("runId")
                        .asText())
                .as("latest/ is the last report that held a test")
                .isEqualTo("20261122-153415");
        assertThat(reports.resolve("latest/tests")).isDirectoryContaining("glob:**CallCapacityIT.concurrentCalls.hlog");
    }

    @Test
    void markdownHasTheTablesFailuresRecommendationsAndBaseline() throws IOException {
        Path run = ReportFixtures.copy("heavy-run", reports, "heavy");
        Path mixed =
                run.resolve("tests/io.voiceload.suite.concurrentcalls.MixedOperationsLoadIT.aDayOfHotelCalls.json");
        ObjectNode doc = (ObjectNode) ReportFixtures.read(mixed);
        ObjectNode baseline = doc.putObject("baseline")
                .put("source", "/tmp/old/report.json")
                .put("runId", "20261101-120000")
                .put("margin", 0.1)
                .put("verdict", "regressed")
                .put("reason", "p95 of iteration +25.0 % > 10 %");
        baseline.putArray("rows")
                .addObject()
                .put("request", "iteration")
                .put("metric", "p95")
                .put("baseline", 100.0)
                .put("actual", 125.0)
                .put("changePct", 25.0)
                .put("limit", 110.0)
                .put("regressed", true);
        Files.writeString(mixed, doc.toString());
        RunReportWriter.write(run, true, Set.of());
        String md = Files.readString(run.resolve("report.md"));
        assertThat(md)
                .startsWith("## ❌ voiceload run heavy: failed")
                .contains(
                        "3 tests: 1 passed, 2 failed · 29,404 iterations, 77 failed · 92,686 HTTP requests, 77 failed")
                .contains("| concurrent-calls | ❌ failed | 3 | 1 | 2 |")
                .contains("held 200 concurrent calls; broke at 800")
                .contains("| MixedOperationsLoadIT.aDayOfHotelCalls | ❌ failed |")
                .contains("<details><summary>SLOs of VoiceStreamsLoadIT.streamOneCall</summary>")
                .contains("| ❌ | error rate | iterations | ≤ 0.00% |")
                .contains("| ✅ |")
                .contains("### Failures", "2 of 6 SLOs breached")
                .contains("### Recommendations", "The load generator was saturated")
                .contains(
                        "### Baseline",
                        "**MixedOperationsLoadIT.aDayOfHotelCalls** against 20261101-120000: ❌ regressed")
                .contains("| ❌ | iteration | p95 | 100.00 ms | 125.00 ms | +25.0 % | 110.00 ms |")
                .contains("<sub>Java ")
                .doesNotContain("timeSeries");
        assertThat(md.length()).as("short enough for a PR comment").isLessThan(65_536);
    }

    @Test
    void markdownSaysWhenNothingIsNotableAndWhenTheRunWasInterrupted() throws IOException {
        Path run = Files.createDirectories(reports.resolve("calm/tests"));
        Files.writeString(
                run.resolve("com.example.CalmIT.calm.json"),
                ReportFixtures.MAPPER
                        .createObjectNode()
                        .put("test", "com.example.CalmIT.calm")
                        .put("verdict", "passed")
                        .toString());
        RunReportWriter.Written written = RunReportWriter.write(run.getParent(), false, Set.of());
        String md = Files.readString(run.getParent().resolve("report.md"));
        assertThat(md).contains("Nothing notable").contains("Interrupted run").contains("1 test: 1 passed");
        assertThat(written.summaryLine()).endsWith(" — 1 test: 1 passed (interrupted run)");
    }

    @Test
    void anHourLongTestStaysSmallAndQuick() throws IOException {
        Path run = Files.createDirectories(reports.resolve("soak/tests"));
        Files.writeString(
                run.resolve("com.example.SoakIT.hour.json"),
                ReportFixtures.hourLongTest("hour", 3600).toString());
        long start = System.nanoTime();
        RunReportWriter.write(run.getParent(), true, Set.of());
        System.out.printf(
                Locale.ROOT,
                "[report] hour-long synthetic test written in %.0f ms%n",
                (System.nanoTime() - start) / 1e6);
        long size = Files.size(run.getParent().resolve("report.json"));
        System.out.printf(
                Locale.ROOT,
                "[report] its report.json: %d bytes (per-test JSON %d bytes)%n",
                size,
                Files.size(run.resolve("com.example.SoakIT.hour.json")));
        assertThat(size).isLessThan(Files.size(run.resolve("com.example.SoakIT.hour.json")) / 4);
    }
}
