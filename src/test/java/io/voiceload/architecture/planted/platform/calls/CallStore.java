package io.voiceload.architecture.planted.platform.calls;

import io.voiceload.architecture.planted.load.Engine;

/** A platform class that uses the framework directly: breaks "only through the bridge". */
public final class CallStore {
    public static int count() {
        Engine.run();
        return 0;
    }
}
