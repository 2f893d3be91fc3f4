package io.voiceload.platform.calls;

import static io.voiceload.platform.calls.CallEventType.ANSWERED;
import static io.voiceload.platform.calls.CallEventType.ENDED;
import static io.voiceload.platform.calls.CallEventType.ON_HOLD;
import static io.voiceload.platform.calls.CallEventType.RINGING;
import static io.voiceload.platform.calls.CallEventType.STARTED;
import static io.voiceload.platform.calls.CallEventType.TRANSFERRED;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The call state machine, the one place that says which event may follow which status (documented in
 * {@code docs/api.md}):
 *
 * <pre>
 * created     → started, ended
 * started     → ringing, answered, ended
 * ringing     → answered, ended
 * answered    → on_hold, transferred, ended
 * on_hold     → answered (resumed), transferred, ended
 * transferred → ringing, answered, ended
 * ended       → (terminal)
 * </pre>
 *
 * Each event leads to the status of the same name ({@link CallEventType#resultingStatus()}).
 */
public final class CallLifecycle {

    private static final Map<CallStatus, Set<CallEventType>> ALLOWED = new EnumMap<>(CallStatus.class);

    static {
        ALLOWED.put(CallStatus.CREATED, EnumSet.of(STARTED, ENDED));
        ALLOWED.put(CallStatus.STARTED, EnumSet.of(RINGING, ANSWERED, ENDED));
        ALLOWED.put(CallStatus.RINGING, EnumSet.of(ANSWERED, ENDED));
        ALLOWED.put(CallStatus.ANSWERED, EnumSet.of(ON_HOLD, TRANSFERRED, ENDED));
        ALLOWED.put(CallStatus.ON_HOLD, EnumSet.of(ANSWERED, TRANSFERRED, ENDED));
        ALLOWED.put(CallStatus.TRANSFERRED, EnumSet.of(RINGING, ANSWERED, ENDED));
        ALLOWED.put(CallStatus.ENDED, EnumSet.noneOf(CallEventType.class));
    }

    private CallLifecycle() {}

    /** The events allowed while a call is in {@code status}, in declaration order; empty once ended. */
    public static Set<CallEventType> allowedEvents(CallStatus status) {
        EnumSet<CallEventType> copy = EnumSet.noneOf(CallEventType.class);
        copy.addAll(ALLOWED.get(status));
        return copy;
    }

    public static boolean allows(CallStatus status, CallEventType event) {
        return ALLOWED.get(status).contains(event);
    }

    /** True when no event may follow. */
    public static boolean isTerminal(CallStatus status) {
        return ALLOWED.get(status).isEmpty();
    }
}
