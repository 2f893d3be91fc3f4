package io.voiceload.platform.calls;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Where a call stands; changed only by {@link CallEventType events}, as {@link CallLifecycle} allows. */
public enum CallStatus {
    CREATED,
    STARTED,
    RINGING,
    ANSWERED,
    ON_HOLD,
    TRANSFERRED,
    ENDED;

    /** The name on the wire and in the database: {@code on_hold}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CallStatus> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName().equals(name)).findFirst();
    }
}
