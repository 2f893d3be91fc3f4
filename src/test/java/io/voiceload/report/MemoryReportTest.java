package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory section of a test in report.html, report.md and report.json, whole and with each part missing. */
class MemoryReportTest {
    @TempDir
    Path runs;

    private static String memoryBlock(String html) {
        int start = html.indexOf("<div class=\"memory\">");
        assertThat(start).as("a memory block").isPositive();
        return html.substring(start, html.indexOf("</section>", start));
    }

    private static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg[\\s\\S]*?</svg>").matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    @Test
    void showsWhoseJvmItsChartsTablesAndTheRecording() throws Exception {
        ObjectNode test = MemoryFixtures.test("LeakDetectionIT.sustainedMix", "iterations", MemoryFixtures.memory());
        String block = memoryBlock(HtmlReport.render(MemoryFixtures.report(test)));

        assertThat(block)
                .contains("Memory of the platform in a child JVM (pid 4242, -Xmx512m -XX:+UseG1GC)")
                .doesNotContain("in-process")
                .contains("remote over JMX", "G1; explicit GC full", "<code>-Xmx512m -XX:+UseG1GC</code>")
                .contains(
                        "href=\"tests/LeakDetectionIT-sustainedMix.jfr\"",
                        "LeakDetectionIT-sustainedMix.jfr</a>",
                        "open in JDK Mission Control")
                .contains("Leak verdict <span class=\"badge failed\">leak</span>", "2 warm-up cycles not judged")
                .contains("heap after GC, peak", "212 MiB", "GC pause p99", "48.2 ms", "3.10 %", "402 KiB")
                .contains("(from thread allocation counters)", "resident set, max", "688 MiB")
                .contains("Heap after GC", "after young GC", "after mixed GC", "after full GC", "heap used")
                .contains("Heap after full GC per cycle: leak", "warm-up cycle", "judged cycle")
                .contains("fit +1.2 MiB per 1,000 iterations", "95 % lower", "95 % upper", "limit +512 KiB per")
                .contains("the 95 % bounds of the slope (lower, upper)")
                .contains("GC pauses", "p99 48.2 ms", "Allocation rate", "allocated (MiB/s)", "warm-up end")
                .contains("Leak fits", "973 KiB … 1.45 MiB", "Cycles (8)")
                .contains("GC by collector", "G1Full", "GC by cause", "System.gc()")
                .contains("Top allocation sites", "byte[]", "52.00 %", "AudioFrames.copy(AudioFrames.java:88) ← ")
                .contains("Leak suspects", "CallHistory.add", "1 min 44 s", "whole stack (5 frames)");
        assertThat(svgs(block)).hasSize(4);
        for (String svg : svgs(block)) { // every chart is well-formed XML
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void warnsWhenTheGeneratorSharesTheHeap() {
        ObjectNode m = MemoryFixtures.memory();
        m.put("target", "test JVM (load generator and embedded platform)");
        m.put("capture", "in-process (this JVM)");
        String block = memoryBlock(
                HtmlReport.render(MemoryFixtures.report(MemoryFixtures.test("HeapIT.mix", "iterations", m))));
        assertThat(block)
                .contains("Memory of the test JVM (load generator and embedded platform)")
                .contains("class=\"warn\">⚠ in-process: generator and platform share this heap");
    }

    @Test
    void rendersWhatIsThereOfAnOlderOrSmallerSection() {
        ObjectNode m = MemoryFixtures.memory();
        m.remove(List.of("leak", "jfr", "allocationSites", "suspects", "gcByCause", "marks"));
        String block = memoryBlock(
                HtmlReport.render(MemoryFixtures.report(MemoryFixtures.test("NoLeakIT.run", "iterations", m))));
        assertThat(block)
                .contains("Heap after GC", "GC pauses", "Allocation rate", "GC by collector")
                .doesNotContain(
                        "Leak verdict",
                        "per cycle",
                        "Leak fits",
                        "Mission Control",
                        "allocation sites",
                        "suspects",
                        "GC by cause",
                        "warm-up end");
        assertThat(svgs(block)).hasSize(3);

        String bare = memoryBlock(HtmlReport.render(MemoryFixtures.report(
                MemoryFixtures.test("Bare.run", "iterations", MemoryFixtures.MAPPER.createObjectNode()))));
        assertThat(bare).contains("Memory of the measured JVM");
        assertThat(svgs(bare)).isEmpty();
    }

    @Test
    void aLeakWithoutWarmUpOrBoundsDrawsTheFitAlone() {
        ObjectNode m = MemoryFixtures.memory();
        ObjectNode leak = (ObjectNode) m.path("leak");
        leak.put("verdict", "flat");
        leak.remove("warmupCycles");
        leak.path("cycles").forEach(c -> ((ObjectNode) c).put("warmup", false));
        ObjectNode heap = (ObjectNode) leak.path("fits").get(0);
        heap.remove(List.of("lower", "upper", "limit"));
        heap.put("axis", "per minute");
        String block = memoryBlock(
                HtmlReport.render(MemoryFixtures.report(MemoryFixtures.test("FlatIT.run", "iterations", m))));
        assertThat(block)
                .contains("Heap after full GC per cycle: flat", "minutes since the capture started", "judged cycle")
                .contains("badge held\">flat")
                .doesNotContain("warm-up cycle", "95 % lower", ">limit ");
    }

    @Test
    void aRecordingWhoseNameIsNoPlainFileNameIsNotLinked() {
        ObjectNode m = MemoryFixtures.memory();
        m.put("jfr", "javascript:alert(1)");
        String block =
                memoryBlock(HtmlReport.render(MemoryFixtures.report(MemoryFixtures.test("Odd.run", "iterations", m))));
        assertThat(block).doesNotContain("javascript:", "Mission Control");
    }

    @Test
    void theRunNamesTheDearestRequestPerByteWhenTwoTestsCarryIt() {
        ObjectNode calls = MemoryFixtures.test("CallsMemoryIT.calls", "calls", MemoryFixtures.memory());
        ((ObjectNode) calls.path("memory").path("summary"))
                .put("allocationPerIterationBytes", 3.5 * MemoryFixtures.MIB);
        ObjectNode queries = MemoryFixtures.test("PmsMemoryIT.lookups", "queries", MemoryFixtures.memory());
        ((ObjectNode) queries.path("memory").path("summary")).put("allocationPerIterationBytes", 48_000.0);
        ObjectNode events = MemoryFixtures.test("EventsMemoryIT.events", "events", MemoryFixtures.memory());
        ObjectNode none = MemoryFixtures.test("Other.run", "iterations", MemoryFixtures.memory());
        ((ObjectNode) none.path("memory").path("summary")).remove("allocationPerIterationBytes");

        String html = HtmlReport.render(MemoryFixtures.report(queries, none, calls, events));
        int table = html.indexOf("id=\"allocation-ranking\"");
        assertThat(table).isPositive();
        String ranking = html.substring(table, html.indexOf("</section>", table));
        assertThat(ranking).contains("one call", "one query", "one event", "3.5 MiB", "46.9 KiB");
        assertThat(ranking.indexOf("CallsMemoryIT.calls"))
                .isLessThan(ranking.indexOf("EventsMemoryIT.events"))
                .isLessThan(ranking.indexOf("PmsMemoryIT.lookups"));
        assertThat(ranking).doesNotContain("Other.run");

        String md = MarkdownReport.render(MemoryFixtures.report(queries, none, calls, events));
        assertThat(md).contains("Allocated per iteration, dearest first");
        assertThat(md.indexOf("| CallsMemoryIT.calls | 3.5 MiB | call |"))
                .isPositive()
                .isLessThan(md.indexOf("| EventsMemoryIT.events | 402 KiB | event |"))
                .isLessThan(md.indexOf("| PmsMemoryIT.lookups | 46.9 KiB | query |"));

        assertThat(HtmlReport.render(MemoryFixtures.report(calls, none))).doesNotContain("allocation-ranking");
        assertThat(MarkdownReport.render(MemoryFixtures.report(calls, none))).doesNotContain("dearest first");
    }

    @Test
    void markdownGivesAFewLinesPerTest() {
        ObjectNode m = MemoryFixtures.memory();
        String md = MarkdownReport.render(
                MemoryFixtures.report(MemoryFixtures.test("LeakDetectionIT.sustainedMix", "calls", m)));
        assertThat(md)
                .contains("### Memory")
                .contains("**LeakDetectionIT.sustainedMix**: platform in a child JVM (pid 4242, -Xmx512m"
                        + " -XX:+UseG1GC)\n")
                .contains("- heap after GC peak 212 MiB, last 205 MiB · GC pause p99 48.2 ms · GC CPU share 3.10 %"
                        + " · 402 KiB allocated per call\n")
                .contains("- Leak verdict: ❌ leak: heap after full GC rose +1.2 MiB per 1,000 iterations");

        m.put("capture", "in-process (this JVM)");
        m.remove("leak");
        String inProcess = MarkdownReport.render(MemoryFixtures.report(MemoryFixtures.test("A.b", "calls", m)));
        assertThat(inProcess)
                .contains("⚠️ in-process: generator and platform share this heap")
                .doesNotContain("Leak verdict");

        assertThat(MarkdownReport.render(MemoryFixtures.report(
                        (ObjectNode) MemoryFixtures.test("A.b", "calls", m).without("memory"))))
                .doesNotContain("### Memory");
    }

    @Test
    void memorySlosReadInTheirUnits() {
        ObjectNode test = MemoryFixtures.test("LeakDetectionIT.sustainedMix", "iterations", MemoryFixtures.memory());
        ArrayNode slos = test.putArray("slos");
        slo(slos, "heap after GC", "≤ 256 MiB", 256 * MemoryFixtures.MIB, 212.4 * MemoryFixtures.MIB, true);
        slo(slos, "GC pause p99", "≤ 50 ms", 50, 48.2, true);
        slo(slos, "GC CPU share", "≤ 5 %", 0.05, 0.081, false);
        test.put("measuredSeconds", 120.0);
        String html = HtmlReport.render(MemoryFixtures.report(test));
        assertThat(html)
                .contains("<td>heap after GC</td><td>target JVM</td><td>≤ 256 MiB</td><td class=\"num\">212 MiB</td>")
                .contains("<td>GC pause p99</td><td>target JVM</td><td>≤ 50 ms</td><td class=\"num\">48.2 ms</td>")
                .contains("<td>GC CPU share</td><td>target JVM</td><td>≤ 5 %</td><td class=\"num\">8.1 %</td>");
        assertThat(MarkdownReport.render(MemoryFixtures.report(test)))
                .contains("| heap after GC | target JVM | ≤ 256 MiB | 212 MiB |")
                .contains("| GC pause p99 | target JVM | ≤ 50 ms | 48.2 ms |")
                .contains("| GC CPU share | target JVM | ≤ 5 % | 8.1 % |");
        // the near-limit advice quotes the value in its unit too
        assertThat(Recommendations.of(List.of(test)).toString()).contains("actual 48.2 ms (96 % of the limit)");
    }

    @Test
    void reportJsonCarriesTheSectionAndShrinksItsSeries() throws Exception {
        Path run = runs.resolve("20261207-174000");
        Files.createDirectories(run.resolve("tests"));
        ObjectNode source = MemoryFixtures.MAPPER.createObjectNode();
        source.put("test", "io.voiceload.memory.LeakDetectionIT.sustainedMix");
        source.putArray("tags").add("memory");
        ObjectNode memory = MemoryFixtures.memory();
        ArrayNode series = (ArrayNode) memory.path("series");
        for (int t = 121; t <= 3600; t++) { // an hour of 1-second points
            series.addObject()
                    .put("t", (double) t)
                    .put("heapUsedBytes", t == 1800 ? 900L * 1024 * 1024 : 100L * 1024 * 1024)
                    .put("allocationBytesPerSecond", 80 * MemoryFixtures.MIB)
                    .put("liveThreads", 50);
        }
        source.set("memory", memory);
        MemoryFixtures.MAPPER.writeValue(
                run.resolve("tests/io.voiceload.memory.LeakDetectionIT.sustainedMix.json")
                        .toFile(),
                source);

        JsonNode report = RunReport.build(run, true, Set.of());
        RunReportTest.assertValid(report);
        JsonNode m = report.path("tests").get(0).path("memory");
        assertThat(m.path("jfr").asText()).isEqualTo("LeakDetectionIT-sustainedMix.jfr");
        assertThat(m.path("leak").toString())
                .isEqualTo(MemoryFixtures.memory().path("leak").toString());
        assertThat(m.path("gcs")).hasSize(MemoryFixtures.memory().path("gcs").size());
        assertThat(m.path("series").size()).isLessThanOrEqualTo(300);
        double peak = 0;
        for (JsonNode p : m.path("series")) {
            peak = Math.max(peak, p.path("heapUsedBytes").asDouble());
        }
        assertThat(peak).as("a bucket keeps its peak heap").isEqualTo(900.0 * 1024 * 1024);
        assertThat(m.path("series").get(10).path("allocationBytesPerSecond").asDouble())
                .isBetween(70 * MemoryFixtures.MIB, 90 * MemoryFixtures.MIB);
    }

    private static void slo(
            ArrayNode slos, String metric, String required, double threshold, double actual, boolean ok) {
        slos.addObject()
                .put("metric", metric)
                .putNull("request")
                .put("required", required)
                .put("threshold", threshold)
                .put("actual", actual)
                .put("samples", 93)
                .put("passed", ok)
                .put("origin", "@MemoryTest");
    }
}
