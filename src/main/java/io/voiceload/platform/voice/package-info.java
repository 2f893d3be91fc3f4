/**
 * The voice stream: {@code GET /calls/{id}/stream} upgraded to a WebSocket per call
 * ({@link io.voiceload.platform.voice.VoiceModule}), its wire format
 * ({@link io.voiceload.platform.voice.VoiceProtocol}), a 20 ms server clock sending the agent's audio with the
 * echoes of the caller's frames, and a synthetic transcript derived from the caller's audio. Described in
 * {@code docs/api.md} ("Voice stream").
 */
package io.voiceload.platform.voice;
