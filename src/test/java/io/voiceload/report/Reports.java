package io.voiceload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** The hand-built baseline fixture {@code baseline-report.json} (two tests of a real run, series trimmed), and variants. */
final class Reports {
    static final ObjectMapper MAPPER = new ObjectMapper();

    private Reports() {}

    /** A fresh copy of the fixture report. */
    static ObjectNode fixture() {
        try (InputStream in = Reports.class.getResourceAsStream("baseline-report.json")) {
            return (ObjectNode) MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The fixture, changed by {@code change}, written to {@code dir/name}. */
    static Path write(Path dir, String name, Consumer<ObjectNode> change) {
        ObjectNode report = fixture();
        change.accept(report);
        Path file = dir.resolve(name);
        try {
            MAPPER.writeValue(file.toFile(), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The first test (CallCreationLoadIT.createAndFetchCalls) of a report. */
    static ObjectNode creation(ObjectNode report) {
        return (ObjectNode) report.path("tests").get(0);
    }

    /** Multiplies every iteration and request p50/p95/p99 of the first test by {@code factor}. */
    static void slower(ObjectNode report, double factor) {
        ObjectNode test = creation(report);
        scale((ObjectNode) test.path("iterations").path("latencyMs"), factor);
        test.path("requests").forEach(r -> scale((ObjectNode) r.path("latencyMs"), factor));
    }

    private static void scale(ObjectNode latency, double factor) {
        for (String p : new String[] {"p50", "p95", "p99"}) {
            latency.put(p, latency.path(p).asDouble() * factor);
        }
    }
}
