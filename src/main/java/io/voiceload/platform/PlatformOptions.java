package io.voiceload.platform;

import io.voiceload.platform.audio.AudioOptions;
import io.voiceload.platform.auth.AuthOptions;
import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.pms.PmsOptions;
import io.voiceload.platform.voice.VoiceOptions;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How the platform runs: its port (0: any free port of 127.0.0.1), each module's options and, for tests
 * only, the modules' {@link ModuleFaults faults} to inject (none by default).
 *
 * <pre>{@code
 * PlatformOptions options = PlatformOptions.builder()
 *         .port(8080)
 *         .pms(PmsOptions.builder().primary(URI.create("http://127.0.0.1:9090")).build())
 *         .build();
 *
 * // Test only: a platform that loses every 10th call and corrupts every 3rd recording.
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(CallFaults.builder().loseEveryNthCall(10).build())
 *         .faults(new AudioFaults(3))
 *         .build();
 * }</pre>
 *
 * @param port 0 (a random free port) or 1-65535
 * @param faults test only: at most one {@link ModuleFaults} record per type ({@code CallFaults},
 *     {@code AudioFaults}, {@code RoutingFaults}, {@code VoiceFaults}, {@code PmsFaults}, {@code StoreFaults},
 *     {@code AuthFaults});
 *     a module whose type is absent behaves
 */
public record PlatformOptions(
        int port, AuthOptions auth, AudioOptions audio, VoiceOptions voice, PmsOptions pms, List<ModuleFaults> faults) {

    private static final PlatformOptions DEFAULTS = new PlatformOptions(
            0,
            AuthOptions.defaults(),
            AudioOptions.defaults(),
            VoiceOptions.defaults(),
            PmsOptions.defaults(),
            List.of());

    public PlatformOptions {
        checkPort(port);
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(audio, "audio");
        Objects.requireNonNull(voice, "voice");
        Objects.requireNonNull(pms, "pms");
        faults = List.copyOf(faults);
        Set<Class<?>> types = new HashSet<>();
        for (ModuleFaults f : faults) {
            if (!types.add(f.getClass())) {
                throw new IllegalArgumentException("faults: " + f.getClass().getSimpleName()
                        + " is given twice; give each module's faults once, every switch in one record");
            }
        }
    }

    /** A random port, every module's defaults, no fault. */
    public static PlatformOptions defaults() {
        return DEFAULTS;
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return DEFAULTS.toBuilder();
    }

    /** A builder starting from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The faults of type {@code type} (test only), if they were given. */
    public <F extends ModuleFaults> Optional<F> faults(Class<F> type) {
        return faults.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    private static int checkPort(int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0 (random) or 1-65535, not " + port);
        }
        return port;
    }

    /** Builds {@link PlatformOptions}; each setter checks its value. */
    public static final class Builder {
        private int port;
        private AuthOptions auth;
        private AudioOptions audio;
        private VoiceOptions voice;
        private PmsOptions pms;
        private final Map<Class<?>, ModuleFaults> faults = new LinkedHashMap<>();

        private Builder(PlatformOptions base) {
            this.port = base.port;
            this.auth = base.auth;
            this.audio = base.audio;
            this.voice = base.voice;
            this.pms = base.pms;
            base.faults.forEach(this::faults);
        }

        /** 0 (a random free port of 127.0.0.1) or 1-65535. */
        public Builder port(int port) {
            this.port = checkPort(port);
            return this;
        }

        public Builder auth(AuthOptions auth) {
            this.auth = Objects.requireNonNull(auth, "auth");
            return this;
        }

        public Builder audio(AudioOptions audio) {
            this.audio = Objects.requireNonNull(audio, "audio");
            return this;
        }

        public Builder voice(VoiceOptions voice) {
            this.voice = Objects.requireNonNull(voice, "voice");
            return this;
        }

        public Builder pms(PmsOptions pms) {
            this.pms = Objects.requireNonNull(pms, "pms");
            return this;
        }

        /**
         * Test only: makes one module misbehave on purpose (see {@link ModuleFaults}); replaces the faults
         * of the same type given before, and leaves the other modules' as they are.
         */
        public Builder faults(ModuleFaults moduleFaults) {
            Objects.requireNonNull(moduleFaults, "faults");
            this.faults.put(moduleFaults.getClass(), moduleFaults);
            return this;
        }

        public PlatformOptions build() {
            return new PlatformOptions(port, auth, audio, voice, pms, List.copyOf(faults.values()));
        }
    }
}
