package io.voiceload.platform.auth;

import io.javalin.config.JavalinConfig;
import io.voiceload.platform.http.Json;
import io.voiceload.platform.module.PlatformContext;
import io.voiceload.platform.module.PlatformModule;
import java.sql.SQLException;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The platform's auth module: password login (bcrypt) issuing short-lived HS256 access tokens and
 * single-use refresh tokens, sessions in Redis, API keys for services, login rate limits, demo users, and
 * deny-by-default role checks on every route (see {@link AccessControl}). Installed first, so that it
 * sees every route the other modules add and its checks run before their handlers.
 *
 * <p>Redis down: every check that needs a session or a login count answers 503 with
 * {@code Retry-After} (fail closed); API keys (Postgres) and {@link Role#ANYONE} routes keep working.
 * Described in {@code docs/api.md, "Authentication and access control"}.
 */
public final class AuthModule implements PlatformModule {

    private final AccessControl accessControl;
    private final AuthRoutes routes;
    private final Passwords passwords;

    /** Seeds the demo users and API keys of {@code options} (schema V3 must be applied). */
    public AuthModule(PlatformContext context, AuthOptions options) {
        this(context, options, AuthFaults.NONE);
    }

    /** As {@link #AuthModule(PlatformContext, AuthOptions)}, with planted bugs (test only). */
    public AuthModule(PlatformContext context, AuthOptions options, AuthFaults faults) {
        Users users = new Users(context.dataSource());
        ApiKeys apiKeys = new ApiKeys(context.dataSource());
        String dummyHash;
        try {
            dummyHash = DemoSeed.run(options, users, apiKeys);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot seed the demo users and API keys", e);
        }
        Sessions sessions = new Sessions(context.redis(), options.sessionTtl(), faults.refreshReuseKeepsSession());
        AccessTokens tokens = new AccessTokens(options, Clock.systemUTC());
        this.accessControl = new AccessControl(tokens, sessions, apiKeys, faults);
        this.passwords = new Passwords(
                options.bcryptCost(),
                dummyHash,
                options.passwordHashThreads(),
                options.passwordHashQueue(),
                options.passwordHashMaxWait());
        this.routes = new AuthRoutes(
                users,
                passwords,
                sessions,
                tokens,
                apiKeys,
                new LoginLimiter(
                        context.redis(),
                        options.loginAttemptsPerUsername(),
                        options.loginAttemptsPerIp(),
                        options.loginWindow()));
    }

    @Override
    public void install(JavalinConfig config) {
        config.routes.exception(AuthRefusal.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", e.getMessage());
            body.put("status", e.status());
            body.put("details", e.details());
            Json.respond(ctx, e.status(), body);
        });
        accessControl.install(config);
        routes.install(config.routes);
    }

    @Override
    public Map<String, Object> metrics() {
        return Map.of("auth", Map.of("loginsRefusedBusy", passwords.refused()));
    }

    @Override
    public void close() {
        passwords.close();
    }
}
