/**
 * Internal: what the report's writers ({@code report.json}, {@code report.md}, the CSVs, the HTML pages and
 * the recommendations) share when they read a per-test JSON: how numbers and times are written
 * ({@link io.voiceload.report.model.Format}, {@link io.voiceload.report.model.LocalTimes}), what a test counts
 * ({@link io.voiceload.report.model.Units}), the profiles the tests ran with
 * ({@link io.voiceload.report.model.ProfilesUsed}), series downsampling
 * ({@link io.voiceload.report.model.SeriesDownsampler}) and the SLO headroom rule
 * ({@link io.voiceload.report.model.SloHeadroom}). Not an API: do not depend on it.
 */
package io.voiceload.report.model;
