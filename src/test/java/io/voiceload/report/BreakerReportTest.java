package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PMS connector's circuit breakers ({@code signals.platform.pmsBreakers}) in the run report: kept in report.json
 * as the schema says, drawn as a timeline of states per endpoint on the test's time axis with a table of the
 * transitions in report.html, listed in report.md; the failovers in the signal table.
 */
class BreakerReportTest {
    private static final String VOICE =
            "tests/io.voiceload.suite.concurrentcalls.VoiceStreamsLoadIT.streamOneCall.json";
    private static final String SECTION = "test-VoiceStreamsLoadIT-streamOneCall";
    /** One segment of the timeline as drawn. */
    private static final Pattern SEGMENT = Pattern.compile(
            "<rect data-lane=\"([^\"]+)\" data-state=\"([^\"]+)\" x=\"([0-9.]+)\" y=\"[0-9.]+\" width=\"([0-9.]+)\""
                    + " height=\"[0-9.]+\" fill=\"([^\"]+)\"");

    @TempDir
    Path reports;

    private record Segment(String lane, String state, double x, double width, String fill) {}

    /**
     * The tiny run with breakers on its voice test (its time series runs from 1 s to 11.53 s): {@code primary}
     * changes at the given seconds since the test started through the given states, from closed; {@code secondary}
     * stays closed.
     */
    private ObjectNode run(String runId, double[] at, String... to) throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, runId);
        Path file = run.resolve(VOICE);
        ObjectNode doc = (ObjectNode) ReportFixtures.read(file);
        long start = Instant.parse(doc.path("startedAt").asText()).toEpochMilli();
        ObjectNode platform = doc.putObject("signals").putObject("platform");
        ObjectNode breakers = platform.putObject("pmsBreakers");
        ObjectNode primary = breakers.putObject("primary");
        primary.put("stateAtStart", "closed").put("stateAtEnd", to.length == 0 ? "closed" : to[to.length - 1]);
        primary.put("calls", 120).put("failures", 7).put("notPermitted", 30);
        ArrayNode transitions = primary.putArray("transitions");
        String from = "closed";
        for (int i = 0; i < at.length; i++) {
            long ms = start + Math.round(at[i] * 1000);
            transitions
                    .addObject()
                    .put("at", Instant.ofEpochMilli(ms).toString())
                    .put("atEpochMs", ms)
                    .put("from", from)
                    .put("to", to[i]);
            from = to[i];
        }
        breakers.putObject("secondary")
                .put("stateAtStart", "closed")
                .put("stateAtEnd", "closed")
                .put("calls", 40)
                .put("failures", 0)
                .put("notPermitted", 0)
                .putArray("transitions");
        platform.put("pmsFailovers", 42);
        Files.writeString(file, doc.toString());
        return RunReport.build(run, true, Set.of());
    }

    private static List<Segment> segments(String html) {
        List<Segment> out = new ArrayList<>();
        Matcher m = SEGMENT.matcher(html);
        while (m.find()) {
            out.add(new Segment(
                    m.group(1),
                    m.group(2),
                    Double.parseDouble(m.group(3)),
                    Double.parseDouble(m.group(4)),
                    m.group(5)));
        }
        return out;
    }

    @Test
    void anOpenHalfOpenClosedSequenceIsDrawnAsBandsOnTheTestsTimeAxisAndListed() throws IOException {
        ObjectNode report = run("flap", new double[] {2.0, 5.0, 6.5}, "open", "half_open", "closed");

        RunReportTest.assertValid(report);
        String section = HtmlReportTest.section(HtmlReport.render(report), SECTION);
        assertThat(section).contains("<h3>Circuit breakers</h3>", "Circuit breakers of the PMS connector");
        List<Segment> primary = segments(section).stream()
                .filter(s -> s.lane().equals("primary"))
                .toList();
        List<Segment> secondary = segments(section).stream()
                .filter(s -> s.lane().equals("secondary"))
                .toList();
        assertThat(primary).extracting(Segment::state).containsExactly("closed", "open", "half_open", "closed");
        assertThat(primary).extracting(Segment::fill).containsExactly("#59a14f", "#e15759", "#f0b323", "#59a14f");
        assertThat(secondary).extracting(Segment::state).containsExactly("closed");
        // The throughput chart's axis: x = 64 at 1 s, 556 px on to 11.53 s.
        double pxPerSecond = 556 / 10.53;
        double[] starts = {1.0, 2.0, 5.0, 6.5};
        for (int i = 0; i < primary.size(); i++) {
            assertThat(primary.get(i).x()).isCloseTo(64 + (starts[i] - 1) * pxPerSecond, within(0.2));
        }
        assertThat(primary.get(1).width()).isCloseTo(3 * pxPerSecond, within(0.2));
        Segment last = primary.getLast();
        assertThat(last.x() + last.width()).isCloseTo(620, within(0.2));
        assertThat(secondary.getFirst().x()).isEqualTo(64);
        assertThat(secondary.getFirst().width()).isCloseTo(556, within(0.2));
        assertThat(section)
                .contains("<td class=\"num\">2 s</td><td>primary</td><td>closed</td><td>→</td><td>open</td>")
                .contains("<td>open</td><td>→</td><td>half open</td>")
                .contains("<td>PMS failovers</td><td class=\"num\">42</td>")
                .contains(
                        "<td>PMS breaker of primary: calls not permitted (open or half open)</td><td class=\"num\">30</td>")
                .contains("<td>PMS breaker of primary: state at the end</td><td class=\"num\">closed</td>")
                .doesNotContain("atEpochMs", "transitions</td>");

        String md = MarkdownReport.render(report);
        assertThat(md)
                .contains("### Circuit breakers")
                .contains("**VoiceStreamsLoadIT.streamOneCall**: 3 transitions · 42 PMS failovers")
                .contains("- 2 s · primary: closed → **open**\n- 5 s · primary: open → half open\n"
                        + "- 6.5 s · primary: half open → closed\n");
    }

    @Test
    void theSchemaRefusesABreakerSectionOfTheWrongShape() throws IOException {
        ObjectNode report = run("shape", new double[] {2.0}, "open");
        RunReportTest.assertValid(report);
        ObjectNode platform = (ObjectNode) HtmlReportTest.test(report, "VoiceStreamsLoadIT.streamOneCall")
                .path("signals")
                .path("platform");
        ObjectNode transition = (ObjectNode)
                platform.path("pmsBreakers").path("primary").path("transitions").path(0);

        transition.remove("to");
        platform.put("pmsFailovers", -1);
        ((ObjectNode) platform.path("pmsBreakers").path("secondary")).put("stateAtEnd", "Half Open");

        assertThat(RunReportTest.schema().validate(report))
                .extracting(Object::toString)
                .anyMatch(m -> m.contains("transitions[0]") && m.contains("to"))
                .anyMatch(m -> m.contains("pmsFailovers"))
                .anyMatch(m -> m.contains("secondary.stateAtEnd"));
    }

    @Test
    void transitionsTheReportNoLongerHasAreSaidToBeMissing() throws IOException {
        ObjectNode report = run("lost", new double[] {2.0, 3.0}, "half_open", "closed");
        ObjectNode primary = (ObjectNode) HtmlReportTest.test(report, "VoiceStreamsLoadIT.streamOneCall")
                .path("signals")
                .path("platform")
                .path("pmsBreakers")
                .path("primary");
        // The first transition kept starts from open: the one into open was dropped by the platform.
        ((ObjectNode) primary.path("transitions").path(0)).put("from", "open");

        String section = HtmlReportTest.section(HtmlReport.render(report), SECTION);

        assertThat(section)
                .contains("primary: the run&#39;s first transitions are not shown")
                .contains("starts from open, not from closed");
        assertThat(segments(section).stream().filter(s -> s.lane().equals("primary")))
                .extracting(Segment::state)
                .containsExactly("open", "half_open", "closed");
        assertThat(HtmlReportTest.section(HtmlReport.render(run("kept", new double[] {2.0}, "open")), SECTION))
                .doesNotContain("first transitions are not shown");
    }

    @Test
    void withoutTransitionsThereIsNoChartButTheCountsStay() throws IOException {
        ObjectNode report = run("steady", new double[0]);

        RunReportTest.assertValid(report);
        String section = HtmlReportTest.section(HtmlReport.render(report), SECTION);
        assertThat(section).doesNotContain("Circuit breakers", "data-lane");
        assertThat(section).contains("<td>PMS failovers</td><td class=\"num\">42</td>");
        assertThat(MarkdownReport.render(report)).doesNotContain("Circuit breakers");
    }

    @Test
    void fiftyFlapsKeepEveryBandInOrderAndFoldTheirList() throws IOException {
        double[] at = new double[100];
        String[] to = new String[100];
        for (int i = 0; i < 100; i++) {
            at[i] = 1.5 + i * 0.1;
            to[i] = i % 2 == 0 ? "open" : "half_open";
        }
        ObjectNode report = run("flaps", at, to);

        RunReportTest.assertValid(report);
        String section = HtmlReportTest.section(HtmlReport.render(report), SECTION);
        List<Segment> primary = segments(section).stream()
                .filter(s -> s.lane().equals("primary"))
                .toList();
        assertThat(primary).hasSize(101);
        for (int i = 1; i < primary.size(); i++) {
            assertThat(primary.get(i).x()).isGreaterThan(primary.get(i - 1).x());
            assertThat(primary.get(i).state()).isNotEqualTo(primary.get(i - 1).state());
        }
        assertThat(section).contains("<details><summary>100 transitions</summary>");
        assertThat(MarkdownReport.render(report)).contains("<details><summary>All 100 transitions</summary>");
    }

    @Test
    void aTransitionBeforeTheTestStartedIsListedAtANegativeTimeAndClippedInTheChart() throws IOException {
        ObjectNode report = run("early", new double[] {-0.25, 3.0}, "open", "closed");

        String section = HtmlReportTest.section(HtmlReport.render(report), SECTION);
        List<Segment> primary = segments(section).stream()
                .filter(s -> s.lane().equals("primary"))
                .toList();
        assertThat(primary).extracting(Segment::state).containsExactly("open", "closed");
        assertThat(primary.getFirst().x()).isEqualTo(64);
        assertThat(section).contains("<td class=\"num\">-0.25 s</td>");
    }
}
