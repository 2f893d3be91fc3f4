package io.voiceload.http;

/** {@link HttpClientTest} with {@link Transport#RAW}: the same API, statuses, timeouts and failures. */
class RawHttpClientTest extends HttpClientTest {
    @Override
    Transport transport() {
        return Transport.RAW;
    }
}
