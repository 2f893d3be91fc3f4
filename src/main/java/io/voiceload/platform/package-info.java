/**
 * The reference hotel voice-AI platform the load tests run against: {@link io.voiceload.platform.HotelVoicePlatform}
 * (in-process) and {@link io.voiceload.platform.Main} (standalone). It knows nothing of the test framework;
 * only {@code Main} uses {@code io.voiceload.infra}, to start Postgres and Redis for itself. The HTTP API
 * is described in {@code docs/api.md}.
 */
package io.voiceload.platform;
