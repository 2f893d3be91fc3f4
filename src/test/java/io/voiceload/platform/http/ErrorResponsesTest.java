package io.voiceload.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class ErrorResponsesTest {

    @Test
    void connectionFailuresOfPostgresAndRedisCountAsUnavailable() {
        assertThat(ErrorResponses.unavailableDependency(
                        new RuntimeException(new SQLTransientConnectionException("no connection in 5000 ms"))))
                .isEqualTo("postgres");
        assertThat(ErrorResponses.unavailableDependency(new SQLException("refused", "08001")))
                .isEqualTo("postgres");
        assertThat(ErrorResponses.unavailableDependency(new RedisConnectionException("refused")))
                .isEqualTo("redis");
        assertThat(ErrorResponses.unavailableDependency(new RedisCommandTimeoutException("500 ms")))
                .isEqualTo("redis");
    }

    @Test
    void otherFailuresDoNot() {
        assertThat(ErrorResponses.unavailableDependency(new SQLException("duplicate key", "23505")))
                .isNull();
        assertThat(ErrorResponses.unavailableDependency(new SQLException("no state")))
                .isNull();
        assertThat(ErrorResponses.unavailableDependency(new IllegalStateException("a bug")))
                .isNull();
    }
}
