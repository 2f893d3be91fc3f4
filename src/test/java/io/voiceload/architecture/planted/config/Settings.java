package io.voiceload.architecture.planted.config;

import io.voiceload.architecture.planted.load.Engine;

/** Configuration that uses the engine: breaks the config row ("uses nothing of ours"). */
public final class Settings {
    public static void apply() {
        Engine.run();
    }
}
