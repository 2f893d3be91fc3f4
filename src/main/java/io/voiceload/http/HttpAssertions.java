package io.voiceload.http;

/**
 * Entry point of the response assertions: {@code assertThat(response).hasStatus(201).hasJsonPath("/id")}.
 * Import statically beside AssertJ's {@code Assertions}.
 */
public final class HttpAssertions {
    private HttpAssertions() {}

    /** Assertions on {@code actual}. */
    public static ResponseAssert assertThat(Response actual) {
        return new ResponseAssert(actual);
    }
}
