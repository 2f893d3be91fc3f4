package io.voiceload.platform.voice;

import io.voiceload.platform.module.ModuleFaults;
import io.voiceload.platform.module.OptionChecks;

/**
 * <b>Test-only fault injector</b> of the voice stream: makes it misbehave on purpose, so a test can prove
 * that the load suite notices lost frames, or listeners that are never removed. Never set in production;
 * {@link #NONE} is the default.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.builder()
 *         .faults(new VoiceFaults(10))
 *         .build();
 * }</pre>
 *
 * @param dropVoiceEchoEveryNth 0: off; n &ge; 1: on every voice stream of this platform, the n-th, 2n-th...
 *     client frame received is never echoed back (silently: the frame counts as received), so the caller
 *     sees that share of its frames lost
 * @param listenerLeak when true, the {@link VoiceStreamListener} each voice stream registers with the module is
 *     never removed when the stream ends: it stays reachable, with its stream and its frame buffer, for as long as
 *     the platform runs ({@code GET /voice/streams} counts them as {@code listeners})
 */
public record VoiceFaults(int dropVoiceEchoEveryNth, boolean listenerLeak) implements ModuleFaults {

    /** No fault: the voice stream behaves. */
    public static final VoiceFaults NONE = new VoiceFaults(0, false);

    /** Drops every n-th echo (0: off), and removes listeners as it should. */
    public VoiceFaults(int dropVoiceEchoEveryNth) {
        this(dropVoiceEchoEveryNth, false);
    }

    public VoiceFaults {
        OptionChecks.offOrEveryNth("dropVoiceEchoEveryNth", dropVoiceEchoEveryNth);
    }

    @Override
    public boolean any() {
        return dropVoiceEchoEveryNth > 0 || listenerLeak;
    }
}
