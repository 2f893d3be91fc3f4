package io.voiceload.voice;

/**
 * A voice stream that could not run: the connection or the server's {@code ready} event did not come in
 * time, the server closed before it was ready, or the streaming thread was interrupted. A refused upgrade
 * is the subclass {@link VoiceStreamRefusedException}.
 */
public class VoiceStreamException extends RuntimeException {

    public VoiceStreamException(String message) {
        super(message);
    }

    public VoiceStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}
