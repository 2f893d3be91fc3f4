package io.voiceload.platform.audio;

import java.util.Arrays;
import java.util.Optional;

/** How a stored recording is encoded; every recording is 16-bit signed PCM, mono. */
enum RecordingFormat {
    /** A RIFF/WAVE file (little-endian samples), stored and served as uploaded. */
    WAV("wav"),
    /** Raw samples, big-endian (RFC 2586 {@code audio/L16}), stored and served as uploaded. */
    L16("l16");

    private final String wireName;

    RecordingFormat(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    /** The {@code Content-Type} the recording is served with. */
    String mediaType(int sampleRate) {
        return this == WAV ? "audio/wav" : "audio/L16;rate=" + sampleRate;
    }

    static Optional<RecordingFormat> fromWire(String name) {
        return Arrays.stream(values()).filter(f -> f.wireName.equals(name)).findFirst();
    }
}
