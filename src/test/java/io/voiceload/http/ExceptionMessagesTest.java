package io.voiceload.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class ExceptionMessagesTest {

    @Test
    void firstLineOfTheMessageStripped() {
        assertThat(ExceptionMessages.firstLine(new ConnectException("  Connection refused\n\tat somewhere\n")))
                .isEqualTo("Connection refused");
    }

    @Test
    void classNameWhenThereIsNoMessage() {
        assertThat(ExceptionMessages.firstLine(new ConnectException())).isEqualTo("ConnectException");
        assertThat(ExceptionMessages.firstLine(null)).isEqualTo("unknown");
    }
}
