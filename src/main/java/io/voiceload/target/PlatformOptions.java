package io.voiceload.target;

import io.voiceload.target.audio.AudioOptions;
import io.voiceload.target.auth.AuthOptions;
import io.voiceload.target.pms.PmsOptions;
import io.voiceload.target.voice.VoiceOptions;
import java.util.Objects;

/**
 * How the platform runs: its port (0: any free port of 127.0.0.1) and each module's options.
 *
 * <pre>{@code
 * PlatformOptions options = PlatformOptions.defaults().withPort(8080);
 * }</pre>
 */
public record PlatformOptions(int port, AuthOptions auth, AudioOptions audio, VoiceOptions voice, PmsOptions pms) {

    public PlatformOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (random) or 1-65535, not " + port);
        }
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(pms, "pms");
    }

    /** A random port and every module's defaults. */
    public static PlatformOptions defaults() {
        return new PlatformOptions(
                0, AuthOptions.defaults(), AudioOptions.defaults(), VoiceOptions.defaults(), PmsOptions.defaults());
    }

    public PlatformOptions withPort(int port) {
        return new PlatformOptions(port, auth, audio, voice, pms);
    }

    public PlatformOptions withAuth(AuthOptions auth) {
        return new PlatformOptions(port, auth, audio, voice, pms);
    }

    public PlatformOptions withAudio(AudioOptions audio) {
        return new PlatformOptions(port, auth, audio, voice, pms);
    }

    public PlatformOptions withVoice(VoiceOptions voice) {
        return new PlatformOptions(port, auth, audio, voice, pms);
    }

    public PlatformOptions withPms(PmsOptions pms) {
        return new PlatformOptions(port, auth, audio, voice, pms);
    }
}
