package io.voiceload.platform;

/**
 * <b>Test-only fault injector</b>: makes the platform misbehave on purpose, so a test can prove that the
 * load suite notices (a wrong count, a wrong order, corrupt audio, a misrouted transfer). Never set in
 * production; {@link #NONE} is the default of {@link PlatformOptions#defaults()}.
 *
 * <pre>{@code
 * PlatformOptions faulty = PlatformOptions.defaults().withFaults(PlatformFaults.NONE.withLoseEveryNthCall(10));
 * }</pre>
 *
 * @param loseEveryNthCall 0: off; n &ge; 1: every n-th {@code POST /calls} of this platform answers 201 with
 *     a complete call (and caches it in Redis, so {@code GET /calls/{id}} still finds it) but stores nothing
 *     in Postgres: the call is lost
 * @param swapEventOrder when true, the third event of every call is stored before its second (their
 *     sequence numbers are swapped), so {@code GET /calls/{id}/events} lists them in the wrong order
 * @param corruptAudioEveryNth 0: off; n &ge; 1: every n-th {@code PUT /calls/{id}/audio} of this platform
 *     stores the recording with its middle byte flipped (the metadata, {@code sha256} and ETag still
 *     describe the bytes that were sent), so downloads differ from the upload
 * @param misrouteTransfers when true, {@code POST /calls/{id}/transfer} with a {@code department} resolves
 *     the rules for the next department of the list instead, so the transfer lands where the rules do not
 *     say
 * @param dropVoiceEchoEveryNth 0: off; n &ge; 1: on every voice stream of this platform, the n-th, 2n-th...
 *     client frame received is never echoed back (silently: the frame counts as received), so the caller
 *     sees that share of its frames lost
 */
public record PlatformFaults(
        int loseEveryNthCall,
        boolean swapEventOrder,
        int corruptAudioEveryNth,
        boolean misrouteTransfers,
        int dropVoiceEchoEveryNth) {

    /** No fault: the platform behaves. */
    public static final PlatformFaults NONE = new PlatformFaults(0, false, 0, false, 0);

    public PlatformFaults {
        if (loseEveryNthCall < 0) {
            throw new IllegalArgumentException(
                    "loseEveryNthCall must be 0 (off) or at least 1, not " + loseEveryNthCall);
        }
        if (corruptAudioEveryNth < 0) {
            throw new IllegalArgumentException(
                    "corruptAudioEveryNth must be 0 (off) or at least 1, not " + corruptAudioEveryNth);
        }
        if (dropVoiceEchoEveryNth < 0) {
            throw new IllegalArgumentException(
                    "dropVoiceEchoEveryNth must be 0 (off) or at least 1, not " + dropVoiceEchoEveryNth);
        }
    }

    /** Loses every {@code n}-th created call (0: off). */
    public PlatformFaults withLoseEveryNthCall(int n) {
        return new PlatformFaults(n, swapEventOrder, corruptAudioEveryNth, misrouteTransfers, dropVoiceEchoEveryNth);
    }

    /** Stores the third event of every call before its second. */
    public PlatformFaults withSwapEventOrder(boolean swap) {
        return new PlatformFaults(
                loseEveryNthCall, swap, corruptAudioEveryNth, misrouteTransfers, dropVoiceEchoEveryNth);
    }

    /** Flips a byte of every {@code n}-th stored recording (0: off). */
    public PlatformFaults withCorruptAudioEveryNth(int n) {
        return new PlatformFaults(loseEveryNthCall, swapEventOrder, n, misrouteTransfers, dropVoiceEchoEveryNth);
    }

    /** Resolves every transfer to a department for the next department of the list. */
    public PlatformFaults withMisrouteTransfers(boolean misroute) {
        return new PlatformFaults(
                loseEveryNthCall, swapEventOrder, corruptAudioEveryNth, misroute, dropVoiceEchoEveryNth);
    }

    /** Never echoes every {@code n}-th client frame of a voice stream (0: off). */
    public PlatformFaults withDropVoiceEchoEveryNth(int n) {
        return new PlatformFaults(loseEveryNthCall, swapEventOrder, corruptAudioEveryNth, misrouteTransfers, n);
    }

    /** Whether any fault is on. */
    public boolean any() {
        return loseEveryNthCall > 0
                || swapEventOrder
                || corruptAudioEveryNth > 0
                || misrouteTransfers
                || dropVoiceEchoEveryNth > 0;
    }
}
