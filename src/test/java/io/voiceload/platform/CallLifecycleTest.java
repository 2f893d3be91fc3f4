package io.voiceload.platform;

import static io.voiceload.platform.calls.CallEventType.ANSWERED;
import static io.voiceload.platform.calls.CallEventType.ENDED;
import static io.voiceload.platform.calls.CallEventType.ON_HOLD;
import static io.voiceload.platform.calls.CallEventType.RINGING;
import static io.voiceload.platform.calls.CallEventType.STARTED;
import static io.voiceload.platform.calls.CallEventType.TRANSFERRED;
import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.platform.calls.CallEventType;
import io.voiceload.platform.calls.CallLifecycle;
import io.voiceload.platform.calls.CallStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The call state machine as documented in docs/api.md. */
class CallLifecycleTest {

    @Test
    void allowsExactlyTheDocumentedTransitions() {
        assertThat(CallLifecycle.allowedEvents(CallStatus.CREATED)).containsExactly(STARTED, ENDED);
        assertThat(CallLifecycle.allowedEvents(CallStatus.STARTED)).containsExactly(RINGING, ANSWERED, ENDED);
        assertThat(CallLifecycle.allowedEvents(CallStatus.RINGING)).containsExactly(ANSWERED, ENDED);
        assertThat(CallLifecycle.allowedEvents(CallStatus.ANSWERED)).containsExactly(ON_HOLD, TRANSFERRED, ENDED);
        assertThat(CallLifecycle.allowedEvents(CallStatus.ON_HOLD)).containsExactly(ANSWERED, TRANSFERRED, ENDED);
        assertThat(CallLifecycle.allowedEvents(CallStatus.TRANSFERRED)).containsExactly(RINGING, ANSWERED, ENDED);
        assertThat(CallLifecycle.allowedEvents(CallStatus.ENDED)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(CallStatus.class)
    void onlyEndedIsTerminalAndEveryOtherStatusCanEnd(CallStatus status) {
        assertThat(CallLifecycle.isTerminal(status)).isEqualTo(status == CallStatus.ENDED);
        assertThat(CallLifecycle.allows(status, ENDED)).isEqualTo(status != CallStatus.ENDED);
    }

    @ParameterizedTest
    @EnumSource(CallEventType.class)
    void eachEventLeadsToTheStatusOfItsNameAndRoundTripsOnTheWire(CallEventType type) {
        assertThat(type.resultingStatus().wireName()).isEqualTo(type.wireName());
        assertThat(CallEventType.fromWire(type.wireName())).contains(type);
        assertThat(CallStatus.fromWire(type.resultingStatus().wireName())).contains(type.resultingStatus());
        assertThat(CallEventType.fromWire(type.name())).isEmpty();
    }

    @Test
    void theAllowedSetIsACopy() {
        CallLifecycle.allowedEvents(CallStatus.CREATED).clear();
        assertThat(CallLifecycle.allowedEvents(CallStatus.CREATED)).containsExactly(STARTED, ENDED);
    }
}
