/**
 * The platform's audio: a call's recording (upload with size limit and format checks, download with byte
 * ranges and ETag) in Postgres, and the synthetic TTS, a deterministic tone generator standing in for a
 * real TTS engine. Entry point {@link io.voiceload.platform.audio.AudioModule}; limits in
 * {@link io.voiceload.platform.audio.AudioOptions}. Described in {@code docs/api.md, "Audio"}.
 */
package io.voiceload.platform.audio;
