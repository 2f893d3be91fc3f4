package io.voiceload.platform.calls;

/** An event the {@link CallLifecycle} does not allow in the call's current status. */
public final class InvalidTransitionException extends RuntimeException {

    private final CallStatus current;
    private final CallEventType event;

    public InvalidTransitionException(CallStatus current, CallEventType event) {
        super(
                "event " + event.wireName() + " is not allowed while the call is " + current.wireName(),
                null,
                false,
                false);
        this.current = current;
        this.event = event;
    }

    public CallStatus current() {
        return current;
    }

    public CallEventType event() {
        return event;
    }
}
