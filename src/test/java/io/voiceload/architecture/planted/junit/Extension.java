package io.voiceload.architecture.planted.junit;

import io.voiceload.architecture.planted.platform.calls.CallStore;

/** A framework extension that knows the platform: breaks "the framework knows no platform". */
public final class Extension {
    public static int calls() {
        return CallStore.count();
    }
}
