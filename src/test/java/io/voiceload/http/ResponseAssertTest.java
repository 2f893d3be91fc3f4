package io.voiceload.http;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each response assertion passes on a matching response and fails with a message that says why. */
class ResponseAssertTest {
    private static Response response(int status, String body) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
        return new Response(
                "GET /calls/{id}", "/calls/42", status, headers, body.getBytes(StandardCharsets.UTF_8), 1_000_000);
    }

    private final Response ok = response(
            200, "{\"id\":42,\"status\":\"ringing\",\"vip\":true,\"note\":null,\"events\":[{\"type\":\"created\"}]}");

    @Test
    void passesOnAMatchingResponse() {
        HttpAssertions.assertThat(ok)
                .hasStatus(200)
                .hasStatusClass(2)
                .hasHeader("content-type")
                .hasHeader("Content-Type", "application/json")
                .hasJsonPath("/id")
                .hasJsonPath("/id", 42)
                .hasJsonPath("/id", 42L)
                .hasJsonPath("/status", "ringing")
                .hasJsonPath("/vip", true)
                .hasJsonPath("/note", null)
                .hasJsonPath("/events/0/type", "created")
                .bodyContains("ringing");
    }

    @Test
    void statusMismatchQuotesBothAndTheBody() {
        assertThatThrownBy(() -> HttpAssertions.assertThat(response(503, "{\"error\":\"db down\"}"))
                        .hasStatus(200))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining(
                        "GET /calls/{id} (/calls/42): expected status 200 but was 503; body: {\"error\":\"db down\"}");
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasStatusClass(4))
                .hasMessageContaining("expected a 4xx status but was 200");
    }

    @Test
    void headerMismatchesAreReported() {
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasHeader("Location"))
                .hasMessageContaining("expected header Location but it is absent");
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasHeader("Content-Type", "text/plain"))
                .hasMessageContaining("expected header Content-Type: text/plain but was application/json");
    }

    @Test
    void jsonMismatchesAreReported() {
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasJsonPath("/missing"))
                .hasMessageContaining("expected JSON /missing to exist");
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasJsonPath("/id", 43))
                .hasMessageContaining("expected JSON /id = 43 but was 42");
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasJsonPath("/id", "42x"))
                .hasMessageContaining("expected JSON /id = 42x");
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasJsonPath("/vip", false))
                .hasMessageContaining("expected JSON /vip = false but was true");
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasJsonPath("/status", null))
                .hasMessageContaining("expected JSON /status = null");
        assertThatThrownBy(() ->
                        HttpAssertions.assertThat(response(200, "not json")).hasJsonPath("/id"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("body is not JSON: not json");
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).hasJsonPath("id"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON Pointer");
    }

    @Test
    void bodyAndNullChecksFail() {
        assertThatThrownBy(() -> HttpAssertions.assertThat(ok).bodyContains("answered"))
                .hasMessageContaining("expected the body to contain \"answered\"");
        assertThatThrownBy(() -> HttpAssertions.assertThat(null).hasStatus(200))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }
}
