package io.voiceload.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The report command line, without running any test:
 *
 * <pre class="language-text">{@code
 * mvn -q exec:java -Dexec.args="compare target/load-reports/<a>/report.json target/load-reports/latest/report.json"
 * compare <baseline report.json> <current report.json> [--margin 10%] [--out <dir>] [--force]
 * }</pre>
 *
 * {@code compare} writes {@code comparison.json} ({@link Comparison}), {@code comparison.md}
 * ({@link ComparisonMarkdown}) and {@code comparison.html} ({@link HtmlReport#renderComparison}) into
 * {@code --out} (default {@code <loadtest.reports.dir or target/load-reports>/compare/<baseRunId>-vs-<currentRunId>/}),
 * prints the Markdown and the verdict, then throws {@link ComparisonFailedException} on a regression or a
 * refusal, so that the exit code (Maven's too) is non-zero. Usage errors print the usage and throw
 * {@link IllegalArgumentException}.
 */
public final class ReportsCli {
    static final String USAGE = """
            usage: compare <baseline report.json> <current report.json> [--margin 10%] [--out <dir>] [--force]
                   report <run dir>
              Compares two voiceload run reports (p50/p95/p99, error rate and rps of every test and request).
              --margin  how much worse a figure may be: 10% (default, or the config's baseline_margin) or 0.10
              --out     where to write comparison.json, .md and .html
                        (default target/load-reports/compare/<baseRunId>-vs-<currentRunId>/)
              --force   compare even when the environments or plans differ (marked forced)
            e.g. mvn -q exec:java -Dexec.args="compare base/report.json target/load-reports/latest/report.json"
            report: rebuilds report.json, .html, .md and the CSVs of a run directory from its tests/
            e.g. mvn -q exec:java -Dexec.args="report target/load-reports/20261122-160050\"""";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** A comparison that regressed or was refused; thrown after its files are written. */
    public static final class ComparisonFailedException extends RuntimeException {
        ComparisonFailedException(String message) {
            super(message);
        }
    }

    private ReportsCli() {}

    /**
     * Runs one command.
     *
     * @throws IllegalArgumentException for a usage error (the usage is printed)
     * @throws ComparisonFailedException when the comparison regressed or was refused
     */
    public static void main(String[] args) {
        run(args, System.out);
    }

    /**
     * Runs one command, printing to {@code out}; returns the directory written (null for {@code help}).
     *
     * @throws IllegalArgumentException for a usage error
     * @throws ComparisonFailedException when the comparison regressed or was refused
     */
    static Path run(String[] args, PrintStream out) {
        if (args.length == 0 || List.of("help", "-h", "--help").contains(args[0])) {
            if (args.length == 0) {
                throw usage(out, "no command given");
            }
            out.println(USAGE);
            return null;
        }
        if (args[0].equals("report")) {
            return rebuild(args, out);
        }
        if (!args[0].equals("compare")) {
            throw usage(out, "unknown command \"" + args[0] + "\"; the commands are compare and report");
        }
        List<String> files = new ArrayList<>();
        Double margin = null;
        Path outDir = null;
        boolean force = false;
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--margin" -> {
                    String v = value(args, ++i, a, out);
                    try {
                        margin = BaselineSettings.parseMargin(v, "--margin " + v);
                    } catch (IllegalArgumentException e) {
                        throw usage(out, e.getMessage());
                    }
                }
                case "--out" -> outDir = Path.of(value(args, ++i, a, out));
                case "--force" -> force = true;
                default -> {
                    if (a.startsWith("-")) {
                        throw usage(out, "unknown option \"" + a + "\"; options: --margin, --out, --force");
                    }
                    files.add(a);
                }
            }
        }
        if (files.size() != 2) {
            throw usage(out, "compare takes two report.json files (baseline, then current); got " + files.size());
        }
        BaselineReport baseline;
        BaselineReport current;
        try {
            baseline = BaselineReport.read(Path.of(files.get(0)));
            current = BaselineReport.read(Path.of(files.get(1)));
        } catch (IllegalArgumentException e) {
            throw usage(out, e.getMessage());
        }
        double m = margin != null ? margin : configuredMargin();
        ObjectNode doc = Comparison.compare(baseline, current, m, force);
        if (outDir == null) {
            String reports = System.getProperty("loadtest.reports.dir", "").strip();
            outDir = Path.of(reports.isEmpty() ? "target/load-reports" : reports)
                    .resolve("compare")
                    .resolve(safe(baseline.runId()) + "-vs-" + safe(current.runId()));
        }
        String markdown = ComparisonMarkdown.render(doc);
        try {
            Files.createDirectories(outDir);
            MAPPER.writeValue(outDir.resolve("comparison.json").toFile(), doc);
            Files.writeString(outDir.resolve("comparison.md"), markdown, StandardCharsets.UTF_8);
            Files.writeString(
                    outDir.resolve("comparison.html"), HtmlReport.renderComparison(doc), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison into " + outDir.toAbsolutePath(), e);
        }
        out.println(markdown);
        String verdict = doc.path("verdict").asText();
        out.println("comparison " + verdict.toUpperCase(Locale.ROOT) + "; written to " + outDir.toAbsolutePath()
                + " (comparison.json, comparison.md, comparison.html)");
        if (!verdict.equals("passed")) {
            throw new ComparisonFailedException("comparison " + verdict + ": " + reason(doc) + " (see "
                    + outDir.resolve("comparison.md").toAbsolutePath() + ")");
        }
        return outDir;
    }

    private static Path rebuild(String[] args, PrintStream out) {
        if (args.length != 2) {
            throw usage(out, "report takes one run directory; got " + (args.length - 1) + " arguments");
        }
        Path runDir = Path.of(args[1]);
        try {
            RunReportWriter.Written written = RunReportWriter.rewrite(runDir);
            out.println(written.summaryLine());
            return runDir;
        } catch (IllegalArgumentException e) {
            throw usage(out, e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rebuild the report of " + runDir.toAbsolutePath(), e);
        }
    }

    private static String reason(ObjectNode doc) {
        if (!doc.path("environmentDifferences").isEmpty() && !doc.path("forced").asBoolean()) {
            List<String> d = new ArrayList<>();
            doc.path("environmentDifferences").forEach(n -> d.add(n.asText()));
            return "the environments differ (" + String.join("; ", d) + "); --force compares anyway";
        }
        List<String> tests = new ArrayList<>();
        doc.path("tests").forEach(t -> {
            String v = t.path("verdict").asText();
            if (v.equals("regressed") || v.equals("refused")) {
                tests.add(t.path("id").asText() + " " + v + ": "
                        + t.path("reason").asText());
            }
        });
        return String.join("; ", tests);
    }

    private static double configuredMargin() {
        try {
            Double configured =
                    io.voiceload.config.LoadTestConfig.shared().defaults().baselineMargin();
            return configured == null ? BaselineRules.DEFAULT_MARGIN : configured;
        } catch (RuntimeException e) { // no usable configuration here: the default applies
            return BaselineRules.DEFAULT_MARGIN;
        }
    }

    private static String value(String[] args, int i, String option, PrintStream out) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw usage(out, option + " needs a value");
        }
        return args[i];
    }

    private static IllegalArgumentException usage(PrintStream out, String problem) {
        out.println(problem + "\n" + USAGE);
        return new IllegalArgumentException(problem);
    }

    private static String safe(String runId) {
        String s = runId.replaceAll("[^A-Za-z0-9._-]", "_");
        return s.isEmpty() ? "unknown" : s;
    }
}
