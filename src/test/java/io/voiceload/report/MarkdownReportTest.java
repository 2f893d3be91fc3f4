package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.md says what it counts, lists every category, gives latency per test only, and local times. */
class MarkdownReportTest {
    @TempDir
    Path reports;

    private ObjectNode tinyRun(String runId) throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, runId);
        Path voice = run.resolve("tests/io.voiceload.suite.concurrentcalls.VoiceStreamsLoadIT.streamOneCall.json");
        ObjectNode doc = (ObjectNode) ReportFixtures.read(voice);
        TestResultJson.withUnitAndProfile(doc, "calls", null);
        doc.putObject("environment").putObject("host").put("timeZone", "Europe/Paris");
        Files.writeString(voice, doc.toString());
        return RunReport.build(run, true, Set.of());
    }

    @Test
    void countsSayWhatTheyCountEachTestInItsOwnUnit() throws IOException {
        String md = MarkdownReport.render(tinyRun("units"));

        assertThat(md)
                .contains("7 tests: 7 passed · 105 iterations, 0 failed · ")
                .containsPattern("· [0-9,]+ HTTP requests, 0 failed")
                .contains("| VoiceStreamsLoadIT.streamOneCall | ✅ passed | 15 calls | 0.00 % | 1.79 calls/s |")
                .contains("| CallCreationLoadIT.createAndFetchCalls | ✅ passed | 15 iterations |")
                .doesNotContain("| Requests |", "RPS");
    }

    @Test
    void givesLatencyPerTestWithItsUnitAndNoneAcrossTests() throws IOException {
        String md = MarkdownReport.render(tinyRun("latency"));

        assertThat(md)
                .contains("no percentile is taken across them")
                .contains("| 2.41 s | 2.99 s | 2.99 s |")
                .contains("| 14.1 ms | 25.9 ms | 25.9 ms |")
                .doesNotContain("p95 ms", "| 2994.73 |");
    }

    @Test
    void writesLatenciesAsTheHtmlPageDoes() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "digits");
        Path voice = run.resolve("tests/io.voiceload.suite.concurrentcalls.VoiceStreamsLoadIT.streamOneCall.json");
        ObjectNode doc = (ObjectNode) ReportFixtures.read(voice);
        TestResultJson.withUnitAndProfile(doc, "calls", null);
        ObjectNode iterations = (ObjectNode) doc.path("iterations");
        iterations.put("rps", 2322.4);
        ((ObjectNode) iterations.path("latencyMs"))
                .put("p50", 0.042)
                .put("p95", 5.0)
                .put("p99", 1234.0);
        Files.writeString(voice, doc.toString());
        ObjectNode report = RunReport.build(run, true, Set.of());

        assertThat(MarkdownReport.render(report))
                .as("three significant digits, the same text as report.html's")
                .contains("| 2,322 calls/s | 0.042 ms | 5 ms | 1.23 s |");
        assertThat(HtmlReport.render(report)).contains("0.042 ms", "1.23 s");
    }

    @Test
    void listsTheCategoriesWithoutATestInThisRun() throws IOException {
        String md = MarkdownReport.render(tinyRun("categories"));

        assertThat(md)
                .contains("| concurrent-calls | ✅ passed | 7 | 7 | 0 | 105 |")
                .contains("| pms-connector | ➖ no tests in this run | 0 |")
                .contains("| network-failure | ➖ no tests in this run | 0 |");
    }

    @Test
    void startsWithTheLocalTimeToTheSecondWithItsZoneAndTheProfilesUsed() throws IOException {
        String md = MarkdownReport.render(tinyRun("times"));

        assertThat(md)
                .contains("Started 2026-11-22 16:34:25 CET (UTC+01:00), took 50.4s · ")
                .contains("times in Europe/Paris")
                .doesNotContain("2026-11-22T15:34");
        assertThat(md).as("one test recorded no profile, the others nothing").contains(" · no profile\n");
    }

    @Test
    void saysWhichStepTheSloTableOfACapacitySearchIsOf() throws IOException {
        assertThat(MarkdownReport.render(tinyRun("last-step")))
                .contains("<summary>SLOs of CallCapacityIT.concurrentCalls at the last step (step 1, 5 concurrent"
                        + " calls) (the verdict is the search's: the highest step that held)</summary>")
                .doesNotContain("whole search");

        assertThat(MarkdownReport.render(
                        RunReport.build(ReportFixtures.copy("heavy-run", reports, "broke"), true, Set.of())))
                .contains("<summary>SLOs of CallCapacityIT.concurrentCalls at the breaking point (step 2, 800"
                        + " concurrent calls) (the verdict is the search's: the highest step that held)</summary>");
    }

    @Test
    void oneTestIsOneTest() throws IOException {
        Path run = Files.createDirectories(reports.resolve("one/tests"));
        Files.copy(
                ReportFixtures.copy("tiny-run", reports, "source")
                        .resolve(
                                "tests/io.voiceload.suite.concurrentcalls.CallCreationLoadIT.createAndFetchCalls.json"),
                run.resolve("io.voiceload.suite.concurrentcalls.CallCreationLoadIT.createAndFetchCalls.json"));

        String md = MarkdownReport.render(RunReport.build(run.getParent(), true, Set.of()));

        assertThat(md).contains("1 test: 1 passed · 15 iterations, 0 failed").doesNotContainPattern("\\b1 tests\\b");
    }
}
