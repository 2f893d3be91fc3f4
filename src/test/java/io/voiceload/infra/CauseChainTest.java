package io.voiceload.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

class CauseChainTest {

    @Test
    void namesEachExceptionAndItsMessageOutermostFirst() {
        var e = new IllegalStateException("Postgres did not start", new IOException("initdb failed"));
        assertThat(CauseChain.describe(e))
                .isEqualTo("IllegalStateException: Postgres did not start <- IOException: initdb failed");
    }

    @Test
    void leavesOutACauseWhoseMessageIsAlreadySaid() {
        // UncheckedIOException(cause) takes the cause's toString() as its message.
        var e = new UncheckedIOException(new ConnectException("Connection refused"));
        assertThat(CauseChain.describe(e))
                .isEqualTo("UncheckedIOException: java.net.ConnectException: Connection refused");
    }

    @Test
    void keepsAtMostFourPartsAndNamesExceptionsWithoutMessage() {
        Throwable e = new RuntimeException("e5");
        for (int i = 4; i >= 1; i--) {
            e = new RuntimeException("e" + i, e);
        }
        assertThat(CauseChain.describe(e))
                .isEqualTo(
                        "RuntimeException: e1 <- RuntimeException: e2 <- RuntimeException: e3 <- RuntimeException: e4");
        assertThat(CauseChain.describe(new IllegalStateException())).isEqualTo("IllegalStateException");
    }
}
