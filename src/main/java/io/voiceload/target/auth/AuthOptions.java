package io.voiceload.target.auth;

/** Options of the platform's auth module. */
public record AuthOptions() {

    public static AuthOptions defaults() {
        return new AuthOptions();
    }
}
