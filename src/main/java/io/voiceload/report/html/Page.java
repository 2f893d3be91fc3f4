package io.voiceload.report.html;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The HTML document around a page body, with the report's style sheet inlined (no network at view time). */
final class Page {
    private static final String CSS = load("/io/voiceload/report/report.css");

    private Page() {}

    static String wrap(String title, String body) {
        return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + Html.escape(title) + "</title><style>" + CSS + "</style></head><body><main>"
                + body
                + "<p class=\"note\">Written by voiceload. Self-contained: no scripts, no network; charts are SVG.</p>"
                + "</main></body></html>\n";
    }

    private static String load(String resource) {
        try (InputStream in = Page.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
