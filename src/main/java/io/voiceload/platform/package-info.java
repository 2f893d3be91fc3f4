/**
 * The reference hotel voice-AI platform the load tests run against: {@link io.voiceload.platform.HotelVoicePlatform}
 * (in-process) and {@link io.voiceload.platform.Main} (standalone). It knows nothing of the test framework;
 * only {@code Main} uses {@code io.voiceload.infra}, to start Postgres and Redis for itself. The HTTP API
 * is described in {@code docs/api.md}.
 *
 * <p>Arrows run one way: this package assembles the modules ({@code auth}, {@code calls} with
 * {@code routing}, {@code audio}, {@code voice}, {@code pms}) from {@link io.voiceload.platform.PlatformOptions},
 * handing each module its own options and faults; the modules build on the seam
 * {@code io.voiceload.platform.module}, which imports none of them; no module imports this package.
 */
package io.voiceload.platform;
