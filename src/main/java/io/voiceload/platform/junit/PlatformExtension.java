package io.voiceload.platform.junit;

import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.TargetCredentials;
import io.voiceload.config.TargetSettings;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.junit.Preflight;
import io.voiceload.junit.SystemSignals;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Implements {@link WithPlatform}: first the run's {@link Preflight} (once per run: the configuration, and a
 * configured deployment's readiness; when it fails, nothing starts), then resolves {@link PlatformEndpoint},
 * starting the embedded platform once per JVM (closed at the end of the engine run that started it) unless a
 * target base URL is configured ({@code -Dloadtest.target.baseUrl}, {@code LOADTEST_TARGET_BASE_URL} or
 * {@code target.base_url}), with the credentials of {@code target.credentials} in the shared configuration. A
 * restarted infrastructure gets a fresh platform. Before each test it registers the platform's
 * {@link PlatformSignals} with the framework's {@link SystemSignals} seam, so a load test's result holds
 * what the platform saw of the run.
 */
final class PlatformExtension implements BeforeAllCallback, BeforeEachCallback, ParameterResolver {

    static final Namespace NAMESPACE = Namespace.create(PlatformExtension.class);

    private record Key(RunningInfrastructure infrastructure) {}

    private static Shared shared;

    @Override
    public void beforeAll(ExtensionContext context) {
        Preflight.check(context);
        PlatformEndpoint endpoint = endpoint(context);
        context.publishReportEntry(
                "voiceload.platform", endpoint.baseUrl() + (endpoint.embedded() ? " (embedded)" : ""));
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        // At the method level, so that @WithPlatform on a method works as well as on its class.
        Preflight.check(context);
        SystemSignals.register(context, new PlatformSignals(endpoint(context)));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PlatformEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        Preflight.check(extensionContext);
        return endpoint(extensionContext);
    }

    /** The endpoint the test gets: the configured base URL, else the embedded platform (started on first use). */
    static PlatformEndpoint endpoint(ExtensionContext context) {
        LoadTestConfig config = LoadTestConfig.shared();
        TargetCredentials credentials = config.target().credentials();
        TargetSettings target = TargetSettings.resolve(config, Overrides.fromSystem());
        if (!target.isEmbedded()) {
            return new PlatformEndpoint(target.baseUrl().value(), false, credentials);
        }
        return new PlatformEndpoint(shared(context).platform().baseUrl(), true, credentials);
    }

    /**
     * The platform of this JVM. The engine run that starts it (with the shared infrastructure) closes
     * both at its end; a nested engine run (a test that runs fixtures through the JUnit TestKit) finds it
     * running and uses it, so it neither starts a second one nor stops the first.
     */
    private static synchronized EmbeddedPlatform shared(ExtensionContext context) {
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        Shared current = shared;
        if (current != null && current.infrastructure() == infrastructure && infrastructure.isRunning()) {
            return current.platform();
        }
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        // Registered before the platform, so closed after it.
        root.getOrComputeIfAbsent(
                SharedInfrastructureStop.class, k -> new SharedInfrastructureStop(), SharedInfrastructureStop.class);
        Shared started = new Shared(infrastructure, EmbeddedPlatform.start(infrastructure, 0), new AtomicBoolean());
        shared = started;
        root.put(new Key(infrastructure), started);
        // Whoever stops the infrastructure first (a test restarting it, the JVM's exit, another extension's
        // store) stops the platform before it, so its clients never reconnect to servers that are gone.
        infrastructure.closeBeforeStopping(
                "the embedded platform at " + started.platform().platform().baseUrl(), started);
        return started.platform();
    }

    /** The base URL of the platform of this JVM while one runs (for tests of this extension). */
    static synchronized Optional<URI> running() {
        return Optional.ofNullable(shared).map(s -> s.platform().platform().baseUrl());
    }

    /** The platform of this JVM and the infrastructure it runs on; closing it (once) forgets it. */
    private record Shared(RunningInfrastructure infrastructure, EmbeddedPlatform platform, AtomicBoolean closed)
            implements AutoCloseable {
        @Override
        public void close() {
            synchronized (PlatformExtension.class) {
                if (shared == this) {
                    shared = null;
                }
            }
            if (closed.compareAndSet(false, true)) {
                platform.close();
            }
        }
    }

    /** Stops the shared infrastructure when the engine's root store closes (the end of the run). */
    private static final class SharedInfrastructureStop implements AutoCloseable {
        @Override
        public void close() {
            RunningInfrastructure.stopShared();
        }
    }
}
