package io.voiceload.report.html;

import static org.assertj.core.api.Assertions.assertThat;

import io.voiceload.load.StopReason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestSectionTest {
    @ParameterizedTest
    @EnumSource(StopReason.class)
    void everyStopReasonReadsInWords(StopReason reason) {
        assertThat(TestSection.stopReason(reason.name()))
                .doesNotContain(reason.name())
                .doesNotStartWith("stopped:");
    }

    @Test
    void aStopReasonOfAnotherVersionIsWrittenAsItIs() {
        assertThat(TestSection.stopReason("DRAINED")).isEqualTo("stopped: DRAINED");
        assertThat(TestSection.stopReason("DURATION_ELAPSED")).isEqualTo("ended when its duration elapsed");
    }
}
