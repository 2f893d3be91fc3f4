/**
 * Internal: the pieces {@link io.voiceload.report.HtmlReport} renders a report with (page sections,
 * server-side SVG charts, labels). Not an API: do not depend on it.
 */
package io.voiceload.report.html;
