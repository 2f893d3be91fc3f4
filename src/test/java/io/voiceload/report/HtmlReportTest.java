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
                .contains("id=\"environment\"", "<td>Postgres version</td><td>18.6</td>");
        String mixed = section(html, "test-MixedOperationsLoadIT-aDayOfHotelCalls");
        assertThat(mixed)
                .contains("closed model: 200 users for 2m", "Service level objectives", "✗ breached")
                .contains("Throughput and active users", "Operation latency over time", "Errors over time")
                .contains("Latency distribution", "99.9 %", "p95 latency per request over time")
                .contains(
                        "Heap of the test JVM (load generator and embedded platform)",
                        "GC pauses and CPU of the test JVM (load generator and embedded platform)")
                .contains("Compared with the baseline", "✗ regressed", "+31.2 %")
                .contains("Per request", "p99.9", "POST /calls", "Errors", "HttpTransportException")
                .contains("Load generator health", "What the platform reported")
                .contains("<td>DB pool: wait for a connection, p99</td><td class=\"num\">38 ms</td>")
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
                .contains("No failed operations or requests during the measured run.")
                .doesNotContain("Heap of the", "GC pauses", "Compared with the baseline")
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

    @Test
    void saysWhichStepTheSloTableOfACapacitySearchIsOf() throws Exception {
        String broke = section(HtmlReport.render(sample()), "test-CallCapacityIT-concurrentCalls");
        assertThat(broke)
                .contains("At the breaking point (step 2, 800 concurrent calls): the verdict is the search")
                .doesNotContain("whole search");

        ObjectNode report = sample();
        ((ObjectNode) test(report, "CallCapacityIT.concurrentCalls").path("capacity")).putNull("breakingPoint");
        assertThat(section(HtmlReport.render(report), "test-CallCapacityIT-concurrentCalls"))
                .contains("At the last step (step 2, 800 concurrent calls): the verdict is the search");
    }

    @Test
    void countsSayWhatTheyCountInTheUnitOfEachTest() throws Exception {
        String html = HtmlReport.render(sample());

        String tests = html.substring(html.indexOf("<h2>Tests</h2>"));
        assertThat(rowOf(tests, "CallCapacityIT.concurrentCalls")).contains("2,181 calls", "106 calls/s");
        assertThat(rowOf(tests, "MixedOperationsLoadIT.aDayOfHotelCalls"))
                .contains("18,125 operations", "151 operations/s");
        assertThat(html)
                .contains("<div class=\"label\">iterations</div><div class=\"value\">388,781</div>")
                .contains("77 failed · calls and operations")
                .contains("<div class=\"label\">HTTP requests</div><div class=\"value\">1,203,514</div>")
                .doesNotContain("<div class=\"label\">requests</div>");
        String capacity = section(html, "test-CallCapacityIT-concurrentCalls");
        assertThat(capacity)
                .contains("1,081 calls excluded", "calls (iterations)", "Call latency over time")
                .contains("calls per second", "concurrent calls", "call p99");
    }

    @Test
    void givesNoLatencyPercentileAcrossTestsThatTimeDifferentThings() throws Exception {
        String html = HtmlReport.render(sample());

        String top = html.substring(0, html.indexOf("<h2>Tests</h2>"));
        assertThat(top).doesNotContain(">p95<", ">p99<", ">throughput<");
        assertThat(html).contains("Latency is given per test");
        String tests = html.substring(html.indexOf("<h2>Tests</h2>"));
        assertThat(rowOf(tests, "CallCapacityIT.concurrentCalls")).contains("6.94 s");
        assertThat(rowOf(tests, "MixedOperationsLoadIT.aDayOfHotelCalls")).contains("20.2 ms");
    }

    @Test
    void listsEveryCategoryThoseWithoutATestAsSuch() throws Exception {
        String html = HtmlReport.render(sample());

        for (String empty : List.of("pms-connector", "auth-system", "memory", "database-redis")) {
            assertThat(rowOf(html, empty)).contains("badge empty", "no tests", "no tests in this run");
        }
        assertThat(rowOf(html, "network-failure")).contains("badge failed").doesNotContain("no tests");
    }

    @Test
    void showsTimesInTheZoneTheTestsRanInToTheSecondWithTheZone() throws Exception {
        ObjectNode report = sample();
        String paris = HtmlReport.render(report);
        assertThat(paris)
                .contains("started 2026-11-22 16:30:12 CET (UTC+01:00) · finished 16:41:02 · took 10 min 50 s")
                .contains("report written 16:41:03")
                .doesNotContain("2026-11-22T15:30:12Z");
        assertThat(section(paris, "test-CallCapacityIT-concurrentCalls"))
                .contains("<dt>started</dt><dd>2026-11-22 16:50:33 CET (UTC+01:00)</dd>");

        ((ObjectNode) report.path("environment").path("host")).put("timeZone", "UTC");
        assertThat(HtmlReport.render(report)).contains("started 2026-11-22 15:30:12 UTC · finished 15:41:02");
        ((ObjectNode) report.path("environment").path("host")).put("timeZone", "America/Sao_Paulo");
        assertThat(HtmlReport.render(report)).contains("started 2026-11-22 12:30:12 UTC-03:00");
    }

    @Test
    void showsTheProfilesTheTestsRanWith() throws Exception {
        ObjectNode report = sample();
        assertThat(HtmlReport.render(report)).contains(" · profile heavy · ");
        assertThat(section(HtmlReport.render(report), "test-CallCapacityIT-concurrentCalls"))
                .contains("<dt>profile</dt><dd>heavy</dd>");

        test(report, "MixedOperationsLoadIT.aDayOfHotelCalls").putNull("profile");
        assertThat(HtmlReport.render(report)).contains(" · profiles: heavy (1 test), none (1 test) · ");

        test(report, "CallCapacityIT.concurrentCalls").putNull("profile");
        ((ObjectNode) report.path("environment")).put("profile", "heavy");
        assertThat(HtmlReport.render(report))
                .as("what the tests used, not the run's selection")
                .contains(" · no profile · ");

        test(report, "CallCapacityIT.concurrentCalls").remove("profile");
        test(report, "MixedOperationsLoadIT.aDayOfHotelCalls").remove("profile");
        ((ObjectNode) report.path("environment")).put("profile", "default");
        assertThat(HtmlReport.render(report))
                .as("results that did not record theirs: the run's selection, 'default' being none")
                .contains(" · no profile · ")
                .contains("<td>profile selected for the run</td><td>none</td>");
    }

    @Test
    void labelsTheSignalsAndTheEnvironmentAndWritesEveryValueWithItsUnit() throws Exception {
        String html = HtmlReport.render(sample());

        String visible = html.replaceAll("<[^>]*>", " ");
        assertThat(visible)
                .doesNotContain("dbPool", "pmsCache", "waitP99Ms", "hitRatio")
                .doesNotContain("memoryMb", "heapMaxMb", "inputArguments", "infrastructure.postgres", "gitDirty");
        assertThat(html)
                .contains("<td>DB pool size</td><td class=\"num\">10 connections</td>")
                .contains("<td>PMS cache: hit ratio</td><td class=\"num\">90.12 %</td>")
                .contains("<td>memory of the machine</td><td>24,000 MB</td>")
                .contains("<td>maximum heap of the test JVM</td><td>2,048 MB</td>")
                .contains("<td>system under test</td><td>the embedded platform, in the test JVM</td>")
                .contains("<td>uncommitted changes</td><td>no</td>");

        ObjectNode report = sample();
        ObjectNode signals =
                test(report, "MixedOperationsLoadIT.aDayOfHotelCalls").putObject("signals");
        signals.putObject("shop")
                .put("ordersPlaced", 1200)
                .put("checkoutWaitP99Ms", 4.5)
                .put("cacheHitRatio", 0.5);
        String shop = section(HtmlReport.render(report), "test-MixedOperationsLoadIT-aDayOfHotelCalls");
        assertThat(shop)
                .as("signals of another system, spelled out from their keys")
                .contains("What the system under test reported")
                .contains("<td>shop: orders placed</td><td class=\"num\">1,200</td>")
                .contains("<td>shop: checkout wait p99</td><td class=\"num\">4.5 ms</td>")
                .contains("<td>shop: cache hit ratio</td><td class=\"num\">50.00 %</td>");
    }

    @Test
    void heapAndGcChartsSayWhoseJvmTheyMeasure() throws Exception {
        ObjectNode report = sample();
        ObjectNode mixed = test(report, "MixedOperationsLoadIT.aDayOfHotelCalls");
        assertThat(section(HtmlReport.render(report), "test-MixedOperationsLoadIT-aDayOfHotelCalls"))
                .contains("Heap of the test JVM (load generator and embedded platform)")
                .contains("GC and CPU are those of the test JVM (load generator and embedded platform)");

        ((ObjectNode) mixed.path("environment")).put("target", "https://staging.example.org");
        String external = section(HtmlReport.render(report), "test-MixedOperationsLoadIT-aDayOfHotelCalls");
        assertThat(external)
                .contains("Heap of the load generator", "GC pauses and CPU of the load generator")
                .doesNotContain("embedded platform");
    }

    @Test
    void aCapacityStepWithoutARateShowsADashLikeItsOtherMissingValues() throws Exception {
        ObjectNode report = sample();
        ObjectNode step = (ObjectNode) test(report, "CallCapacityIT.concurrentCalls")
                .path("capacity")
                .path("steps")
                .get(1);
        ObjectNode iterations = (ObjectNode) step.path("iterations");
        iterations.remove("rps");
        ((ObjectNode) iterations.path("latencyMs")).remove("p95");

        String capacity = section(HtmlReport.render(report), "test-CallCapacityIT-concurrentCalls");

        String row = rowOf(capacity.substring(capacity.indexOf("<h3>Capacity")), "619");
        assertThat(row).doesNotContain(">0<");
        assertThat(row.split(">–<", -1)).hasSize(3); // the rate and the p95
    }

    @Test
    void aShortTestDrawsALineOfSubSecondPointsAndRatesPerSecond() throws Exception {
        ObjectNode report = sample();
        ObjectNode shortTest = SyntheticTests.longTest("ShortIT.twoSeconds", 1, 20, 50);
        ArrayNode series = (ArrayNode) shortTest.path("iterations").path("timeSeries");
        for (int i = 0; i < series.size(); i++) { // a point every 100 ms, as a 2-second test is sampled
            ((ObjectNode) series.get(i)).put("t", (i + 1) / 10.0).put("ko", i == 10 ? 1 : 0);
        }
        ((ObjectNode) series.get(4)).put("ok", 0).put("p50", 0.0); // a gap, then one point alone
        ((ObjectNode) series.get(6)).put("ok", 0).put("p50", 0.0);
        report.putArray("tests").add(shortTest);

        String html = section(HtmlReport.render(report), "test-ShortIT-twoSeconds");

        String latency = svgs(html).stream()
                .filter(svg -> svg.contains("Iteration latency over time"))
                .findFirst()
                .orElseThrow();
        Matcher p50 = Pattern.compile("<path fill=\"none\" stroke=\"#4e79a7\"[^>]* d=\"([^\"]*)\"")
                .matcher(latency);
        assertThat(p50.find()).isTrue();
        assertThat(p50.group(1).split("[ML]").length - 1)
                .as("points of the p50 line: 20 but the two without a completed iteration")
                .isEqualTo(18);
        assertThat(latency)
                .as("the point alone between two gaps, drawn as a dot")
                .contains("<circle cx=", "r=\"2.2\" fill=\"#4e79a7\"");
        String errors = svgs(html).stream()
                .filter(svg -> svg.contains("Errors over time"))
                .findFirst()
                .orElseThrow();
        assertThat(errors).contains("failures per second");
        Matcher bar = Pattern.compile(
                        "<rect x=\"[^\"]*\" y=\"([^\"]*)\" width=\"[^\"]*\" height=\"([^\"]*)\" fill=\"#e15759\"")
                .matcher(errors);
        assertThat(bar.find()).as("the bar of the one failure").isTrue();
        assertThat(errors).as("one failure in 100 ms is 10 per second").contains(">10<");
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
