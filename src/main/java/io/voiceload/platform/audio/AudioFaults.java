package io.voiceload.platform.audio;

import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.module.OptionChecks;

/**
 * <b>Test-only fault injector</b> of the audio module: makes it misbehave on purpose, so a test can prove
 * that the load suite notices corrupt audio. Never set in production; {@link #NONE} is the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(AudioFaults.builder().corruptAudioEveryNth(3).build())
 *         .build();
 * }</pre>
 *
 * @param corruptAudioEveryNth 0: off; n &ge; 1: every n-th {@code PUT /calls/{id}/audio} of this platform
 *     stores the recording with its middle byte flipped (the metadata, {@code sha256} and ETag still
 *     describe the bytes that were sent), so downloads differ from the upload
 */
public record AudioFaults(int corruptAudioEveryNth) implements ModuleFaults {

    /** No fault: the audio module behaves. */
    public static final AudioFaults NONE = new AudioFaults(0);

    public AudioFaults {
        OptionChecks.offOrEveryNth("corruptAudioEveryNth", corruptAudioEveryNth);
    }

    /** A builder starting from {@link #NONE}. */
    public static Builder builder() {
        return NONE.toBuilder();
    }

    /** A builder starting from these faults. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public boolean any() {
        return corruptAudioEveryNth > 0;
    }

    /** Builds {@link AudioFaults}; each setter checks its value. */
    public static final class Builder {
        private int corruptAudioEveryNth;

        private Builder(AudioFaults base) {
            this.corruptAudioEveryNth = base.corruptAudioEveryNth;
        }

        /** Flips a byte of every {@code n}-th stored recording (0: off). */
        public Builder corruptAudioEveryNth(int n) {
            this.corruptAudioEveryNth = OptionChecks.offOrEveryNth("corruptAudioEveryNth", n);
            return this;
        }

        public AudioFaults build() {
            return new AudioFaults(corruptAudioEveryNth);
        }
    }
}
