package io.voiceload.platform.calls;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What can happen to a call; each event moves the call to {@link #resultingStatus()}. */
public enum CallEventType {
    STARTED(CallStatus.STARTED),
    RINGING(CallStatus.RINGING),
    ANSWERED(CallStatus.ANSWERED),
    ON_HOLD(CallStatus.ON_HOLD),
    TRANSFERRED(CallStatus.TRANSFERRED),
    ENDED(CallStatus.ENDED);

    private final CallStatus resultingStatus;

    CallEventType(CallStatus resultingStatus) {
        this.resultingStatus = resultingStatus;
    }

    public CallStatus resultingStatus() {
        return resultingStatus;
    }

    /** The name on the wire and in the database: {@code on_hold}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CallEventType> fromWire(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }
}
