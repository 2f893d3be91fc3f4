package io.voiceload.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders a run report ({@code report.json}) and a comparison of two reports as self-contained HTML
 * pages: no network at view time.
 */
public final class HtmlReport {
    private HtmlReport() {}

    /** The {@code report.html} of a run, from its {@code report.json} document. */
    public static String render(JsonNode report) {
        return page(
                "voiceload run " + report.path("runId").asText(), "<pre>" + escape(report.toPrettyString()) + "</pre>");
    }

    /** The {@code comparison.html} of two runs, from a comparison document. */
    public static String renderComparison(JsonNode comparison) {
        return page("voiceload comparison", "<pre>" + escape(comparison.toPrettyString()) + "</pre>");
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head><body>"
                + body + "</body></html>";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
