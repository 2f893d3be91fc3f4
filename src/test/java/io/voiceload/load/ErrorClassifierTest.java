package io.voiceload.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class ErrorClassifierTest {

    static final class StatusException extends RuntimeException implements HttpStatusFailure {
        private final int status;

        StatusException(int status) {
            super("request failed with " + status + " for call 1234");
            this.status = status;
        }

        @Override
        public int statusCode() {
            return status;
        }
    }

    @Test
    void httpStatusWinsOverTheMessage() {
        assertThat(ErrorClassifier.classify(new StatusException(503))).isEqualTo("HTTP 503");
    }

    @Test
    void assertionsAreKeyedByTheirFirstLine() {
        assertThat(ErrorClassifier.classify(new AssertionError("expected 201\nbut was 500")))
                .isEqualTo("assertion: expected 201");
        assertThat(ErrorClassifier.classify(new AssertionError())).isEqualTo("assertion failed");
    }

    @Test
    void wrappersAreUnwrapped() {
        Throwable wrapped = new ExecutionException(new CompletionException(new StatusException(429)));
        assertThat(ErrorClassifier.classify(wrapped)).isEqualTo("HTTP 429");
        assertThat(ErrorClassifier.classify(new RuntimeException(new IOException("connection reset"))))
                .isEqualTo("IOException: connection reset");
    }

    @Test
    void meaningfulWrappersAreKept() {
        assertThat(ErrorClassifier.classify(new UncheckedIOException("upload failed", new IOException("reset"))))
                .isEqualTo("UncheckedIOException: upload failed");
    }

    @Test
    void longMessagesAreCut() {
        String key = ErrorClassifier.classify(new IllegalStateException("x".repeat(500)));
        assertThat(key).startsWith("IllegalStateException: xxx").endsWith("…");
        assertThat(key.length()).isLessThan(160);
    }

    @Test
    void errorKindsAreBoundedPerName() {
        NamedMetrics metrics = new NamedMetrics("GET /calls");
        for (int i = 0; i < 200; i++) {
            metrics.recordFailure(1_000_000, "kind " + i, null);
        }
        metrics.sample(1000, 1000, 0, 0);
        RequestStats stats = metrics.snapshot(1);
        assertThat(stats.errors()).hasSize(NamedMetrics.MAX_ERROR_KINDS + 1);
        assertThat(stats.errors().get(NamedMetrics.OTHER_ERRORS)).isEqualTo(150);
        assertThat(stats.failures()).isEqualTo(200);
    }
}
