package io.voiceload.architecture.planted.load;

import org.junit.jupiter.api.Assertions;

/** An engine that knows JUnit: breaks "the engine knows no JUnit". */
public final class Engine {
    public static void run() {
        Assertions.assertTrue(true);
    }
}
