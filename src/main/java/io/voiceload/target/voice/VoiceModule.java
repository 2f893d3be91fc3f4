package io.voiceload.target.voice;

import io.javalin.config.JavalinConfig;
import io.voiceload.target.PlatformContext;
import io.voiceload.target.PlatformModule;

/** The platform's voice module (being built: installs nothing yet). */
public final class VoiceModule implements PlatformModule {

    public VoiceModule(PlatformContext context) {}

    @Override
    public void install(JavalinConfig config) {}
}
