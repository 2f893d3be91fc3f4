package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String SCRIPT = "<script>alert('x')</script>";

    static ObjectNode sample() throws IOException {
        try (InputStream in = HtmlReportTest.class.getResourceAsStream("html/report.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        }
    }

    static ObjectNode test(ObjectNode report, String id) {
        for (JsonNode t : report.path("tests")) {
            if (t.path("id").asText().equals(id)) {
                return (ObjectNode) t;
            }
        }
        throw new AssertionError("no test " + id + " in the sample");
    }

    /** The part of the page that belongs to one test's section. */
    static String section(String html, String anchor) {
        int start = html.indexOf("id=\"" + anchor + "\"");
        assertThat(start).as("section %s", anchor).isPositive();
        int end = html.indexOf("</section>", start);
        return html.substring(start, end);
    }

    @Test
    void showsEverySectionThatHasData() throws Exception {
        String html = HtmlReport.render(sample());

        assertThat(html)
                .contains("voiceload run 20261122-153012", "badge failed", "badge complete")
                .contains("Categories", "held 200 concurrent calls; broke at 800")
                .contains("Failed tests", "Recommendations", "Requests wait for a database connection")
                .contains("evidence", "advice")
                .contains("href=\"#test-MixedOperationsLoadIT-aDayOfHotelCalls\"")
                .contains("id=\"environment\"", "infrastructure.postgres.version", "18.6");
        String mixed = section(html, "test-MixedOperationsLoadIT-aDayOfHotelCalls");
        assertThat(mixed)
                .contains("closed model: 200 users for 2m", "Service level objectives", "✗ breached")
                .contains("Throughput and active users", "Iteration latency over time", "Errors over time")
                .contains("Latency distribution", "99.9 %", "p95 latency per request over time")
                .contains("Heap of the test JVM", "GC pauses and CPU of the test JVM")
                .contains("Compared with the baseline", "✗ regressed", "+31.2 %")
                .contains("Per request", "p99.9", "POST /calls", "Errors", "HttpTransportException")
                .contains("Load generator health", "What the platform reported", "platform.dbPool.waitP99Ms")
                .doesNotContain("Capacity steps");
        String capacity = section(html, "test-CallCapacityIT-concurrentCalls");
        assertThat(capacity)
                .contains("Capacity steps", "broke", "held", "p99 of voice.connect 1.62s")
                .doesNotContain("Heap of the test JVM", "Compared with the baseline", "What the platform reported");
        for (String svg : svgs(html)) { // every chart is well-formed XML
            DocumentBuilderFactory.newInstance()
                    .newDocumentBuilder()
                    .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        }
        assertThat(svgs(mixed)).hasSize(7); // all but the capacity chart
    }

    @Test
    void leavesOutSectionsWithoutData() throws Exception {
        ObjectNode report = sample();
        report.remove(List.of("recommendations", "failures", "categories", "environment"));
        ObjectNode mixed = test(report, "MixedOperationsLoadIT.aDayOfHotelCalls");
        mixed.remove(List.of("jvm", "baseline", "signals", "percentiles", "generator"));
        ((ObjectNode) mixed.path("iterations")).remove("errors");
        mixed.path("requests").forEach(r -> ((ObjectNode) r).remove("errors"));
        mixed.path("requests").forEach(r -> r.path("timeSeries").forEach(p -> ((ObjectNode) p).put("ko", 0)));
        mixed.path("iterations").path("timeSeries").forEach(p -> ((ObjectNode) p).put("ko", 0));

        String html = HtmlReport.render(report);

        assertThat(html).doesNotContain("Recommendations", "Failed tests", "<h2>Categories");
        assertThat(html).contains("No environment recorded.");
        assertThat(section(html, "test-MixedOperationsLoadIT-aDayOfHotelCalls"))
                .contains("Throughput and active users", "Per request")
                .contains("No failed iterations or requests during the measured run.")
                .doesNotContain("Heap of the test JVM", "GC pauses", "Compared with the baseline")
                .doesNotContain("Latency distribution", "Load generator health", "What the platform reported")
                .doesNotContain("Errors over time", "<h3>Errors</h3>");
    }

    @Test
    void aTestThatFailedBeforeLoadShowsItsReasonOnly() throws Exception {
        String html = HtmlReport.render(sample());

        String chaos = section(html, "test-CallTransferChaosIT-transferUnderPartition");
        assertThat(chaos)
                .contains("badge failed", "the platform did not start: Postgres &lt;refused&gt;")
                .doesNotContain("<svg", "Per request", "Service level objectives");
    }

    @Test
    void marksBreachesRedAndValuesNearTheLimitAmber() throws Exception {
        ObjectNode report = sample();
        ArrayNode slos = (ArrayNode)
                test(report, "MixedOperationsLoadIT.aDayOfHotelCalls").path("slos");
        slos.removeAll();
        slos.add(slo("p99", 1000, 500, true)); // far below: met
        slos.add(slo("p95", 1000, 850, true)); // within 20 % of the limit: amber
        slos.add(slo("p50", 1000, 1200, false)); // breached: red

        String html = section(HtmlReport.render(report), "test-MixedOperationsLoadIT-aDayOfHotelCalls");

        assertThat(rowOf(html, "850 ms")).contains("class=\"near\"", "⚠ near limit");
        assertThat(rowOf(html, "1.2 s")).contains("class=\"breach\"", "✗ breached");
        assertThat(rowOf(html, "500 ms")).startsWith("<tr>").contains("✓ met");
    }

    @Test
    void escapesEverythingThatComesFromData() throws Exception {
        ObjectNode report = sample();
        report.put("runId", SCRIPT);
        ObjectNode mixed = test(report, "MixedOperationsLoadIT.aDayOfHotelCalls");
        mixed.put("id", "Evil" + SCRIPT + ".method");
        mixed.put("verdict", "failed\" onmouseover=\"alert(1)");
        mixed.put("failure", "boom " + SCRIPT);
        ((ObjectNode) mixed.path("iterations").path("errors")).put("HTTP 500 " + SCRIPT, 3);
        ((ObjectNode) mixed.path("slos").get(0)).put("required", "≤ " + SCRIPT).put("metric", SCRIPT);
        ((ObjectNode) mixed.path("requests")).set(SCRIPT, mixed.path("requests").path("POST /calls"));
        ((ObjectNode) mixed.path("percentiles"))
                .set(SCRIPT, mixed.path("percentiles").path("iteration"));
        ((ObjectNode) report.path("recommendations").get(0))
                .put("evidence", SCRIPT)
                .put("test", SCRIPT);
        ((ObjectNode) report.path("environment")).put("profile", SCRIPT);
        ((ObjectNode) report.path("categories").get(0)).put("headline", SCRIPT);

        String html = HtmlReport.render(report);

        assertThat(html.toLowerCase()).doesNotContain("<script", "onmouseover=\"alert");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        Matcher ids = Pattern.compile("\\bid=\"([^\"]*)\"").matcher(html);
        while (ids.find()) {
            assertThat(ids.group(1)).matches("[A-Za-z0-9_-]+");
        }
        assertThat(html).contains("href=\"#test-Evil-script-alert--x----script--method\"");
    }

    @Test
    void linksNothingOutsideThePage() throws Exception {
        String html = HtmlReport.render(sample()) + HtmlReport.renderComparison(HtmlReportComparisonTest.comparison());

        Matcher refs = Pattern.compile("(?i)\\b(src|href|action|xlink:href)\\s*=\\s*[\"']?([^\"'\\s>]*)")
                .matcher(html);
        while (refs.find()) {
            assertThat(refs.group(2)).as("a %s in the page", refs.group(1)).startsWith("#");
        }
        Matcher urls = Pattern.compile("(?i)(https?:)?//[a-z0-9.-]+\\.[a-z]{2,}[^\"'\\s<]*")
                .matcher(html);
        while (urls.find()) {
            assertThat(urls.group()).as("the only URL is the SVG namespace").isEqualTo("http://www.w3.org/2000/svg");
        }
        assertThat(html.toLowerCase()).doesNotContain("<script", "<link", "<iframe", "@import", "url(");
    }

    @Test
    void staysSmallForLongRunsWithManyRequests() throws Exception {
        ObjectNode report = sample();
        ArrayNode tests = report.putArray("tests");
        for (int t = 0; t < 10; t++) {
            tests.add(SyntheticTests.longTest("LongRunIT.test" + t, 10, 300, 200));
        }

        String html = HtmlReport.render(report);

        System.out.printf("report.html of 10 tests x 10 requests x 300 points: %,d bytes%n", bytes(html));
        assertThat(bytes(html)).isLessThan(2_000_000);
    }

    @Test
    void drawsAnHourAtMostThreeHundredPointsASeries() throws Exception {
        ObjectNode report = sample();
        report.putArray("tests").add(SyntheticTests.longTest("HourIT.soak", 1, 3600, 200));

        String html = HtmlReport.render(report);

        Matcher paths = Pattern.compile("<path [^>]* d=\"([^\"]*)\"").matcher(html);
        int most = 0;
        while (paths.find()) {
            most = Math.max(most, paths.group(1).split("[ML]").length - 1);
        }
        System.out.printf("an hour-long test: %,d bytes, at most %d points a line%n", bytes(html), most);
        assertThat(most).isBetween(100, 300);
    }

    static ObjectNode slo(String metric, double threshold, double actual, boolean passed) {
        return MAPPER.createObjectNode()
                .put("metric", metric)
                .putNull("request")
                .put("required", "≤ " + threshold + "ms")
                .put("threshold", threshold)
                .put("actual", actual)
                .put("samples", 100)
                .put("passed", passed)
                .put("origin", "@Slo on a test");
    }

    static String rowOf(String html, String cell) {
        int at = html.indexOf(">" + cell + "<");
        assertThat(at).as("a cell %s", cell).isPositive();
        return html.substring(html.lastIndexOf("<tr", at), html.indexOf("</tr>", at));
    }

    static List<String> svgs(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("<svg .*?</svg>", Pattern.DOTALL).matcher(html);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static int bytes(String html) {
        return html.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Per-test JSONs of the spec's shape with long series, built from a formula (no randomness). */
    static final class SyntheticTests {
        private SyntheticTests() {}

        static ObjectNode longTest(String id, int requests, int points, int percentilePoints) {
            ObjectNode t = MAPPER.createObjectNode();
            t.put("id", id).put("category", "soak").put("verdict", "passed");
            t.putObject("plan").put("description", "closed model: 500 users for 1h");
            t.put("measuredSeconds", points).put("totalSeconds", points + 10.0).put("stopReason", "DURATION_ELAPSED");
            ArrayNode slos = t.putArray("slos");
            slos.add(slo("p99", 1000, 420, true));
            slos.add(slo("p95", 800, 300, true));
            t.set("iterations", stats(points, 0));
            ObjectNode reqs = t.putObject("requests");
            ObjectNode pct = t.putObject("percentiles");
            pct.set("iteration", percentiles(percentilePoints, 1));
            for (int r = 0; r < requests; r++) {
                reqs.set("GET /endpoint/" + r, stats(points, r));
                pct.set("GET /endpoint/" + r, percentiles(percentilePoints, 1 + r / 10.0));
            }
            ObjectNode jvm = t.putObject("jvm").put("heapMaxMb", 2048.0);
            ArrayNode jts = jvm.putArray("timeSeries");
            for (int i = 0; i < points; i++) {
                jts.addObject()
                        .put("t", i + 1.0)
                        .put("heapUsedMb", 200 + (i * 37) % 700 + 0.123)
                        .put("heapCommittedMb", 1024.0)
                        .put("gcPauseMs", i % 13 == 0 ? 5.5 : 0.0)
                        .put("gcCount", i % 13 == 0 ? 1 : 0)
                        .put("cpuShare", 0.4 + (i % 7) / 100.0);
            }
            t.putObject("generator").put("saturated", false).put("schedulingLagP99Ms", 3.2);
            return t;
        }

        private static ObjectNode stats(int points, int seed) {
            ObjectNode s = MAPPER.createObjectNode();
            s.put("count", 1_000_000L)
                    .put("failures", 12)
                    .put("errorRate", 0.000012)
                    .put("rps", 812.345);
            s.putObject("latencyMs")
                    .put("avg", 12.345)
                    .put("p50", 10.123)
                    .put("p75", 14.5)
                    .put("p90", 20.25)
                    .put("p95", 25.75)
                    .put("p99", 40.125)
                    .put("p99.9", 80.5)
                    .put("max", 120.75);
            s.putObject("errors").put("HTTP 500", 12);
            ArrayNode ts = s.putArray("timeSeries");
            for (int i = 0; i < points; i++) {
                double wave = ((i * 7 + seed * 3) % 50) / 10.0;
                ts.addObject()
                        .put("t", i + 1.0)
                        .put("ok", 800 + i % 17)
                        .put("ko", i % 97 == 0 ? 1 : 0)
                        .put("rps", 800.123 + wave)
                        .put("p50", 10.123 + wave)
                        .put("p95", 25.456 + wave)
                        .put("p99", 40.789 + wave)
                        .put("max", 120.5 + wave)
                        .put("users", 500)
                        .put("dropped", 0);
            }
            return s;
        }

        private static ArrayNode percentiles(int n, double scale) {
            ArrayNode a = MAPPER.createArrayNode();
            for (int i = 0; i < n; i++) {
                double p = 100 * (1 - Math.pow(10, -5.0 * i / (n - 1)));
                a.addArray().add(i == n - 1 ? 100.0 : p).add(scale * (5 + 10 * Math.log1p(i)));
            }
            return a;
        }
    }
}
