package io.voiceload.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code compare a.json b.json}: three files, the Markdown printed, an exception on a regression or refusal. */
class ReportsCliTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void compareOfAReportWithItselfPassesAndWritesThreeFiles() throws Exception {
        Path report = Reports.write(dir, "report.json", r -> {});
        Path outDir = dir.resolve("out");
        Path written = ReportsCli.run(
                new String[] {"compare", report.toString(), report.toString(), "--out", outDir.toString()}, out);
        assertThat(written).isEqualTo(outDir);
        assertThat(outDir.resolve("comparison.json")).isRegularFile();
        assertThat(outDir.resolve("comparison.md")).isRegularFile();
        assertThat(outDir.resolve("comparison.html")).content().startsWith("<!doctype html>");
        JsonNode doc = Reports.MAPPER.readTree(outDir.resolve("comparison.json").toFile());
        assertThat(doc.path("verdict").asText()).isEqualTo("passed");
        assertThat(printed())
                .contains("**Verdict: PASSED** (margin 10 %)")
                .contains("| request | metric |")
                .contains("comparison PASSED; written to " + outDir.toAbsolutePath());
    }

    @Test
    void aRegressionFailsAfterWritingTheFiles() throws Exception {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path slower = Reports.write(dir, "slower.json", r -> Reports.slower(r, 3));
        Path outDir = dir.resolve("out");
        assertThatThrownBy(() -> ReportsCli.run(
                        new String[] {
                            "compare", base.toString(), slower.toString(), "--margin", "15%", "--out", outDir.toString()
                        },
                        out))
                .isInstanceOf(ReportsCli.ComparisonFailedException.class)
                .hasMessageStartingWith("comparison regressed: CallCreationLoadIT.createAndFetchCalls regressed:");
        JsonNode doc = Reports.MAPPER.readTree(outDir.resolve("comparison.json").toFile());
        assertThat(doc.path("verdict").asText()).isEqualTo("regressed");
        assertThat(doc.path("margin").asDouble()).isEqualTo(0.15);
        assertThat(Files.readString(outDir.resolve("comparison.md"))).contains("**Verdict: REGRESSED** (margin 15 %)");
        assertThat(printed()).contains("comparison REGRESSED");
    }

    @Test
    void aRefusalFailsNamingTheDifferencesAndForceComparesAnyway() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path other = Reports.write(dir, "other.json", r -> {
            ((ObjectNode) r.at("/environment/host")).put("cores", 8);
            r.put("runId", "20261123-090000");
        });
        assertThatThrownBy(() -> ReportsCli.run(new String[] {"compare", base.toString(), other.toString()}, out))
                .isInstanceOf(ReportsCli.ComparisonFailedException.class)
                .hasMessageContaining("comparison refused: the environments differ (host.cores: 2 vs 8); --force");
        Path forcedOut = dir.resolve("forced");
        ReportsCli.run(
                new String[] {"compare", base.toString(), other.toString(), "--force", "--out", forcedOut.toString()},
                out);
        assertThat(forcedOut.resolve("comparison.md")).content().contains("forced despite environment differences");
    }

    @Test
    void theDefaultOutputDirectoryNamesBothRuns() {
        Path base = Reports.write(dir, "base.json", r -> {});
        Path current = Reports.write(dir, "current.json", r -> r.put("runId", "20261123-090000"));
        String saved = System.getProperty("loadtest.reports.dir");
        System.setProperty("loadtest.reports.dir", dir.resolve("reports").toString());
        try {
            Path written = ReportsCli.run(new String[] {"compare", base.toString(), current.toString()}, out);
            assertThat(written).isEqualTo(dir.resolve("reports/compare/20261122-152731-vs-20261123-090000"));
            assertThat(written.resolve("comparison.html")).isRegularFile();
        } finally {
            if (saved == null) {
                System.clearProperty("loadtest.reports.dir");
            } else {
                System.setProperty("loadtest.reports.dir", saved);
            }
        }
    }

    @Test
    void usageErrorsPrintTheUsage() {
        Path report = Reports.write(dir, "report.json", r -> {});
        String[][] bad = {
            {},
            {"diff", "a", "b"},
            {"compare", report.toString()},
            {"compare", report.toString(), report.toString(), "--colour"},
            {"compare", report.toString(), report.toString(), "--margin"},
            {"compare", report.toString(), report.toString(), "--margin", "lots"},
            {"compare", report.toString(), dir.resolve("missing.json").toString()}
        };
        String[] problems = {
            "no command given",
            "unknown command \"diff\"",
            "compare takes two report.json files (baseline, then current); got 1",
            "unknown option \"--colour\"",
            "--margin needs a value",
            "--margin lots: a baseline margin is a percentage",
            "missing.json: no such file"
        };
        for (int i = 0; i < bad.length; i++) {
            String[] args = bad[i];
            printed.reset();
            assertThatThrownBy(() -> ReportsCli.run(args, out))
                    .as(String.join(" ", args))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(problems[i]);
            assertThat(printed()).contains("usage: compare <baseline report.json> <current report.json>");
        }
    }

    @Test
    void reportRebuildsARunsFilesFromItsTestsAndLeavesLatestAlone() throws Exception {
        Path run = ReportFixtures.copy("tiny-run", dir, "20261122-153415");
        Path written = ReportsCli.run(new String[] {"report", run.toString()}, out);
        assertThat(written).isEqualTo(run);
        for (String file : RunReportWriter.FILES) {
            assertThat(run.resolve(file)).isRegularFile();
        }
        assertThat(dir.resolve(RunReportWriter.LATEST)).doesNotExist();
        assertThat(Reports.MAPPER
                        .readTree(run.resolve("report.json").toFile())
                        .path("tests")
                        .size())
                .isEqualTo(7);
        assertThat(printed()).contains("[report] " + run.resolve("report.html") + " — 7 tests: 7 passed");
    }

    @Test
    void reportOfADirectoryWithoutTestsIsAUsageError() {
        assertThatThrownBy(() -> ReportsCli.run(new String[] {"report", dir.toString()}, out))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a run directory: it has no tests/");
        assertThat(printed()).contains("usage: compare");
    }
}
