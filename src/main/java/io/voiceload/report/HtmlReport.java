package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.voiceload.report.html.ComparisonPage;
import io.voiceload.report.html.RunReportPage;

/**
 * Renders a run report ({@code report.json}) and a comparison of two reports as self-contained HTML
 * pages: no scripts, no external links, system fonts, so they open from a CI artifact offline.
 *
 * <p>Charts are drawn on the server as inline SVG rather than by an inlined JavaScript chart library:
 * Jenkins' HTML Publisher serves reports under a Content-Security-Policy that blocks inline scripts
 * and styles, and SVG with presentation attributes still draws there (only the page's CSS polish is
 * lost; verdicts and breaches also carry text marks). SVG also prints, needs no browser to build,
 * and is testable as text. The cost: no hover read-outs or zoom.
 *
 * <p>Size: every time series is drawn with at most 300 points (longer ones are merged first), so a
 * run of hours stays a few MB at most; full histograms stay in the {@code .hlog} files.
 *
 * <pre>{@code
 * Files.writeString(runDir.resolve("report.html"), HtmlReport.render(mapper.readTree(reportJson)));
 * }</pre>
 */
public final class HtmlReport {
    private HtmlReport() {}

    /**
     * The {@code report.html} of a run, from its {@code report.json} document (shape: {@code
     * docs/report.schema.json}). Missing sections are left out; data is escaped.
     */
    public static String render(JsonNode report) {
        return RunReportPage.render(report);
    }

    /** The {@code comparison.html} of two runs, from a comparison document written by the compare command. */
    public static String renderComparison(JsonNode comparison) {
        return ComparisonPage.render(comparison);
    }
}
