package io.voiceload.architecture.planted.report;

import io.voiceload.architecture.planted.report.html.Page;

/** The report uses its HTML page, which uses the report back: a package cycle. */
public final class Report {
    public static String title() {
        return "run";
    }

    public static String html() {
        return Page.render();
    }
}
