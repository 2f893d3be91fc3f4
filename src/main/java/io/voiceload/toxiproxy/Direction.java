package io.voiceload.toxiproxy;

import java.util.Locale;

/** A link's direction: {@code upstream} is client to server, {@code downstream} server to client. */
enum Direction {
    UPSTREAM("upstream"),
    DOWNSTREAM("downstream");

    final String wireName;

    Direction(String wireName) {
        this.wireName = wireName;
    }

    /** Toxiproxy matches the stream case-insensitively (and keeps the string as sent); {@code null} if invalid. */
    static Direction parse(String stream) {
        return switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream" -> UPSTREAM;
            case "downstream" -> DOWNSTREAM;
            default -> null;
        };
    }
}
