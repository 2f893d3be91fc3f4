package io.voiceload.http;

/** {@link HttpCloseTest} with {@link Transport#RAW}: closing leaves no socket ESTABLISHED. */
class RawHttpCloseTest extends HttpCloseTest {
    @Override
    Transport transport() {
        return Transport.RAW;
    }
}
