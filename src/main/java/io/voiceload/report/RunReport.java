package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.voiceload.config.LoadTestConfig;
import io.voiceload.report.model.LocalTimes;
import io.voiceload.report.model.Memory;
import io.voiceload.report.model.SeriesDownsampler;
import io.voiceload.report.model.Units;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.HdrHistogram.Histogram;

/**
 * Builds the {@code report.json} document of a run (see {@code docs/report.schema.json}) from the run directory's
 * per-test files {@code tests/<Class>.<method>.json} and {@code .hlog}: counts of the whole run and of each of the
 * six categories (those without a test in this run listed as {@code empty}), every test (its unit, time series
 * downsampled to {@value SeriesDownsampler#MAX_POINTS} points, percentile distributions from the .hlog), failures
 * with their reasons, errors, recommendations and the environment. Latencies in ms, rates per second.
 *
 * <p>Latency percentiles are per test only: tests time different things (a voice call of seconds, an HTTP request of
 * milliseconds), so a percentile over the iterations of several tests would describe none of them.
 *
 * <p>Reads only; {@link RunReportWriter} writes the files. A per-test JSON that cannot be parsed (being written by
 * another JVM) is left out of this report and printed.
 */
public final class RunReport {
    /**
     * Bumped when a field of report.json changes meaning or disappears. 2: counts name what they count
     * ({@code iterations}, {@code httpRequests}), no latency percentile across tests, every category listed.
     */
    public static final int SCHEMA_VERSION = 2;

    /** The {@code kind} of a run report document. */
    public static final String KIND = "voiceload-run-report";

    /** The category of a test none of whose tags is one of {@link LoadTestConfig#CATEGORIES}. */
    public static final String OTHER_CATEGORY = "other";

    /** The verdict of a category without a test in this run (and of a run without tests). */
    public static final String EMPTY = "empty";

    /** Lines of a failure message kept as its reason. */
    static final int REASON_LINES = 12;

    static final ObjectMapper MAPPER = new ObjectMapper();

    private RunReport() {}

    /**
     * The report of {@code runDir}.
     *
     * @param complete false when the run was interrupted before its test plan finished
     * @param interrupted full names ({@code com.example.CallsIT.createCalls}) of tests that started but never
     *     finished; their verdict becomes {@code interrupted}
     */
    public static ObjectNode build(Path runDir, boolean complete, Set<String> interrupted) throws IOException {
        List<ObjectNode> tests = new ArrayList<>();
        for (Path json : testFiles(runDir)) {
            ObjectNode source = read(json);
            if (source == null) {
                continue;
            }
            Path hlog = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", ".hlog"));
            tests.add(test(runDir, json, hlog, source, HlogPercentiles.read(hlog), interrupted));
        }
        tests.sort(Comparator.comparing((ObjectNode t) -> t.path("startedAt").asText("~"))
                .thenComparing(t -> t.path("id").asText()));

        ObjectNode root = MAPPER.createObjectNode();
        root.put("schemaVersion", SCHEMA_VERSION);
        root.put("kind", KIND);
        root.put("runId", runDir.getFileName().toString());
        Instant now = Instant.now();
        root.put("generatedAt", now.toString());
        root.put("complete", complete);
        Instant started = tests.stream()
                .map(t -> LocalTimes.parse(t.path("startedAt").asText(null)))
                .filter(i -> i != null)
                .min(Comparator.naturalOrder())
                .orElse(now);
        Instant finished = tests.stream()
                .map(RunReport::finishedAt)
                .filter(i -> i != null)
                .max(Comparator.naturalOrder())
                .orElse(started);
        root.put("startedAt", started.toString());
        root.put("finishedAt", finished.toString());
        root.put("durationSeconds", Math.max(0, finished.toEpochMilli() - started.toEpochMilli()) / 1000.0);
        root.put("verdict", verdict(tests));
        root.set("overall", counts(tests));
        root.set("categories", categories(tests));
        ArrayNode testArray = root.putArray("tests");
        tests.forEach(testArray::add);
        root.set("failures", failures(tests));
        root.set("errors", errors(tests));
        // Recommendations read the full series (a bucket's maximum heap is no heap floor); the report keeps fewer
        // points.
        root.set("recommendations", Recommendations.of(tests));
        tests.forEach(SeriesDownsampler::downsampleAll);
        tests.forEach(Memory::downsample);
        root.set("environment", environment(tests));
        return root;
    }

    /** The per-test JSON files of {@code runDir}, by name; none when it has no {@code tests/}. */
    static List<Path> testFiles(Path runDir) throws IOException {
        Path dir = runDir.resolve("tests");
        List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.json")) {
            stream.forEach(files::add);
        }
        files.sort(Comparator.comparing(Path::toString));
        return files;
    }

    private static ObjectNode read(Path json) {
        try {
            JsonNode node = MAPPER.readTree(json.toFile());
            if (node instanceof ObjectNode object && object.hasNonNull("test")) {
                return object;
            }
            System.err.println("[report] skipped " + json + ": not a per-test result");
        } catch (IOException e) {
            System.err.println("[report] skipped " + json + ": " + e.getMessage());
        }
        return null;
    }

    private static ObjectNode test(
            Path runDir,
            Path json,
            Path hlog,
            ObjectNode source,
            Map<String, Histogram> histograms,
            Set<String> interrupted) {
        String name = source.path("test").asText();
        int dot = name.lastIndexOf('.');
        String className = dot < 0 ? "" : name.substring(0, dot);
        String method = dot < 0 ? name : name.substring(dot + 1);
        String simple = className.substring(className.lastIndexOf('.') + 1);
        simple = simple.substring(simple.lastIndexOf('$') + 1);

        ObjectNode test = MAPPER.createObjectNode();
        test.put("id", simple.isEmpty() ? method : simple + "." + method);
        test.put("className", className);
        test.put("method", method);
        test.put("category", category(source.path("tags")));
        test.put("file", runDir.relativize(json).toString().replace('\\', '/'));
        if (Files.isRegularFile(hlog)) {
            test.put("hlog", runDir.relativize(hlog).toString().replace('\\', '/'));
        } else {
            test.putNull("hlog");
        }
        for (Map.Entry<String, JsonNode> e : source.properties()) {
            if (!test.has(e.getKey())) {
                test.set(e.getKey(), e.getValue());
            }
        }
        test.put("unit", Units.of(source));
        test.put("verdict", testVerdict(source, interrupted.contains(name)));
        if (!test.hasNonNull("failure") && !"passed".equals(test.path("verdict").asText())) {
            String message = source.path("junit").path("message").asText("");
            test.put(
                    "failure",
                    message.isEmpty() && interrupted.contains(name)
                            ? "interrupted: the run stopped before this test finished"
                            : message);
        }
        if (!histograms.isEmpty()) {
            test.set("percentiles", percentiles(source, histograms));
        }
        return test;
    }

    private static String testVerdict(ObjectNode source, boolean interrupted) {
        if (interrupted) {
            return "interrupted";
        }
        return switch (source.path("junit").path("status").asText("")) {
            case "SUCCESSFUL" -> "passed";
            case "FAILED" -> "failed";
            case "ABORTED" -> "aborted";
            default -> source.path("verdict").asText("failed");
        };
    }

    /** The first of {@code tags} that is one of the six categories, else {@value #OTHER_CATEGORY}. */
    static String category(JsonNode tags) {
        for (JsonNode tag : tags) {
            if (LoadTestConfig.CATEGORIES.contains(tag.asText())) {
                return tag.asText();
            }
        }
        return OTHER_CATEGORY;
    }

    private static ObjectNode percentiles(ObjectNode source, Map<String, Histogram> histograms) {
        Map<String, String> names = new HashMap<>();
        for (Map.Entry<String, JsonNode> e : source.path("requests").properties()) {
            names.put(HlogPercentiles.tagOf(e.getKey()), e.getKey());
        }
        ObjectNode out = MAPPER.createObjectNode();
        histograms.forEach((tag, h) -> {
            ArrayNode points = out.putArray(names.getOrDefault(tag, tag));
            for (double[] p : HlogPercentiles.distribution(h)) {
                points.addArray().add(p[0]).add(p[1]);
            }
        });
        return out;
    }

    private static String verdict(List<ObjectNode> tests) {
        if (tests.isEmpty()) {
            return EMPTY;
        }
        boolean bad = tests.stream()
                .map(t -> t.path("verdict").asText())
                .anyMatch(v -> v.equals("failed") || v.equals("interrupted"));
        return bad ? "failed" : "passed";
    }

    /**
     * Every category of {@link LoadTestConfig#CATEGORIES}, in that order, those without a test in this run with
     * verdict {@value #EMPTY}; then {@value #OTHER_CATEGORY} when a test has none of them.
     */
    private static ArrayNode categories(List<ObjectNode> tests) {
        Map<String, List<ObjectNode>> byCategory = new LinkedHashMap<>();
        LoadTestConfig.CATEGORIES.forEach(c -> byCategory.put(c, new ArrayList<>()));
        byCategory.put(OTHER_CATEGORY, new ArrayList<>());
        tests.forEach(t -> byCategory.get(t.path("category").asText()).add(t));
        ArrayNode out = MAPPER.createArrayNode();
        byCategory.forEach((name, members) -> {
            if (members.isEmpty() && name.equals(OTHER_CATEGORY)) {
                return;
            }
            ObjectNode c = out.addObject();
            c.put("name", name);
            c.put("verdict", verdict(members));
            c.setAll(counts(members));
            String headline = members.stream()
                    .map(t -> t.path("capacity").path("headline").asText(""))
                    .filter(h -> !h.isEmpty())
                    .findFirst()
                    .orElse(null);
            c.put("headline", headline);
        });
        return out;
    }

    /**
     * Tests by verdict; measured iterations of every test (each test's own unit: calls, sessions, iterations) and
     * how many failed; HTTP requests among the named requests ({@link #isHttpRequest}) and how many failed.
     */
    private static ObjectNode counts(List<ObjectNode> tests) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("tests", tests.size());
        for (String verdict : List.of("passed", "failed", "aborted", "interrupted")) {
            n.put(
                    verdict,
                    tests.stream()
                            .filter(t -> t.path("verdict").asText().equals(verdict))
                            .count());
        }
        long iterations = 0;
        long failedIterations = 0;
        long httpRequests = 0;
        long failedHttpRequests = 0;
        for (ObjectNode t : tests) {
            iterations += t.path("iterations").path("count").asLong(0);
            failedIterations += t.path("iterations").path("failures").asLong(0);
            for (Map.Entry<String, JsonNode> r : t.path("requests").properties()) {
                if (isHttpRequest(r.getKey())) {
                    httpRequests += r.getValue().path("count").asLong(0);
                    failedHttpRequests += r.getValue().path("failures").asLong(0);
                }
            }
        }
        n.put("iterations", iterations);
        n.put("failedIterations", failedIterations);
        n.put("errorRate", iterations == 0 ? 0.0 : failedIterations / (double) iterations);
        n.put("httpRequests", httpRequests);
        n.put("failedHttpRequests", failedHttpRequests);
        return n;
    }

    /** Whether a request name is an HTTP request: it starts with an HTTP method ({@code POST /calls}). */
    static boolean isHttpRequest(String name) {
        String type = CsvReports.type(name);
        return !type.equals(CsvReports.CUSTOM) && !type.equals("WS");
    }

    private static ArrayNode failures(List<ObjectNode> tests) {
        ArrayNode out = MAPPER.createArrayNode();
        for (ObjectNode t : tests) {
            String verdict = t.path("verdict").asText();
            if (verdict.equals("passed")) {
                continue;
            }
            ObjectNode f = out.addObject();
            f.put("test", t.path("id").asText());
            f.put("category", t.path("category").asText());
            f.put("verdict", verdict);
            f.put("reason", firstLines(t.path("failure").asText(""), REASON_LINES));
        }
        return out;
    }

    private static ArrayNode errors(List<ObjectNode> tests) {
        ArrayNode out = MAPPER.createArrayNode();
        for (ObjectNode t : tests) {
            addErrors(out, t, "iteration", t.path("iterations"));
            for (Map.Entry<String, JsonNode> e : t.path("requests").properties()) {
                addErrors(out, t, e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static void addErrors(ArrayNode out, ObjectNode test, String request, JsonNode stats) {
        List<Map.Entry<String, JsonNode>> errors =
                new ArrayList<>(stats.path("errors").properties());
        errors.sort(Comparator.comparingLong(
                        (Map.Entry<String, JsonNode> e) -> e.getValue().asLong())
                .reversed());
        for (Map.Entry<String, JsonNode> e : errors) {
            ObjectNode n = out.addObject();
            n.put("test", test.path("id").asText());
            n.put("request", request);
            n.put("error", e.getKey());
            n.put("count", e.getValue().asLong());
            JsonNode sample = stats.path("errorSamples").path(e.getKey());
            if (sample.isMissingNode() || sample.isNull()) {
                n.putNull("sample");
            } else {
                n.put("sample", sample.asText());
            }
        }
    }

    /**
     * The first test's environment, with the infrastructure (and Docker check) of the first test that had one: the
     * infrastructure
     * starts with the first test that needs it, so a run whose first test needed none (a stub service) still
     * says where its Postgres, Redis and Toxiproxy came from.
     */
    private static JsonNode environment(List<ObjectNode> tests) {
        List<JsonNode> recorded = tests.stream()
                .map(t -> t.get("environment"))
                .filter(e -> e != null && e.isObject())
                .toList();
        if (recorded.isEmpty()) {
            // Never this JVM's: a report rebuilt elsewhere would claim the wrong machine.
            return MAPPER.createObjectNode();
        }
        ObjectNode environment = recorded.get(0).deepCopy();
        recorded.stream()
                .filter(e -> e.path("infrastructure").isObject())
                .findFirst()
                .ifPresent(e -> {
                    environment.set("infrastructure", e.get("infrastructure").deepCopy());
                    if (e.has("docker")) {
                        environment.set("docker", e.get("docker").deepCopy()); // the check made to start it
                    }
                });
        return environment;
    }

    /** The first {@code lines} lines of {@code text}, saying how many more there were. */
    public static String firstLines(String text, int lines) {
        List<String> all = text.strip().lines().toList();
        if (all.size() <= lines) {
            return String.join("\n", all);
        }
        return String.join("\n", all.subList(0, lines)) + "\n… (" + (all.size() - lines) + " more lines)";
    }

    private static Instant finishedAt(ObjectNode t) {
        Instant start = LocalTimes.parse(t.path("startedAt").asText(null));
        if (start == null) {
            return null;
        }
        double seconds =
                t.path("totalSeconds").asDouble(t.path("measuredSeconds").asDouble(0));
        return start.plusMillis(Math.round(seconds * 1000));
    }
}
