package io.voiceload.faults;

/** Which way a fault acts on a proxied connection. */
public enum Direction {
    /** Client to server (what the system under test sends to its dependency). */
    UPSTREAM,
    /** Server to client (the dependency's answers). */
    DOWNSTREAM,
    /** Both ways. */
    BOTH
}
