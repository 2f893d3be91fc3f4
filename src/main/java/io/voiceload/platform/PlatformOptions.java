package io.voiceload.platform;

import io.voiceload.platform.audio.AudioOptions;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.pms.PmsOptions;
import io.voiceload.platform.voice.VoiceOptions;
import java.util.Objects;

/**
 * How the platform runs: its port (0: any free port of 127.0.0.1), each module's options and, for tests
 * only, the {@link PlatformFaults faults} to inject (default {@link PlatformFaults#NONE}).
 *
 * <pre>{@code
 * PlatformOptions options = PlatformOptions.defaults().withPort(8080);
 * }</pre>
 */
public record PlatformOptions(
        int port, AuthOptions auth, AudioOptions audio, VoiceOptions voice, PmsOptions pms, PlatformFaults faults) {

    public PlatformOptions {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (random) or 1-65535, not " + port);
        }
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(pms, "pms");
        Objects.requireNonNull(faults, "faults");
    }

    /** A random port and every module's defaults. */
    public static PlatformOptions defaults() {
        return new PlatformOptions(
                0,
                AuthOptions.defaults(),
                AudioOptions.defaults(),
                VoiceOptions.defaults(),
                PmsOptions.defaults(),
                PlatformFaults.NONE);
    }

    public PlatformOptions withPort(int port) {
        return new PlatformOptions(port, auth, audio, voice, pms, faults);
    }

    public PlatformOptions withAuth(AuthOptions auth) {
        return new PlatformOptions(port, auth, audio, voice, pms, faults);
    }

    public PlatformOptions withAudio(AudioOptions audio) {
        return new PlatformOptions(port, auth, audio, voice, pms, faults);
    }

    public PlatformOptions withVoice(VoiceOptions voice) {
        return new PlatformOptions(port, auth, audio, voice, pms, faults);
    }

    public PlatformOptions withPms(PmsOptions pms) {
        return new PlatformOptions(port, auth, audio, voice, pms, faults);
    }

    /** Test only: makes the platform misbehave on purpose (see {@link PlatformFaults}). */
    public PlatformOptions withFaults(PlatformFaults faults) {
        return new PlatformOptions(port, auth, audio, voice, pms, faults);
    }
}
