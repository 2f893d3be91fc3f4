package io.voiceload.http;

/** {@link HttpRecordingTest} with {@link Transport#RAW}: the same samples, names and errors inside a load run. */
class RawHttpRecordingTest extends HttpRecordingTest {
    @Override
    Transport transport() {
        return Transport.RAW;
    }
}
