package io.voiceload.target.voice;

/** Options of the platform's voice module. */
public record VoiceOptions() {

    public static VoiceOptions defaults() {
        return new VoiceOptions();
    }
}
