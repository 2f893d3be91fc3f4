package io.voiceload.architecture.planted.toxiproxy;

import io.voiceload.architecture.planted.config.Settings;

/** A Toxiproxy server that reads our configuration: breaks "toxiproxy knows nothing of ours". */
public final class Server {
    public static void start() {
        Settings.apply();
    }
}
