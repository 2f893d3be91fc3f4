package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A test with faults brings its phase table and recovery figures to report.json, report.md and report.html. */
class PhaseReportTest {
    @TempDir
    Path reports;

    /** The per-test JSON's {@code phases} and {@code recovery}, as the load pipeline writes them. */
    private static void addPhases(ObjectNode doc) {
        ArrayNode phases = doc.putArray("phases");
        phase(phases.addObject(), "before", "BEFORE", 0, 10, 1200, 0, 12.5, 30.1);
        phase(phases.addObject(), "during latency 800ms on \"postgres\"", "DURING", 10, 20, 300, 6, 820.4, 2410.0);
        phase(phases.addObject(), "after heal of latency 800ms on \"postgres\"", "AFTER", 20, 30, 1150, 1, 13.0, 35.2);
        ArrayNode recovery = doc.putArray("recovery");
        ObjectNode ok = recovery.addObject();
        ok.put("fault", "latency 800ms on \"postgres\"");
        ok.put("detectionSeconds", 0.08);
        ok.put("timeToRecoverSeconds", 1.42);
        ok.put("recovered", true);
        ok.put("withinSeconds", 10.0);
        ObjectNode bad = recovery.addObject();
        bad.put("fault", "partition-cut on \"redis\"");
        bad.putNull("detectionSeconds");
        bad.putNull("timeToRecoverSeconds");
        bad.put("recovered", false);
        bad.put("withinSeconds", 10.0);
        bad.put("problem", "still breached in the window from 9.90s after the heal: error rate of iterations");
    }

    private static void phase(
            ObjectNode p,
            String name,
            String kind,
            double from,
            double to,
            long count,
            long errors,
            double p99,
            double max) {
        p.put("name", name);
        p.put("kind", kind);
        p.put("fromSeconds", from);
        p.put("toSeconds", to);
        ObjectNode it = p.putObject("requests").putObject("iterations");
        it.put("count", count);
        it.put("errors", errors);
        it.put("errorRate", (double) errors / count);
        it.put("p50Ms", p99 / 2);
        it.put("p95Ms", p99 * 0.9);
        it.put("p99Ms", p99);
        it.put("maxMs", max);
    }

    @Test
    void theRunReportKeepsThePhasesAndTheRenderersShowThem() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "phases");
        Path file = run.resolve("tests/io.voiceload.suite.concurrentcalls.VoiceStreamsLoadIT.streamOneCall.json");
        ObjectNode doc = (ObjectNode) ReportFixtures.read(file);
        addPhases(doc);
        Files.writeString(file, doc.toString());
        ObjectNode report = RunReport.build(run, true, Set.of());

        assertThat(RunReportTest.schema().validate(report)).isEmpty();
        ObjectNode test = HtmlReportTest.test(report, "VoiceStreamsLoadIT.streamOneCall");
        assertThat(test.path("phases")).hasSize(3);
        assertThat(test.path("recovery").path(0).path("timeToRecoverSeconds").asDouble())
                .isEqualTo(1.42);

        String md = MarkdownReport.render(report);
        assertThat(md)
                .contains("<details><summary>Phases of VoiceStreamsLoadIT.streamOneCall</summary>")
                .contains("| during latency 800ms on \"postgres\" | 10 s → 20 s | ")
                .contains("| 300 | 6 | 2.00 | 410 ms | 738 ms | 820 ms | 2.41 s |")
                .contains("| ✅ | latency 800ms on \"postgres\" | 0.08 s | 1.42 s | 10 s |")
                .contains("| ❌ | partition-cut on \"redis\": still breached");

        String html = HtmlReport.render(report);
        String section = HtmlReportTest.section(html, "test-VoiceStreamsLoadIT-streamOneCall");
        assertThat(section)
                .contains("<h3>Phases</h3>", "<h3>Recovery</h3>")
                .contains("during latency 800ms on &quot;postgres&quot;")
                .contains("1.42 s")
                .contains("class=\"breach\"");
    }

    @Test
    void aTestWithoutFaultsHasNoPhaseTable() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "none");
        ObjectNode report = RunReport.build(run, true, Set.of());
        assertThat(MarkdownReport.render(report)).doesNotContain("Phases of");
        assertThat(HtmlReport.render(report)).doesNotContain("<h3>Phases</h3>", "<h3>Recovery</h3>");
    }
}
