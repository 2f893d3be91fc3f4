package io.voiceload.voice;

import io.voiceload.load.HttpStatusFailure;

/**
 * The server answered the upgrade request with an HTTP status instead of switching to WebSocket (404: no
 * such call, 409: the call has ended, 400: bad sample rate, 401/403: credentials, 429: too many streams).
 * Counted in a load test's errors as {@code HTTP <status>}.
 */
public final class VoiceStreamRefusedException extends VoiceStreamException implements HttpStatusFailure {

    private final int statusCode;

    public VoiceStreamRefusedException(String message, int statusCode, Throwable cause) {
        super(message, cause);
        this.statusCode = statusCode;
    }

    @Override
    public int statusCode() {
        return statusCode;
    }
}
