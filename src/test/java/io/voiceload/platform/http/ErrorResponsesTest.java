package io.voiceload.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.javalin.Javalin;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.voiceload.platform.ServerLog;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.eclipse.jetty.io.EofException;
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

    /**
     * Jetty's EofException (here thrown by the route; in the platform by Jetty when a client aborts a WebSocket
     * upgrade or an upload) means the client is gone: no ERROR, no stack trace, no errorId. Any other failure
     * is logged with its errorId and trace.
     */
    @Test
    void aClientThatClosedTheConnectionIsNoFailureOfThePlatform() throws Exception {
        Javalin app = Javalin.create(config -> {
                    config.startup.showJavalinBanner = false;
                    config.jetty.host = "127.0.0.1";
                    config.jetty.port = 0;
                    ErrorResponses.install(config.routes);
                    config.routes.get("/gone", ctx -> {
                        throw new IOException(new EofException("reset by peer"));
                    });
                    config.routes.get("/bug", ctx -> {
                        throw new IllegalStateException("a bug");
                    });
                })
                .start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + app.port());

            ServerLog.Captured<HttpResponse<String>> gone = ServerLog.capture(() -> http.send(
                    HttpRequest.newBuilder(base.resolve("/gone")).build(), HttpResponse.BodyHandlers.ofString()));
            ServerLog.Captured<HttpResponse<String>> bug = ServerLog.capture(() -> http.send(
                    HttpRequest.newBuilder(base.resolve("/bug")).build(), HttpResponse.BodyHandlers.ofString()));

            assertThat(gone.log()).isEmpty();
            assertThat(gone.value().statusCode()).isEqualTo(ErrorResponses.CLIENT_CLOSED_REQUEST);
            assertThat(bug.value().statusCode()).isEqualTo(500);
            ServerLog.assertUnexpectedFailureLogged(
                    bug.log(), bug.value().body().replaceAll(".*\"errorId\":\"([^\"]+)\".*", "$1"), "a bug");
        } finally {
            app.stop();
        }
    }

    @Test
    void onlyJettysEofMeansTheClientIsGone() {
        assertThat(ErrorResponses.clientGone(new IOException(new EofException())))
                .isTrue();
        assertThat(ErrorResponses.clientGone(new EofException())).isTrue();
        assertThat(ErrorResponses.clientGone(new java.io.EOFException("a file ended early")))
                .isFalse();
        assertThat(ErrorResponses.clientGone(new IllegalStateException("a bug")))
                .isFalse();
    }
}
