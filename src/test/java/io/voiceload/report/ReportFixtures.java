package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * Copies of real run directories (per-test JSONs and .hlogs of the seven concurrent-calls tests) under
 * {@code src/test/resources/io/voiceload/report/}: {@code tiny-run} (all passed) and {@code heavy-run} (three tests of
 * a heavy run, two failed; series and .hlogs trimmed), both sampled every second; {@code short-run} (two tests of a
 * tiny run sampled by test length, 100 ms for these, with their unit and profile).
 */
final class ReportFixtures {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private ReportFixtures() {}

    /** Copies fixture {@code name} to {@code parent/<runId>} and returns that run directory. */
    static Path copy(String name, Path parent, String runId) throws IOException {
        Path source = resource(name).resolve("tests");
        Path run = parent.resolve(runId);
        Files.createDirectories(run.resolve("tests"));
        try (Stream<Path> files = Files.list(source)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.copy(f, run.resolve("tests").resolve(f.getFileName()));
            }
        }
        return run;
    }

    private static Path resource(String name) {
        URL url = ReportFixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalArgumentException("no fixture " + name);
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An independent pass over one .hlog: every interval histogram of {@code tag} added up. */
    static Histogram independent(Path hlog, String tag) throws IOException {
        Histogram sum = new Histogram(3);
        sum.setAutoResize(true);
        try (InputStream in = Files.newInputStream(hlog)) {
            HistogramLogReader reader = new HistogramLogReader(in);
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                if (tag.equals(h.getTag())) {
                    sum.add((Histogram) h);
                }
            }
        }
        return sum;
    }

    static JsonNode read(Path file) throws IOException {
        return MAPPER.readTree(file.toFile());
    }

    /** A synthetic per-test JSON of an hour-long run: {@code points} one-second points for iterations and 3 requests. */
    static ObjectNode hourLongTest(String name, int points) {
        ObjectNode t = MAPPER.createObjectNode();
        t.put("schemaVersion", 1);
        t.put("test", "com.example.SoakIT." + name);
        t.putArray("tags").add("memory");
        t.put("verdict", "passed");
        t.put("startedAt", "2026-11-22T10:00:00Z");
        t.put("measuredSeconds", (double) points);
        t.put("totalSeconds", (double) points);
        t.set("iterations", stats(points, 0));
        ObjectNode requests = t.putObject("requests");
        for (int r = 0; r < 3; r++) {
            requests.set("GET /r" + r, stats(points, r + 1));
        }
        ObjectNode jvm = t.putObject("jvm");
        jvm.put("heapMaxMb", 2048.0);
        ArrayNode js = jvm.putArray("timeSeries");
        for (int i = 1; i <= points; i++) {
            ObjectNode p = js.addObject();
            p.put("t", (double) i);
            p.put("heapUsedMb", 100.0 + (i % 60));
            p.put("heapCommittedMb", 256.0);
            p.put("gcPauseMs", 1.0);
            p.put("gcCount", 1);
            p.put("cpuShare", 0.4);
        }
        return t;
    }

    private static ObjectNode stats(int points, int seed) {
        ObjectNode s = MAPPER.createObjectNode();
        s.put("count", points * 10L);
        s.put("successes", points * 10L - points / 100);
        s.put("failures", points / 100);
        s.put("errorRate", (points / 100) / (points * 10.0));
        s.put("rps", 10.0);
        ObjectNode lat = s.putObject("latencyMs");
        for (String k : new String[] {"min", "avg", "p50", "p75", "p90", "p95", "p99", "p99.9", "max", "stdDev"}) {
            lat.put(k, 10.0);
        }
        s.putObject("errors").put("HTTP 500", points / 100);
        ArrayNode ts = s.putArray("timeSeries");
        for (int i = 1; i <= points; i++) {
            ObjectNode p = ts.addObject();
            p.put("t", (double) i);
            p.put("ok", 9 + (i + seed) % 3);
            p.put("ko", i % 100 == 0 ? 1 : 0);
            p.put("rps", 10.0);
            p.put("p50", 5.0 + (i % 7));
            p.put("p95", 20.0 + (i % 13));
            p.put("p99", 30.0 + (i % 17));
            p.put("max", i == points / 2 ? 999.0 : 50.0 + (i % 5));
            p.put("users", 10);
            p.put("dropped", 0);
        }
        return s;
    }
}
