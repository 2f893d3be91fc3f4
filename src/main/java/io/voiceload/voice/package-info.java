/**
 * A measuring client of the reference platform's WebSocket voice stream ({@code GET /calls/{id}/stream},
 * protocol in {@code docs/api.md}, section "Voice stream"): {@link io.voiceload.voice.VoiceStreamClient} sends 20 ms
 * PCM frames at real-time pace and measures frame round trip, interarrival jitter of the agent's audio and
 * lost frames, into a {@link io.voiceload.voice.VoiceStreamResult} and, inside a load test, into the virtual
 * user's metrics. Built on the JDK's {@link java.net.http.WebSocket}; knows nothing of the platform's code.
 */
package io.voiceload.voice;
