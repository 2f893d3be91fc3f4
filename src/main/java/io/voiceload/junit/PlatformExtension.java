package io.voiceload.junit;

import io.voiceload.config.LoadTestConfig;
import io.voiceload.config.Overrides;
import io.voiceload.config.Sourced;
import io.voiceload.config.TargetCredentials;
import io.voiceload.infra.RunningInfrastructure;
import io.voiceload.target.Main;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Implements {@link WithPlatform}: resolves {@link PlatformEndpoint}, starting the embedded platform in
 * the root store (closed at the end of the run) unless {@code loadtest.target.baseUrl} is set, with the
 * credentials of {@code target.credentials} in the shared configuration. The
 * platform is keyed by the running infrastructure, so a restarted infrastructure (after a nested engine
 * run stopped it) gets a fresh platform.
 */
final class PlatformExtension implements BeforeAllCallback, ParameterResolver {

    static final Namespace NAMESPACE = Namespace.create(PlatformExtension.class);

    private record Key(RunningInfrastructure infrastructure) {}

    @Override
    public void beforeAll(ExtensionContext context) {
        PlatformEndpoint endpoint = endpoint(context);
        context.publishReportEntry(
                "voiceload.platform", endpoint.baseUrl() + (endpoint.embedded() ? " (embedded)" : ""));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == PlatformEndpoint.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return endpoint(extensionContext);
    }

    private static PlatformEndpoint endpoint(ExtensionContext context) {
        TargetCredentials credentials = LoadTestConfig.shared().target().credentials();
        Optional<URI> external = Overrides.fromSystem().targetBaseUrl().map(Sourced::value);
        if (external.isPresent()) {
            return new PlatformEndpoint(external.get(), false, credentials);
        }
        RunningInfrastructure infrastructure = RunningInfrastructure.shared();
        ExtensionContext.Store root = context.getRoot().getStore(NAMESPACE);
        // Registered before the platform, so closed after it.
        root.getOrComputeIfAbsent(
                SharedInfrastructureStop.class, k -> new SharedInfrastructureStop(), SharedInfrastructureStop.class);
        Main.Embedded platform = root.getOrComputeIfAbsent(
                new Key(infrastructure), k -> Main.Embedded.start(infrastructure, 0), Main.Embedded.class);
        return new PlatformEndpoint(platform.platform().baseUrl(), true, credentials);
    }

    /** Stops the shared infrastructure when the engine's root store closes (the end of the run). */
    private static final class SharedInfrastructureStop implements AutoCloseable {
        @Override
        public void close() {
            RunningInfrastructure.stopShared();
        }
    }
}
