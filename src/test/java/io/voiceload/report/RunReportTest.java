package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.json built from real run directories: numbers equal the histograms, shapes as documented. */
class RunReportTest {
    @TempDir
    Path reports;

    @Test
    void overallCountsIterationsAndHttpRequestsApartAndGivesNoPercentileAcrossTests() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "20261122-153415");
        ObjectNode report = RunReport.build(run, true, Set.of());

        JsonNode o = report.path("overall");
        assertThat(o.path("tests").asInt()).isEqualTo(7);
        assertThat(o.path("passed").asInt()).isEqualTo(7);
        long iterations = 0;
        long http = 0;
        long named = 0;
        for (JsonNode t : report.path("tests")) {
            iterations += t.path("iterations").path("count").asLong();
            for (Map.Entry<String, JsonNode> r : t.path("requests").properties()) {
                named += r.getValue().path("count").asLong();
                if (r.getKey().matches("(GET|POST|PUT|PATCH|DELETE) /.*")) {
                    http += r.getValue().path("count").asLong();
                }
            }
        }
        assertThat(o.path("iterations").asLong()).isEqualTo(iterations).isEqualTo(105);
        assertThat(o.path("failedIterations").asLong()).isZero();
        assertThat(o.path("httpRequests").asLong())
                .as("HTTP requests only: not voice frames, jitter samples or operations")
                .isEqualTo(http)
                .isPositive()
                .isLessThan(named);
        assertThat(o.has("requests")).as("iterations are not called requests").isFalse();
        // A voice call of seconds and an HTTP request of milliseconds have no percentile in common.
        assertThat(o.has("p95Ms") || o.has("p50Ms") || o.has("rps")).isFalse();
        report.path("categories").forEach(c -> assertThat(c.has("p95Ms")).isFalse());
        assertThat(report.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(report.path("verdict").asText()).isEqualTo("passed");
        assertThat(report.path("complete").asBoolean()).isTrue();
        assertThat(report.path("kind").asText()).isEqualTo("voiceload-run-report");
        assertThat(report.path("runId").asText()).isEqualTo("20261122-153415");
    }

    @Test
    void everyCategoryIsListedThoseWithoutATestInThisRunAsEmpty() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "cats");
        ObjectNode report = RunReport.build(run, true, Set.of());

        List<String> names = new ArrayList<>();
        report.path("categories").forEach(c -> names.add(c.path("name").asText()));
        assertThat(names).isEqualTo(io.voiceload.config.LoadTestConfig.CATEGORIES);
        JsonNode calls = report.path("categories").get(0);
        assertThat(calls.path("verdict").asText()).isEqualTo("passed");
        assertThat(calls.path("tests").asInt()).isEqualTo(7);
        for (JsonNode empty : List.of(
                report.path("categories").get(1), report.path("categories").get(5))) {
            assertThat(empty.path("verdict").asText()).isEqualTo("empty");
            assertThat(empty.path("tests").asInt()).isZero();
            assertThat(empty.path("iterations").asLong()).isZero();
            assertThat(empty.path("headline").isNull()).isTrue();
        }
        assertThat(report.path("verdict").asText())
                .as("categories without tests do not fail the run")
                .isEqualTo("passed");
        assertValid(report);
    }

    @Test
    void eachTestCarriesItsUnitAndTheProfileItRanWith() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "units");
        Path voice = run.resolve("tests/io.voiceload.suite.concurrentcalls.VoiceStreamsLoadIT.streamOneCall.json");
        ObjectNode doc = (ObjectNode) ReportFixtures.read(voice);
        TestResultJson.withUnitAndProfile(doc, "calls", "heavy");
        Files.writeString(voice, doc.toString());

        ObjectNode report = RunReport.build(run, true, Set.of());
        JsonNode streams = test(report, "VoiceStreamsLoadIT.streamOneCall");
        assertThat(streams.path("unit").asText()).isEqualTo("calls");
        assertThat(streams.path("profile").asText()).isEqualTo("heavy");
        JsonNode creation = test(report, "CallCreationLoadIT.createAndFetchCalls");
        assertThat(creation.path("unit").asText())
                .as("a result that names no unit")
                .isEqualTo("iterations");
        assertThat(creation.has("profile"))
                .as("written before profiles were recorded")
                .isFalse();
        assertValid(report);
    }

    @Test
    void perTestPercentilesEqualTheTagsHistogramsAndLatenciesAreCarriedUnchanged() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "r1");
        ObjectNode report = RunReport.build(run, true, Set.of());
        int checkedTags = 0;
        for (JsonNode t : report.path("tests")) {
            JsonNode source = ReportFixtures.read(run.resolve(t.path("file").asText()));
            assertThat(t.path("iterations").path("latencyMs"))
                    .isEqualTo(source.path("iterations").path("latencyMs"));
            for (Map.Entry<String, JsonNode> e : source.path("requests").properties()) {
                assertThat(t.path("requests").path(e.getKey()).path("latencyMs"))
                        .isEqualTo(e.getValue().path("latencyMs"));
            }
            Path hlog = run.resolve(t.path("hlog").asText());
            List<String> names = new ArrayList<>();
            names.add("iteration");
            source.path("requests").properties().forEach(e -> names.add(e.getKey()));
            for (String name : names) {
                Histogram h = ReportFixtures.independent(hlog, HlogPercentiles.tagOf(name));
                if (h.getTotalCount() == 0) {
                    continue;
                }
                List<double[]> expected = new ArrayList<>();
                for (HistogramIterationValue v : h.percentiles(5)) {
                    expected.add(new double[] {v.getPercentileLevelIteratedTo(), ms(v.getValueIteratedTo())});
                }
                JsonNode actual = t.path("percentiles").path(name);
                assertThat(actual.size()).as(name).isEqualTo(Math.min(expected.size(), 200));
                if (expected.size() <= 200) {
                    for (int i = 0; i < expected.size(); i++) {
                        assertThat(actual.get(i).get(0).asDouble()).isEqualTo(expected.get(i)[0]);
                        assertThat(actual.get(i).get(1).asDouble()).isEqualTo(expected.get(i)[1]);
                    }
                }
                JsonNode last = actual.get(actual.size() - 1);
                assertThat(last.get(0).asDouble()).isEqualTo(100.0);
                assertThat(last.get(1).asDouble()).isEqualTo(ms(h.getMaxValue()));
                checkedTags++;
            }
        }
        assertThat(checkedTags).isGreaterThan(20);
    }

    @Test
    void aHistogramLogCutShortStillGivesAReportFromTheIntervalsBeforeTheCut() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "cut");
        Path hlog = run.resolve("tests/io.voiceload.suite.concurrentcalls.CallCreationLoadIT.createAndFetchCalls.hlog");
        java.util.List<String> lines = java.nio.file.Files.readAllLines(hlog);
        String last = lines.getLast();
        lines.set(lines.size() - 1, last.substring(0, last.length() / 2)); // a killed run's last, half-written line
        lines.add("not,a,histogram,line");
        java.nio.file.Files.write(hlog, lines);
        ObjectNode report = RunReport.build(run, false, Set.of());
        assertThat(report.path("tests")).hasSize(7);
        JsonNode creation = test(report, "CallCreationLoadIT.createAndFetchCalls");
        assertThat(creation.path("iterations").path("latencyMs").path("p50").isNumber())
                .isTrue();
        assertThat(creation.path("percentiles").path("iteration"))
                .as("the intervals before the cut")
                .isNotEmpty();
    }

    @Test
    void testsCarryIdentityCategoryFilesAndTheCapacityHeadline() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "r2");
        ObjectNode report = RunReport.build(run, true, Set.of());
        JsonNode creation = test(report, "CallCreationLoadIT.createAndFetchCalls");
        assertThat(creation.path("className").asText())
                .isEqualTo("io.voiceload.suite.concurrentcalls.CallCreationLoadIT");
        assertThat(creation.path("method").asText()).isEqualTo("createAndFetchCalls");
        assertThat(creation.path("category").asText()).isEqualTo("concurrent-calls");
        assertThat(creation.path("file").asText())
                .isEqualTo("tests/io.voiceload.suite.concurrentcalls.CallCreationLoadIT.createAndFetchCalls.json");
        assertThat(creation.path("hlog").asText()).endsWith(".hlog");
        assertThat(run.resolve(creation.path("hlog").asText())).isRegularFile();
        JsonNode category = report.path("categories").get(0);
        assertThat(category.path("name").asText()).isEqualTo("concurrent-calls");
        assertThat(category.path("tests").asInt()).isEqualTo(7);
        assertThat(category.path("headline").asText())
                .isEqualTo("held 5 concurrent calls: ceiling reached, nothing broke");
        assertThat(report.path("recommendations").isArray()).isTrue();
        assertThat(report.path("environment").isObject()).isTrue();
    }

    @Test
    void failedTestsAppearInFailuresWithTheirReasonsAndErrorsAreListed() throws IOException {
        Path run = ReportFixtures.copy("heavy-run", reports, "heavy");
        ObjectNode report = RunReport.build(run, true, Set.of());
        assertThat(report.path("verdict").asText()).isEqualTo("failed");
        assertThat(report.path("overall").path("failed").asInt()).isEqualTo(2);
        assertThat(report.path("categories").get(0).path("verdict").asText()).isEqualTo("failed");
        assertThat(report.path("categories").get(0).path("headline").asText())
                .startsWith("held 200 concurrent calls; broke at 800");
        List<String> failed = new ArrayList<>();
        report.path("failures")
                .forEach(f -> failed.add(
                        f.path("test").asText() + ": " + f.path("reason").asText()));
        assertThat(failed)
                .anySatisfy(f -> assertThat(f)
                        .startsWith("MixedOperationsLoadIT.aDayOfHotelCalls: 2 of 6 SLOs breached")
                        .contains("error rate of POST /calls"))
                .anySatisfy(f -> assertThat(f).startsWith("VoiceStreamsLoadIT.streamOneCall: 1 of 9 SLOs breached"))
                .hasSize(2);
        JsonNode error = report.path("errors").get(0);
        assertThat(error.path("error").asText()).contains("connection closed by the server");
        assertThat(error.path("count").asLong()).isPositive();
        assertThat(error.has("sample")).isTrue();
        long iterationErrors = 0;
        for (JsonNode e : report.path("errors")) {
            if (e.path("request").asText().equals("iteration")) {
                iterationErrors += e.path("count").asLong();
            }
        }
        assertThat(iterationErrors)
                .isEqualTo(report.path("overall").path("failedIterations").asLong());
    }

    @Test
    void aTestWithoutStatisticsIsListedWithItsJunitOutcomeAndOtherTagsGoToOther() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "r3");
        Files.writeString(run.resolve("tests/com.example.BrokenIT.neverStarted.json"), """
                {"schemaVersion":1,"test":"com.example.BrokenIT.neverStarted","tags":["slow"],"verdict":"failed",
                 "failure":"platform did not start: port in use","junit":{"status":"FAILED",
                 "message":"platform did not start: port in use","durationSeconds":0.5}}""");
        ObjectNode report = RunReport.build(run, true, Set.of());
        JsonNode broken = test(report, "BrokenIT.neverStarted");
        assertThat(broken.path("category").asText()).isEqualTo("other");
        assertThat(broken.path("verdict").asText()).isEqualTo("failed");
        assertThat(broken.has("iterations")).isFalse();
        assertThat(broken.path("hlog").isNull()).isTrue();
        assertThat(report.path("failures").get(0).path("reason").asText())
                .isEqualTo("platform did not start: port in use");
        assertThat(report.path("categories").get(6).path("name").asText()).isEqualTo("other");
        assertThat(report.path("categories").get(6).path("verdict").asText()).isEqualTo("failed");
        assertThat(report.path("overall").path("iterations").asLong())
                .isEqualTo(report.path("categories").get(0).path("iterations").asLong());
        assertValid(report);
    }

    @Test
    void theJunitOutcomeOverridesTheVerdictAndInterruptedTestsAreMarked() throws IOException {
        Path run = ReportFixtures.copy("tiny-run", reports, "r4");
        Path creation =
                run.resolve("tests/io.voiceload.suite.concurrentcalls.CallCreationLoadIT.createAndFetchCalls.json");
        ObjectNode doc = (ObjectNode) ReportFixtures.read(creation);
        doc.putObject("junit")
                .put("status", "FAILED")
                .put("message", "expected 3 calls but was 2")
                .put("durationSeconds", 2.0);
        Files.writeString(creation, doc.toString());
        ObjectNode report = RunReport.build(
                run,
                false,
                Set.of("io.voiceload.suite.concurrentcalls.CallEventsLoadIT.driveCallsThroughTheirLifecycle"));
        assertThat(report.path("complete").asBoolean()).isFalse();
        assertThat(test(report, "CallCreationLoadIT.createAndFetchCalls")
                        .path("verdict")
                        .asText())
                .isEqualTo("failed");
        assertThat(test(report, "CallCreationLoadIT.createAndFetchCalls")
                        .path("failure")
                        .asText())
                .isEqualTo("expected 3 calls but was 2");
        assertThat(test(report, "CallEventsLoadIT.driveCallsThroughTheirLifecycle")
                        .path("verdict")
                        .asText())
                .isEqualTo("interrupted");
        assertThat(report.path("overall").path("interrupted").asInt()).isEqualTo(1);
        assertThat(report.path("verdict").asText()).isEqualTo("failed");
        assertValid(report);
    }

    @Test
    void theRunsInfrastructureComesFromTheFirstTestThatStartedIt() throws IOException {
        // A run whose first tests needed no infrastructure (a stub service): only the last one started it.
        Path run = ReportFixtures.copy("short-run", reports, "infra-late");
        com.fasterxml.jackson.databind.ObjectMapper mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        List<Path> files;
        try (Stream<Path> list = Files.list(run.resolve("tests"))) {
            files = list.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        for (Path f : files.subList(0, files.size() - 1)) {
            ObjectNode result = (ObjectNode) mapper.readTree(f.toFile());
            ((ObjectNode) result.path("environment")).putNull("infrastructure");
            ((ObjectNode) result.path("environment")).putNull("docker");
            mapper.writeValue(f.toFile(), result);
        }
        ObjectNode last =
                (ObjectNode) mapper.readTree(files.get(files.size() - 1).toFile());
        ((ObjectNode) last.path("environment").path("infrastructure").path("postgres")).put("image", "postgres:18");
        ((ObjectNode) last.path("environment")).put("docker", "available: engine at unix:///run/docker.sock");
        mapper.writeValue(files.get(files.size() - 1).toFile(), last);

        ObjectNode report = RunReport.build(run, true, Set.of());
        assertThat(report.path("environment").path("infrastructure"))
                .isEqualTo(last.path("environment").path("infrastructure"));
        assertThat(report.path("environment")
                        .path("infrastructure")
                        .path("postgres")
                        .path("image")
                        .asText())
                .isEqualTo("postgres:18");
        assertValid(report);
    }

    @Test
    void anEmptyRunIsEmpty() throws IOException {
        Path run = Files.createDirectories(reports.resolve("empty/tests"));
        ObjectNode report = RunReport.build(run.getParent(), true, Set.of());
        assertThat(report.path("verdict").asText()).isEqualTo("empty");
        assertThat(report.path("overall").path("iterations").asLong()).isZero();
        assertThat(report.path("categories"))
                .hasSize(6)
                .allSatisfy(c -> assertThat(c.path("verdict").asText()).isEqualTo("empty"));
        assertValid(report);
    }

    @Test
    void aShortTestOfTodaysEngineHasSubSecondPointsItsUnitAndItsProfile() throws IOException {
        ObjectNode report = RunReport.build(ReportFixtures.copy("short-run", reports, "short"), true, Set.of());

        JsonNode creation = test(report, "CallCreationLoadIT.createAndFetchCalls");
        JsonNode series = creation.path("iterations").path("timeSeries");
        assertThat(creation.path("totalSeconds").asDouble())
                .as("a 2-second test")
                .isLessThan(2.0);
        assertThat(series.size()).as("a point every 100 ms").isGreaterThanOrEqualTo(15);
        assertThat(series.get(0).path("t").asDouble()).isEqualTo(0.1);
        assertThat(creation.path("jvm").path("timeSeries").size()).isEqualTo(series.size());
        assertThat(creation.path("unit").asText()).isEqualTo("iterations");
        assertThat(creation.has("profile") && creation.path("profile").isNull())
                .as("no profile selected")
                .isTrue();
        assertThat(test(report, "VoiceStreamsLoadIT.streamOneCall").path("unit").asText())
                .isEqualTo("calls");
        assertThat(report.path("environment").path("host").path("timeZone").isTextual())
                .isTrue();
        assertValid(report);
    }

    @Test
    void generatedReportsValidateAgainstTheSchemaAndBreakingOneIsCaught() throws IOException {
        for (String fixture : List.of("tiny-run", "heavy-run", "short-run")) {
            assertValid(RunReport.build(ReportFixtures.copy(fixture, reports, fixture), true, Set.of()));
        }
        ObjectNode broken = RunReport.build(reports.resolve("tiny-run"), true, Set.of());
        broken.put("verdict", "green");
        ((ObjectNode) broken.path("tests").get(0)).remove("category");
        ((ObjectNode) broken.path("overall")).put("p95Ms", 2480.0);
        assertThat(schema().validate(broken))
                .extracting(ValidationMessage::getMessage)
                .anySatisfy(m -> assertThat(m).contains("verdict"))
                .anySatisfy(m -> assertThat(m).contains("category"))
                .anySatisfy(m -> assertThat(m).contains("p95Ms"));
    }

    @Test
    void timeSeriesAreDownsampledInTheReport() throws IOException {
        Path run = Files.createDirectories(reports.resolve("soak/tests"));
        Files.writeString(
                run.resolve("com.example.SoakIT.hour.json"),
                ReportFixtures.hourLongTest("hour", 3600).toString());
        ObjectNode report = RunReport.build(run.getParent(), true, Set.of());
        JsonNode t = report.path("tests").get(0);
        assertThat(t.path("iterations").path("timeSeries").size()).isLessThanOrEqualTo(300);
        assertThat(t.path("requests").path("GET /r1").path("timeSeries").size()).isLessThanOrEqualTo(300);
        assertThat(t.path("jvm").path("timeSeries").size()).isLessThanOrEqualTo(300);
        assertThat(t.path("category").asText()).isEqualTo("memory");
        assertValid(report);
    }

    static void assertValid(JsonNode report) {
        assertThat(schema().validate(report)).isEmpty();
    }

    static JsonSchema schema() {
        try {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(Path.of("docs/report.schema.json")));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static JsonNode test(JsonNode report, String id) {
        for (JsonNode t : report.path("tests")) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        throw new AssertionError("no test " + id);
    }

    private static List<Path> hlogs(Path run) throws IOException {
        try (Stream<Path> s = Files.list(run.resolve("tests"))) {
            return s.filter(p -> p.toString().endsWith(".hlog")).toList();
        }
    }

    private static double ms(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }
}
