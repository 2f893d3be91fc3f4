package io.voiceload.target.audio;

/** Options of the platform's audio module. */
public record AudioOptions() {

    public static AudioOptions defaults() {
        return new AudioOptions();
    }
}
