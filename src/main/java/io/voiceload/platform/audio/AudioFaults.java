package io.voiceload.platform.audio;

import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.module.OptionChecks;

/**
 * <b>Test-only fault injector</b> of the audio module: makes it misbehave on purpose, so a test can prove
 * that the load suite notices corrupt audio, or recordings held whole in memory. Never set in production;
 * {@link #NONE} is the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(new AudioFaults(3))
 *         .build();
 * }</pre>
 *
 * @param corruptAudioEveryNth 0: off; n &ge; 1: every n-th {@code PUT /calls/{id}/audio} of this platform
 *     stores the recording with its middle byte flipped (the metadata, {@code sha256} and ETag still
 *     describe the bytes that were sent), so downloads differ from the upload
 * @param bufferWholeRecordings when true, the audio routes do what naive code does: an upload is read whole
 *     into a byte array before it is checked and stored, a download reads the bytes it sends from Postgres in one
 *     piece, and {@code POST /tts} synthesises its whole WAV file before sending it; so every concurrent upload,
 *     download or synthesis holds its whole recording (or range) in the heap
 */
public record AudioFaults(int corruptAudioEveryNth, boolean bufferWholeRecordings) implements ModuleFaults {

    /** No fault: the audio module behaves. */
    public static final AudioFaults NONE = new AudioFaults(0, false);

    /** Corrupts every n-th recording (0: off), and streams recordings as it should. */
    public AudioFaults(int corruptAudioEveryNth) {
        this(corruptAudioEveryNth, false);
    }

    public AudioFaults {
        OptionChecks.offOrEveryNth("corruptAudioEveryNth", corruptAudioEveryNth);
    }

    @Override
    public boolean any() {
        return corruptAudioEveryNth > 0 || bufferWholeRecordings;
    }
}
