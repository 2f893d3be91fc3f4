package io.voiceload.report;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An earlier run's {@code report.json}, read and checked, as a baseline: its environment and its tests
 * (the per-test JSON documents in {@code tests[]}). Immutable.
 *
 * <pre>{@code
 * BaselineReport baseline = BaselineReport.cached(Path.of("reports/main/report.json"));
 * Optional<JsonNode> test = baseline.test("io.voiceload.suite.concurrentcalls.CallCreationLoadIT", "createAndFetchCalls");
 * }</pre>
 */
public final class BaselineReport {
    /** The {@code kind} of a run report. */
    public static final String KIND = RunReport.KIND;

    /** The highest {@code schemaVersion} this version reads. */
    public static final int SCHEMA_VERSION = RunReport.SCHEMA_VERSION;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Map<Path, BaselineReport> CACHE = new ConcurrentHashMap<>();

    private final Path path;
    private final JsonNode root;

    private BaselineReport(Path path, JsonNode root) {
        this.path = path;
        this.root = root;
    }

    /**
     * Reads a report.
     *
     * @throws IllegalArgumentException naming the path, when it is missing, unreadable, not JSON or not a
     *     voiceload run report
     */
    public static BaselineReport read(Path path) {
        Path file = path.toAbsolutePath().normalize();
        String expected = "; expected the report.json of an earlier voiceload run (\"kind\": \"" + KIND
                + "\"), e.g. target/load-reports/latest/report.json";
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(path + ": no such file (looked for " + file + ")" + expected);
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(path + ": not JSON (" + e.getOriginalMessage() + ")" + expected, e);
        } catch (IOException e) {
            throw new IllegalArgumentException(path + ": cannot read: " + e + expected, e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(path + ": not a JSON object" + expected);
        }
        if (!KIND.equals(root.path("kind").asText(null))) {
            String kind = root.has("kind") ? "\"kind\" is " + root.get("kind") : "no \"kind\"";
            throw new IllegalArgumentException(path + ": not a voiceload run report (" + kind + ")" + expected);
        }
        int version = root.path("schemaVersion").asInt(-1);
        if (version < 1 || version > SCHEMA_VERSION) {
            throw new IllegalArgumentException(path + ": schemaVersion " + root.path("schemaVersion")
                    + " is not one this voiceload reads (1 to " + SCHEMA_VERSION + ")");
        }
        if (!root.path("tests").isArray()) {
            throw new IllegalArgumentException(path + ": no \"tests\" array" + expected);
        }
        return new BaselineReport(file, root);
    }

    /** {@link #read}, once per JVM and path: every test of a run compares with the same baseline. */
    public static BaselineReport cached(Path path) {
        Path key = path.toAbsolutePath().normalize();
        BaselineReport r = CACHE.get(key);
        if (r == null) {
            r = read(path); // a failure is not cached: each test reports it
            CACHE.putIfAbsent(key, r);
        }
        return r;
    }

    /** The report's absolute path. */
    public Path path() {
        return path;
    }

    /** The report's run id; empty when it has none. */
    public String runId() {
        return root.path("runId").asText("");
    }

    /** The run's {@link Environment} object; a missing node when the report has none. */
    public JsonNode environment() {
        return root.path("environment");
    }

    /** The {@code tests[]} entries. */
    public List<JsonNode> tests() {
        List<JsonNode> tests = new ArrayList<>();
        root.path("tests").forEach(tests::add);
        return tests;
    }

    /**
     * The entry of one test: matched by its {@code test} ({@code <class>.<method>}), else its {@code className}
     * and {@code method}, else its {@code id} ({@code <simple class>.<method>}).
     */
    public Optional<JsonNode> test(String className, String method) {
        String full = className + "." + method;
        String simple = className.substring(className.lastIndexOf('.') + 1) + "." + method;
        for (JsonNode t : root.path("tests")) {
            if (full.equals(t.path("test").asText(null))
                    || (className.equals(t.path("className").asText(null))
                            && method.equals(t.path("method").asText(null)))) {
                return Optional.of(t);
            }
        }
        for (JsonNode t : root.path("tests")) {
            if (simple.equals(t.path("id").asText(null))) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** The environment one test ran in: its own {@code environment}, else the report's. */
    public JsonNode environmentOf(JsonNode test) {
        JsonNode own = test.path("environment");
        return own.isObject() ? own : environment();
    }

    /** How a {@code tests[]} entry is matched across runs: {@code <class>.<method>}, else its {@code id}. */
    static String key(JsonNode test) {
        if (test.hasNonNull("test")) {
            return test.get("test").asText();
        }
        if (test.hasNonNull("className") && test.hasNonNull("method")) {
            return test.get("className").asText() + "." + test.get("method").asText();
        }
        return test.path("id").asText("");
    }

    /** How a {@code tests[]} entry is shown: its {@code id}, else {@code <simple class>.<method>}. */
    static String displayId(JsonNode test) {
        if (test.hasNonNull("id")) {
            return test.get("id").asText();
        }
        String key = key(test);
        int method = key.lastIndexOf('.');
        int cls = method < 0 ? -1 : key.lastIndexOf('.', method - 1);
        return key.substring(cls + 1);
    }
}
