package io.voiceload.target.pms;

import io.javalin.config.JavalinConfig;
import io.voiceload.target.PlatformContext;
import io.voiceload.target.PlatformModule;

/** The platform's pms module (being built: installs nothing yet). */
public final class PmsModule implements PlatformModule {

    public PmsModule(PlatformContext context) {}

    @Override
    public void install(JavalinConfig config) {}
}
