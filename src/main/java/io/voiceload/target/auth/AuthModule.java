package io.voiceload.target.auth;

import io.javalin.config.JavalinConfig;
import io.voiceload.target.PlatformContext;
import io.voiceload.target.PlatformModule;

/** The platform's auth module (being built: installs nothing yet). */
public final class AuthModule implements PlatformModule {

    public AuthModule(PlatformContext context) {}

    @Override
    public void install(JavalinConfig config) {}
}
