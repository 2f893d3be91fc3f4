package io.voiceload.platform.audio;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The synthetic TTS's voices: nothing but a base pitch. */
enum SyntheticVoice {
    NEUTRAL("neutral", 140),
    LOW("low", 100),
    HIGH("high", 220);

    private final String wireName;
    private final double pitchHz;

    SyntheticVoice(String wireName, double pitchHz) {
        this.wireName = wireName;
        this.pitchHz = pitchHz;
    }

    String wireName() {
        return wireName;
    }

    /** Base pitch (fundamental frequency), in hertz. */
    double pitchHz() {
        return pitchHz;
    }

    static Optional<SyntheticVoice> fromWire(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst();
    }

    static List<String> wireNames() {
        return Arrays.stream(values()).map(SyntheticVoice::wireName).toList();
    }
}
