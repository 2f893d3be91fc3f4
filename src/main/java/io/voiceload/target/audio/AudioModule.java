package io.voiceload.target.audio;

import io.javalin.config.JavalinConfig;
import io.voiceload.target.PlatformContext;
import io.voiceload.target.PlatformModule;

/** The platform's audio module (being built: installs nothing yet). */
public final class AudioModule implements PlatformModule {

    public AudioModule(PlatformContext context) {}

    @Override
    public void install(JavalinConfig config) {}
}
