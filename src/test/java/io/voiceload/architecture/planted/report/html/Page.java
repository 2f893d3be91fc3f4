package io.voiceload.architecture.planted.report.html;

import io.voiceload.architecture.planted.report.Report;

/** The page reads the report back: closes the cycle report ↔ report.html. */
public final class Page {
    public static String render() {
        return "<h1>" + Report.title() + "</h1>";
    }
}
