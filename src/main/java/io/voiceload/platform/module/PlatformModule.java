package io.voiceload.platform.module;

import io.javalin.config.JavalinConfig;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One family of the platform's API (auth, calls, audio, voice stream, PMS connector...): it installs
 * its routes, may add readiness checks, and closes what it opened. Every route must declare the roles
 * allowed to call it (the auth module's {@code Role}s); a route without roles is refused at start.
 *
 * <p>A module is built from the {@link PlatformContext} and its own options (and, for tests, its own
 * {@link ModuleFaults}), never from the options of the whole platform: this package knows no module.
 */
public interface PlatformModule extends AutoCloseable {

    /** Adds routes, handlers and settings. Called once, in module order, before the server starts. */
    void install(JavalinConfig config);

    /**
     * Checks that {@code GET /health/ready} runs besides Postgres and Redis, by name; a check fails by
     * throwing. Empty by default.
     */
    default Map<String, Callable<Void>> readinessChecks() {
        return Map.of();
    }

    /**
     * Sections of {@code GET /admin/metrics}, by name: cumulative counters that never reset (an observer
     * subtracts two snapshots). Empty by default.
     */
    default Map<String, Object> metrics() {
        return Map.of();
    }

    /** Releases what the module opened (clients, executors, servers). Nothing by default. */
    @Override
    default void close() {}
}
